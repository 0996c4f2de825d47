import { collectorContract } from "./collector-contract";
import { inProcessTier } from "../helpers/inprocess-tier";

describe("collector contract: in-process ssh2 tier", () => collectorContract(inProcessTier));

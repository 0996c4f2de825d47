import { collectorContract } from "./collector-contract";
import { sshdTier } from "../helpers/sshd-tier";

describe("collector contract: Debian sshd tier", () => collectorContract(sshdTier));

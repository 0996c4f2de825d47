// The collector contract on hosts that run iisguard's real bootstrap and collection script under
// PowerShell (pwsh 7.6.9) behind Debian's sshd, with only the Windows layer played by stand-ins
// reading each host's Windows state (applicationHost.config, web.config files, ACLs, accounts).
// The first contract test is the proof that both tiers give the same facts for the same host: the
// in-process tier answers with the document emulator/host-facts.ts computes, this one with what
// the script read.
import { collectorContract } from "./collector-contract";
import { sshdTier } from "../helpers/sshd-tier";

jest.setTimeout(180_000);
describe("collector contract: Debian sshd tier running the real script under pwsh", () =>
  collectorContract(() => sshdTier({ realPowerShell: true })));

// The real-sshd tier for the collector contract.
import { hostFacts } from "../../emulator/host-facts";
import { startSshdFleet, type SshdFleet } from "../../emulator/sshd";
import { keyPair } from "../../emulator/keys";
import * as fs from "fs";
import { SshCollector } from "../../remote/collector";
import { collectorOptions } from "../../cli/ssh-config";
import type { Tier } from "../remote/collector-contract";

const SERVERS = ["web01", "web02", "web03"];

/** `realPowerShell`: the hosts run the real bootstrap and collection script under pwsh, the Windows layer played by stand-ins. */
export async function sshdTier(opts: { realPowerShell?: boolean } = {}): Promise<Tier> {
  const fleet: SshdFleet = await startSshdFleet(
    SERVERS.map((server) => ({ server })),
    { realPowerShell: opts.realPowerShell },
  );
  const options = (knownHosts = fleet.knownHostsFile) =>
    collectorOptions({
      user: fleet.user,
      identity: fleet.identityFile,
      agent: false,
      knownHosts,
      acceptNewHostKeys: false,
      connectTimeout: 5000,
      commandTimeout: opts.realPowerShell ? 60_000 : 10_000, // pwsh starts in seconds on a loaded two-core machine
      hostTimeout: opts.realPowerShell ? 90_000 : 15_000,
      maxOutputBytes: 4 * 1024 * 1024,
    });
  const other = keyPair();
  const variants = (kind: "mismatch" | "revoked" | "empty"): string => {
    const file = `${fleet.knownHostsFile}.${kind}`;
    const text = fs.readFileSync(fleet.knownHostsFile, "utf8");
    const key = text.split("\n")[0].split(" ").slice(1).join(" ");
    fs.writeFileSync(file, kind === "empty" ? "" : kind === "revoked" ? `${text}@revoked * ${key}\n` : text.replaceAll(key, other.public));
    return file;
  };
  return {
    name: opts.realPowerShell ? "Debian sshd + real PowerShell" : "Debian sshd + ForceCommand",
    async host(facts) {
      // The sshd fleet was started with the fixture facts of each name: pick the host by name.
      const server = String((facts.computer as { name: string }).name).toLowerCase();
      const h = fleet.hosts.find((x) => x.server === server)!;
      expect(facts).toEqual(hostFacts(server));
      return { target: { server, address: "127.0.0.1", port: h.port }, received: () => fleet.received(h.port) };
    },
    collector: () => new SshCollector(options()),
    collectorWithKnownHosts: (kind) => new SshCollector(options(variants(kind))),
    teardown: () => fleet.close(),
  };
}

// The in-process tier: each emulated host is an ssh2 server on its own loopback port.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { keyPair, knownHostsLine, type KeyPair } from "../../emulator/keys";
import { startEmulatedHost, type EmulatedHost, type Fault } from "../../emulator/ssh-host";
import { SshCollector, type SshCollectorOptions } from "../../remote/collector";
import { parseKnownHosts } from "../../remote/known-hosts";
import type { Tier } from "../remote/collector-contract";

export const CLIENT_KEY: KeyPair = keyPair();

export interface InProcessFleet {
  hosts: EmulatedHost[];
  knownHostsText: string;
  knownHostsFile: string;
  hostKeys: KeyPair[];
}

export function collectorOptions(knownHostsText: string, file: string, overrides: Partial<SshCollectorOptions> = {}): SshCollectorOptions {
  return {
    credentials: { privateKey: CLIENT_KEY.parsedPrivate },
    knownHosts: parseKnownHosts(knownHostsText, file),
    connectTimeoutMs: 5000,
    keepaliveIntervalMs: 10_000,
    maxChannels: 4,
    defaultUsername: "iisguard",
    limits: { timeoutMs: 5000, maxOutputBytes: 4 * 1024 * 1024 },
    hostTimeoutMs: 10_000,
    ...overrides,
  };
}

export async function inProcessTier(): Promise<
  Tier & {
    startHost(facts: Record<string, unknown>, fault?: Fault): Promise<EmulatedHost>;
    options: (o?: Partial<SshCollectorOptions>) => SshCollectorOptions;
  }
> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-tier-"));
  const hostKey = keyPair();
  const otherKey = keyPair();
  const hosts: EmulatedHost[] = [];
  const knownLines: string[] = [];
  const byPort = new Map<number, unknown[]>();
  const startHost = async (facts: Record<string, unknown>, fault?: Fault) => {
    const received: unknown[] = [];
    const h = await startEmulatedHost({
      facts,
      hostKey: hostKey.private,
      authorizedKeys: [CLIENT_KEY.parsedPublic],
      fault,
      noise: true,
      onParams: (_s, p) => received.push(p),
    });
    hosts.push(h);
    byPort.set(h.port, received);
    knownLines.push(knownHostsLine(h.port, hostKey));
    return h;
  };
  const file = path.join(dir, "known_hosts");
  const options = (o: Partial<SshCollectorOptions> = {}) => collectorOptions(knownLines.join("\n"), file, o);
  return {
    name: "in-process ssh2 server",
    startHost,
    options,
    async host(facts) {
      const h = await startHost(facts);
      return {
        target: { server: String(facts.computerName).toLowerCase(), address: "127.0.0.1", port: h.port },
        received: () => byPort.get(h.port)!,
      };
    },
    collector: () => new SshCollector(options()),
    collectorWithKnownHosts(kind) {
      const lines =
        kind === "empty"
          ? []
          : kind === "revoked"
            ? [...knownLines, `@revoked * ${hostKey.public}`]
            : knownLines.map((l) => l.replace(hostKey.public.split(" ")[1], otherKey.public.split(" ")[1]));
      return new SshCollector(collectorOptions(lines.join("\n"), file));
    },
    async teardown() {
      await Promise.all(hosts.map((h) => h.close()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

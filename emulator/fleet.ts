// A fleet of emulated Windows hosts on loopback, with everything a scan needs on disk: the
// client's private key, a known_hosts file holding each host's key, and a YAML inventory.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeInventory } from "./inventory-file";
import { hostFacts, type HostVariant } from "./host-facts";
import type { WindowsHost } from "./windows-host";
import { keyPair, knownHostsLine, type KeyPair } from "./keys";
import { startEmulatedHost, type EmulatedHost, type Fault } from "./ssh-host";

export interface EmulatedServer {
  server: string;
  variant?: HostVariant;
  /** The Windows state real PowerShell reads on the sshd tier (default: the variant's); ignored in process. */
  windows?: WindowsHost;
  /** Extra files of that state, by path inside the fixture ("files/C/inetpub/wwwroot/web.config"). */
  windowsFiles?: Record<string, string>;
  fault?: Fault;
  /** Serve a host key other than the one known_hosts lists for it (a man in the middle, or a rebuilt host). */
  wrongHostKey?: boolean;
}

export interface EmulatedFleet {
  dir: string;
  inventoryFile: string;
  identityFile: string;
  knownHostsFile: string;
  clientKey: KeyPair;
  hosts: (EmulatedHost & EmulatedServer)[];
  /** Parameters each host received, by server. */
  received: Map<string, unknown[]>;
  close(): Promise<void>;
}

export async function startEmulatedFleet(
  servers: EmulatedServer[],
  opts: { stackExport?: string; dir?: string } = {},
): Promise<EmulatedFleet> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-fleet-"));
  const clientKey = keyPair();
  const hostKey = keyPair(); // one key for all: generating thousands of keys would dominate start-up
  const impostorKey = keyPair();
  const received = new Map<string, unknown[]>();
  const hosts: EmulatedFleet["hosts"] = [];
  for (const s of servers) {
    const got: unknown[] = [];
    received.set(s.server, got);
    const h = await startEmulatedHost({
      facts: hostFacts(s.server, s.variant),
      hostKey: s.wrongHostKey ? impostorKey.private : hostKey.private,
      authorizedKeys: [clientKey.parsedPublic],
      fault: s.fault,
      noise: true,
      onParams: (_script, params) => got.push(params),
    });
    hosts.push(Object.assign(h, s));
  }
  const identityFile = path.join(dir, "id_ed25519");
  fs.writeFileSync(identityFile, clientKey.private, { mode: 0o600 });
  const knownHostsFile = path.join(dir, "known_hosts");
  fs.writeFileSync(knownHostsFile, `${hosts.map((h) => knownHostsLine(h.port, hostKey)).join("\n")}\n`);
  const inventoryFile = path.join(dir, "inventory.yaml");
  writeInventory(inventoryFile, hosts, "iisguard", opts.stackExport);
  return {
    dir,
    inventoryFile,
    identityFile,
    knownHostsFile,
    clientKey,
    hosts,
    received,
    close: async () => {
      await Promise.all(hosts.map((h) => h.close()));
    },
  };
}

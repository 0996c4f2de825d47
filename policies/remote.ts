// Remote checks at preview: for servers that already exist, collect what is deployed (one
// collection per host per preview, however many sites it hosts) and run the same rules on it.
// Switched on through the `iisguard-remote` policy's config. A server whose name is unknown during
// preview is being created: nothing is deployed there yet. A server that cannot be read is an
// advisory diagnostic (under `iisguard-incomplete`); the preview never fails because of a server.
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { Fleet } from "../core/model";
import type { ScanReport } from "../core/report/scan-report";
import { SSH_DEFAULTS } from "../remote/ssh-defaults";
import { nameKey } from "../core/names";

export const REMOTE_POLICY = "iisguard-remote";

export interface RemoteConfig {
  enabled: boolean;
  user: string;
  /** Private key file; an encrypted key's passphrase comes from IISGUARD_KEY_PASSPHRASE. */
  identity?: string;
  agent: boolean;
  knownHosts?: string;
  acceptNewHostKeys: boolean;
  concurrency: number;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  hostTimeoutMs: number;
  /** Where to reach a server when its name is not its address: { web01: { address, port, username } }. */
  hosts: Record<string, { address?: string; port?: number; username?: string }>;
}

export const remoteConfigSchema: PolicyConfigSchema = {
  properties: {
    enabled: { type: "boolean", default: false, description: "Collect from servers that already exist and judge what is deployed." },
    user: { type: "string", default: SSH_DEFAULTS.user, minLength: 1 },
    identity: { type: "string", minLength: 1, description: "Private key file (passphrase from IISGUARD_KEY_PASSPHRASE)." },
    agent: { type: "boolean", default: false, description: "Authenticate with the SSH agent at SSH_AUTH_SOCK." },
    knownHosts: { type: "string", minLength: 1, description: "OpenSSH known_hosts; default ~/.ssh/known_hosts." },
    acceptNewHostKeys: { type: "boolean", default: false },
    concurrency: { type: "integer", minimum: 1, maximum: 1024, default: 16 },
    // Node timers take at most 2^31 - 1 ms (a larger value fires at once).
    connectTimeoutMs: { type: "integer", minimum: 100, maximum: 2 ** 31 - 1, default: SSH_DEFAULTS.connectTimeoutMs },
    commandTimeoutMs: { type: "integer", minimum: 100, maximum: 2 ** 31 - 1, default: SSH_DEFAULTS.commandTimeoutMs },
    hostTimeoutMs: { type: "integer", minimum: 100, maximum: 2 ** 31 - 1, default: SSH_DEFAULTS.hostTimeoutMs },
    hosts: {
      type: "object",
      default: {},
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        properties: {
          address: { type: "string", minLength: 1 },
          port: { type: "integer", minimum: 1, maximum: 65535 },
          username: { type: "string", minLength: 1 },
        },
      },
    },
  },
};

/** The schema's default for a property: one set of defaults, in the schema the pack declares. */
function schemaDefault<T>(key: keyof RemoteConfig): T {
  return (remoteConfigSchema.properties[key] as { default: T }).default;
}

export function remoteConfig(raw: Record<string, unknown>): RemoteConfig {
  const pick = <T>(key: keyof RemoteConfig, type: string): T => (typeof raw[key] === type ? (raw[key] as T) : schemaDefault<T>(key));
  return {
    enabled: raw.enabled === true,
    user: pick("user", "string"),
    ...(typeof raw.identity === "string" ? { identity: raw.identity } : {}),
    agent: raw.agent === true,
    ...(typeof raw.knownHosts === "string" ? { knownHosts: raw.knownHosts } : {}),
    acceptNewHostKeys: raw.acceptNewHostKeys === true,
    concurrency: pick("concurrency", "number"),
    connectTimeoutMs: pick("connectTimeoutMs", "number"),
    commandTimeoutMs: pick("commandTimeoutMs", "number"),
    hostTimeoutMs: pick("hostTimeoutMs", "number"),
    hosts: (raw.hosts ?? {}) as RemoteConfig["hosts"],
  };
}

/** Servers whose names are known during this preview, and the sites/hosts whose server is not. */
export function knownServers(fleet: Fleet): { servers: string[]; unknown: string[] } {
  const servers = new Map<string, string>();
  const unknown: string[] = [];
  for (const x of [...fleet.sites, ...fleet.hosts]) {
    if (x.unknown.includes("server")) unknown.push(x.resource);
    else servers.set(nameKey(x.server), x.server);
  }
  return { servers: [...servers.values()], unknown };
}

/**
 * The collection of this AnalyzeStack, shared by iisguard-remote (which starts it) and
 * iisguard-incomplete (which reports unreachable hosts): the pack runs stack policies one after
 * another in declaration order, so the second finds the first's collection under the same key.
 */
let pending: { key: string; report: Promise<ScanReport> } | undefined;

export function collectOnce(key: string, collect: () => Promise<ScanReport>): Promise<ScanReport> {
  if (pending?.key !== key) pending = { key, report: collect() };
  return pending.report;
}

/** The collection started for `key` in this AnalyzeStack, if any; consumed by the reader. */
export function takeCollection(key: string): Promise<ScanReport> | undefined {
  const found = pending?.key === key ? pending.report : undefined;
  pending = undefined;
  return found;
}

export async function collectDeployed(fleet: Fleet, servers: string[], config: RemoteConfig): Promise<ScanReport> {
  // Loaded only when remote checks are on: a preview without them never loads ssh2. require(), not
  // import(): the pack runs as CommonJS under ts-node, where import() would go to the ESM loader.
  const { SshCollector } = require("../remote/collector") as typeof import("../remote/collector");
  const { scan } = require("../remote/scan") as typeof import("../remote/scan");
  const { sshCollectorOptions } = require("../remote/ssh-options") as typeof import("../remote/ssh-options");
  const collector = new SshCollector(
    sshCollectorOptions({
      user: config.user,
      identity: config.identity,
      agent: config.agent,
      knownHosts: config.knownHosts ?? `${process.env.HOME ?? "~"}/.ssh/known_hosts`,
      acceptNewHostKeys: config.acceptNewHostKeys,
      connectTimeoutMs: config.connectTimeoutMs,
      commandTimeoutMs: config.commandTimeoutMs,
      hostTimeoutMs: config.hostTimeoutMs,
      maxOutputBytes: SSH_DEFAULTS.maxOutputBytes,
    }),
  );
  const targets = servers.map((server) => ({ server, ...(config.hosts[server] ?? {}) }));
  // No log evidence at preview: a preview judges configuration, and reading each site's logs would
  // cost every preview seconds per server for findings (users' expired passwords) it cannot gate on.
  return scan({ targets, declared: fleet }, collector, {
    concurrency: config.concurrency,
    version: "pack",
    logs: { windowHours: 0, byteCap: 0 },
  });
}

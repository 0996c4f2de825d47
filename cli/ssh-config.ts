// Turns scan flags into SSH collector options: the private key is read and decrypted once per run,
// the passphrase comes from the environment and is never printed.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { utils, type ParsedKey } from "ssh2";
import type { SshCollectorOptions } from "../remote/collector";
import { readKnownHosts } from "../remote/known-hosts";
import { UsageError } from "./errors";

export interface SshFlags {
  user: string;
  identity?: string;
  agent: boolean;
  knownHosts: string;
  acceptNewHostKeys: boolean;
  bastion?: string;
  connectTimeout: number;
  commandTimeout: number;
  hostTimeout: number;
  maxOutputBytes: number;
}

export const PASSPHRASE_ENV = "IISGUARD_KEY_PASSPHRASE";

export function defaultKnownHosts(): string {
  return path.join(os.homedir(), ".ssh", "known_hosts");
}

function readKey(file: string): ParsedKey {
  let text: Buffer;
  try {
    text = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`--identity ${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = utils.parseKey(text, process.env[PASSPHRASE_ENV]);
  if (parsed instanceof Error) {
    const encrypted = /encrypted|passphrase|bad decrypt/i.test(parsed.message);
    throw new UsageError(
      encrypted
        ? `--identity ${file}: the key is encrypted and ${PASSPHRASE_ENV} ${process.env[PASSPHRASE_ENV] === undefined ? "is not set" : "does not decrypt it"}`
        : `--identity ${file}: not a private key ssh2 can read`,
    );
  }
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

function endpoint(spec: string, user: string): { host: string; port: number; username: string } {
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec);
  if (!m) throw new UsageError(`--bastion ${JSON.stringify(spec)}: expected [user@]host[:port]`);
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535) throw new UsageError(`--bastion ${JSON.stringify(spec)}: port ${port} is out of range`);
  return { username: m[1] ?? user, host: m[2].replace(/^\[|\]$/g, ""), port };
}

export function collectorOptions(flags: SshFlags): SshCollectorOptions {
  const privateKey = flags.identity ? readKey(flags.identity) : undefined;
  const agent = flags.agent ? process.env.SSH_AUTH_SOCK : undefined;
  if (flags.agent && !agent) throw new UsageError("--agent: SSH_AUTH_SOCK is not set");
  if (!privateKey && !agent) throw new UsageError("no credentials: pass --identity <private key> or --agent");
  return {
    credentials: { ...(privateKey ? { privateKey } : {}), ...(agent ? { agent } : {}) },
    knownHosts: readKnownHosts(flags.knownHosts),
    acceptNewHostKeys: flags.acceptNewHostKeys,
    connectTimeoutMs: flags.connectTimeout,
    keepaliveIntervalMs: 15_000,
    maxChannels: 4,
    ...(flags.bastion ? { bastion: endpoint(flags.bastion, flags.user) } : {}),
    defaultUsername: flags.user,
    limits: { timeoutMs: flags.commandTimeout, maxOutputBytes: flags.maxOutputBytes },
    hostTimeoutMs: flags.hostTimeout,
  };
}

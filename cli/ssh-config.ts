// Turns scan flags into SSH collector options: the private key is read and decrypted once per run,
// the passphrase comes from the environment and is never printed.
import * as os from "os";
import * as path from "path";
import type { SshCollectorOptions } from "../remote/collector";
import { CredentialError, PASSPHRASE_ENV } from "../remote/credentials";
import { KnownHostsError } from "../remote/known-hosts";
import { sshCollectorOptions } from "../remote/ssh-options";
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

export { PASSPHRASE_ENV };

export function defaultKnownHosts(): string {
  return path.join(os.homedir(), ".ssh", "known_hosts");
}

function endpoint(spec: string, user: string): { host: string; port: number; username: string } {
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec);
  if (!m) throw new UsageError(`--bastion ${JSON.stringify(spec)}: expected [user@]host[:port]`);
  const port = m[3] ? Number(m[3]) : 22;
  if (port < 1 || port > 65535) throw new UsageError(`--bastion ${JSON.stringify(spec)}: port ${port} is out of range`);
  return { username: m[1] ?? user, host: m[2].replace(/^\[|\]$/g, ""), port };
}

export function collectorOptions(flags: SshFlags): SshCollectorOptions {
  try {
    return sshCollectorOptions({
      user: flags.user,
      identity: flags.identity,
      agent: flags.agent,
      knownHosts: flags.knownHosts,
      acceptNewHostKeys: flags.acceptNewHostKeys,
      ...(flags.bastion ? { bastion: endpoint(flags.bastion, flags.user) } : {}),
      connectTimeoutMs: flags.connectTimeout,
      commandTimeoutMs: flags.commandTimeout,
      hostTimeoutMs: flags.hostTimeout,
      maxOutputBytes: flags.maxOutputBytes,
    });
  } catch (e) {
    if (e instanceof CredentialError)
      throw new UsageError(
        flags.identity && e.message.startsWith(flags.identity) ? `--identity ${e.message}` : `${e.message} (--identity <key> or --agent)`,
      );
    // An unreadable file (permission, a directory) is the user's input: exit 2 naming it, not 70.
    if (e instanceof KnownHostsError) throw new UsageError(`--known-hosts ${e.message}`);
    throw e;
  }
}

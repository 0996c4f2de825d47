// The one place SSH collector options are built, for the CLI, the pack's remote checks and the
// emulated fleets alike: the same defaults (the pack's config schema takes them from here), the
// key read and decrypted once, known_hosts read once. Errors are typed (CredentialError,
// KnownHostsError) for each caller to report in its own terms.
import type { SshCollectorOptions } from "./collector";
import { credentialsFrom } from "./credentials";
import { readKnownHosts } from "./known-hosts";
import { SSH_DEFAULTS } from "./ssh-defaults";

export { SSH_DEFAULTS };

export interface SshSettings {
  user: string;
  /** Private key file; an encrypted key's passphrase comes from IISGUARD_KEY_PASSPHRASE. */
  identity?: string;
  agent: boolean;
  knownHosts: string;
  acceptNewHostKeys: boolean;
  bastion?: { host: string; port: number; username: string };
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  hostTimeoutMs: number;
  maxOutputBytes: number;
}

export function sshCollectorOptions(s: SshSettings): SshCollectorOptions {
  return {
    credentials: credentialsFrom({ identity: s.identity, agent: s.agent }),
    knownHosts: readKnownHosts(s.knownHosts),
    acceptNewHostKeys: s.acceptNewHostKeys,
    connectTimeoutMs: s.connectTimeoutMs,
    keepaliveIntervalMs: SSH_DEFAULTS.keepaliveIntervalMs,
    maxChannels: SSH_DEFAULTS.maxChannels,
    ...(s.bastion ? { bastion: s.bastion } : {}),
    defaultUsername: s.user,
    limits: { timeoutMs: s.commandTimeoutMs, maxOutputBytes: s.maxOutputBytes },
    hostTimeoutMs: s.hostTimeoutMs,
  };
}

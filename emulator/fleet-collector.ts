// A collector that trusts an emulated fleet: its client key and known_hosts, short timeouts.
import { SshCollector } from "../remote/collector";
import { sshCollectorOptions, SSH_DEFAULTS } from "../remote/ssh-options";

export interface FleetFiles {
  identityFile: string;
  knownHostsFile: string;
}

export function fleetCollector(
  fleet: FleetFiles,
  t: { connectTimeout?: number; commandTimeout?: number; hostTimeout?: number; user?: string; maxOutputBytes?: number } = {},
): SshCollector {
  return new SshCollector(
    sshCollectorOptions({
      user: t.user ?? SSH_DEFAULTS.user,
      identity: fleet.identityFile,
      agent: false,
      knownHosts: fleet.knownHostsFile,
      acceptNewHostKeys: false,
      connectTimeoutMs: t.connectTimeout ?? 5000,
      commandTimeoutMs: t.commandTimeout ?? 5000,
      hostTimeoutMs: t.hostTimeout ?? 10_000,
      maxOutputBytes: t.maxOutputBytes ?? SSH_DEFAULTS.maxOutputBytes,
    }),
  );
}

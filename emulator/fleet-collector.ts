// A collector that trusts an emulated fleet: its client key and known_hosts, short timeouts.
import { collectorOptions } from "../cli/ssh-config";
import { SshCollector } from "../remote/collector";

export interface FleetFiles {
  identityFile: string;
  knownHostsFile: string;
}

export function fleetCollector(fleet: FleetFiles, t: { connectTimeout?: number; commandTimeout?: number; hostTimeout?: number; user?: string } = {}): SshCollector {
  return new SshCollector(
    collectorOptions({
      user: t.user ?? "iisguard",
      identity: fleet.identityFile,
      agent: false,
      knownHosts: fleet.knownHostsFile,
      acceptNewHostKeys: false,
      connectTimeout: t.connectTimeout ?? 5000,
      commandTimeout: t.commandTimeout ?? 5000,
      hostTimeout: t.hostTimeout ?? 10_000,
      maxOutputBytes: 16 * 1024 * 1024,
    }),
  );
}

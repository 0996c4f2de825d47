// Remote checks at preview: 500 sites on 50 emulated hosts; the hosts count the SSH sessions they
// served, which must be one per host however many sites it carries.
import * as path from "path";
import { PolicyPackProcess } from "../preview/pack-process";
import { startEmulatorFleet } from "./emulator-fleet";
import { median, progress, ROOT, round } from "./measure";
import { serverName, syntheticSites } from "./synthetic-resources";

export interface RemotePreviewResult {
  sites: number;
  hosts: number;
  /** Sessions counted on the server side, per run. */
  sessions: number[];
  analyzeStackMs: number;
  unreachable: number;
}

export async function remotePreview(repeats: number, sites = 500, hosts = 50): Promise<RemotePreviewResult> {
  const sessions: number[] = [];
  const times: number[] = [];
  let unreachable = 0;
  for (let r = 0; r < repeats; r++) {
    const fleet = await startEmulatorFleet(hosts);
    let pack: PolicyPackProcess | undefined;
    try {
      pack = await PolicyPackProcess.start(path.join(ROOT, "policies"), { project: "fleet", stack: "bench", dryRun: true });
      await pack.configure({
        "iisguard-remote": {
          enabled: true,
          user: "iisguard",
          identity: fleet.info.identityFile,
          knownHosts: fleet.info.knownHostsFile,
          concurrency: 16,
          hosts: Object.fromEntries(fleet.info.ports.map((port, i) => [serverName(i), { address: "127.0.0.1", port }])),
        },
      });
      const t0 = performance.now();
      const diagnostics = await pack.analyzeStack(syntheticSites(sites, hosts));
      times.push(performance.now() - t0);
      unreachable = Math.max(unreachable, diagnostics.filter((d) => d.message.startsWith("[UNREACHABLE]")).length);
    } finally {
      await pack?.close();
      sessions.push(await fleet.stop());
    }
  }
  const result = { sites, hosts, sessions, analyzeStackMs: round(median(times), 0), unreachable };
  progress("remote preview", result);
  return result;
}

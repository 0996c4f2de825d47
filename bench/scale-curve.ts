// The scale curve on the in-process tier: one scan of N emulated hosts, its wall time, its CPU per
// host and its peak RSS, beside the ssh2 floor over the same hosts.
import { startEmulatorFleet } from "./emulator-fleet";
import { median, nodeChild, progress, round } from "./measure";

export const SCALE_CONCURRENCY = 64;

export interface ScaleRow {
  hosts: number;
  answered: number;
  wallMs: number;
  cpuMsPerHost: number;
  peakRssMb: number;
  floorWallMs: number;
  floorCpuMsPerHost: number;
}

export async function scaleCurve(sizes: number[], repeats: number): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  for (const n of sizes) {
    const fleet = await startEmulatorFleet(n);
    const args = [fleet.info.inventoryFile, fleet.info.identityFile, fleet.info.knownHostsFile, String(SCALE_CONCURRENCY), "iisguard"];
    const scans = [];
    const floors = [];
    try {
      for (let r = 0; r < repeats; r++) {
        scans.push(nodeChild("scan-child.ts", args));
        floors.push(nodeChild("floor-child.ts", args));
      }
    } finally {
      await fleet.stop();
    }
    rows.push({
      hosts: n,
      answered: Math.min(...scans.map((s) => s.ok)),
      wallMs: round(median(scans.map((s) => s.wallMs)), 0),
      cpuMsPerHost: round(median(scans.map((s) => s.cpuMs!)) / n, 2),
      peakRssMb: round(Math.max(...scans.map((s) => s.maxRssMb!)), 0),
      floorWallMs: round(median(floors.map((s) => s.wallMs)), 0),
      floorCpuMsPerHost: round(median(floors.map((s) => s.cpuMs!)) / n, 2),
    });
    progress(`scale ${n}`, rows[rows.length - 1]);
  }
  return rows;
}

// An emulated fleet with the reference fleet's stack export next to it, and a collector for it.
import * as fs from "fs";
import * as path from "path";
import { startEmulatedFleet, type EmulatedFleet, type EmulatedServer } from "../../emulator/fleet";
import { toStackExport } from "../../preview/stack-export";
import type { SshCollector } from "../../remote/collector";
import { fleetCollector } from "../../emulator/fleet-collector";
import { fleetResources } from "./pack";

export async function referenceStackExport(dir: string): Promise<string> {
  const file = path.join(dir, "stack.json");
  fs.writeFileSync(file, JSON.stringify(toStackExport(await fleetResources("clean", false), "test")));
  return file;
}

export async function scanFleet(servers: EmulatedServer[], dir: string): Promise<EmulatedFleet> {
  return startEmulatedFleet(servers, { stackExport: await referenceStackExport(dir), dir });
}

export function collectorFor(
  fleet: EmulatedFleet,
  overrides: { hostTimeout?: number; commandTimeout?: number; maxOutputBytes?: number } = {},
): SshCollector {
  return fleetCollector(fleet, overrides);
}

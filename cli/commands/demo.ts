// `iisguard demo` (npm start): check the reference fleet twice, clean and broken, so a newcomer
// sees a passing preview and a failing one side by side; then scan an emulated fleet of Windows
// hosts over SSH, as the nightly job would.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulatedFleet, type EmulatedServer } from "../../emulator/fleet";
import { runProgramUnderMocks } from "../../preview/run-program";
import { toStackExport } from "../../preview/stack-export";
import { fleetCollector } from "../../emulator/fleet-collector";
import { check, type CheckResult } from "./check";
import { scanCommand, type ScanOutcome } from "./scan";

export interface DemoOptions {
  root: string;
  brokenScenario: string;
}

export interface DemoRun {
  scenario: string;
  result: CheckResult;
}

/** The emulated fleet: as declared, drifted, with a denying ACL, and one host that never answers. */
export const DEMO_HOSTS: EmulatedServer[] = [
  { server: "web01" },
  { server: "web02", variant: "anonymous-drift" },
  { server: "web03", variant: "acl-denies-helpdesk" },
  { server: "web04", fault: "hang" },
];

export async function demoChecks(opts: DemoOptions): Promise<DemoRun[]> {
  const runs: DemoRun[] = [];
  for (const scenario of ["clean", opts.brokenScenario]) {
    const result = await check({ programDir: opts.root, packDir: path.join(opts.root, "policies"), stack: "demo", config: { scenario }, preview: true });
    runs.push({ scenario, result });
  }
  return runs;
}

export async function demoScan(root: string): Promise<ScanOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-demo-"));
  const stackExport = path.join(dir, "stack.json");
  const resources = await runProgramUnderMocks(root, { project: "iisguard-fleet", stack: "demo", dryRun: false, config: { scenario: "clean" } });
  fs.writeFileSync(stackExport, JSON.stringify(toStackExport(resources, "demo")));
  const fleet = await startEmulatedFleet(DEMO_HOSTS, { stackExport, dir });
  try {
    return await scanCommand({ inventory: fleet.inventoryFile, concurrency: 8, failOn: "low" }, fleetCollector(fleet, { commandTimeout: 2000, hostTimeout: 5000 }));
  } finally {
    await fleet.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// `iisguard demo` (npm start): check the reference fleet twice, clean and broken, so a newcomer
// sees a passing preview and a failing one side by side; then scan an emulated fleet of Windows
// hosts over SSH, as the nightly job would. It needs the reference fleet and the emulator, which
// exist only in a checkout: cli/main.ts registers it only there, by a computed path, so the
// published package compiles nothing of it.
import type { Command } from "commander";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulatedFleet, type EmulatedServer } from "../../emulator/fleet";
import { runProgramUnderMocks } from "../../preview/run-program";
import { toStackExport } from "../../preview/stack-export";
import { fleetCollector } from "../../emulator/fleet-collector";
import { check, type CheckResult } from "./check";
import { scanCommand, type ScanOutcome } from "./scan";
import { SCENARIOS } from "../../reference-fleet/scenarios";
import { textReport } from "../../core/report/text";
import { formatCheck } from "../format-diagnostics";

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
    const result = await check({
      programDir: opts.root,
      packDir: path.join(opts.root, "policies"),
      stack: "demo",
      config: { scenario },
      preview: true,
    });
    runs.push({ scenario, result });
  }
  return runs;
}

export async function demoScan(root: string): Promise<ScanOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-demo-"));
  const stackExport = path.join(dir, "stack.json");
  const resources = await runProgramUnderMocks(root, {
    project: "iisguard-fleet",
    stack: "demo",
    dryRun: false,
    config: { scenario: "clean" },
  });
  fs.writeFileSync(stackExport, JSON.stringify(toStackExport(resources, "demo")));
  const fleet = await startEmulatedFleet(DEMO_HOSTS, { stackExport, dir });
  try {
    return await scanCommand(
      { inventory: fleet.inventoryFile, concurrency: 8, failOn: "low" },
      fleetCollector(fleet, { commandTimeout: 2000, hostTimeout: 5000 }),
    );
  } finally {
    await fleet.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function registerDemoCommand(program: Command, root: string, setExitCode: (code: number) => void): void {
  program
    .command("demo")
    .description("check the embedded reference fleet clean and broken, then scan an emulated fleet over SSH")
    .option("--scenario <name>", `broken scenario to show (${SCENARIOS.map((s) => s.name).join(", ")})`, "anonymous-served")
    .action(async (o) => {
      process.stdout.write("== 1. Preview gate: the reference fleet through the policy pack ==\n\n");
      const runs = await demoChecks({ root, brokenScenario: o.scenario });
      for (const run of runs) process.stdout.write(`${formatCheck(run.result, `scenario '${run.scenario}'`)}\n\n`);
      const [clean, broken] = runs;
      const gateOk = clean.result.mandatory === 0 && broken.result.mandatory > 0;
      process.stdout.write(
        gateOk ? "The clean fleet passes; the broken one would fail `pulumi preview`.\n\n" : "Unexpected: see the diagnostics above.\n\n",
      );
      process.stdout.write("== 2. Nightly scan: four emulated Windows hosts over SSH, against the stack ==\n\n");
      const scanned = await demoScan(root);
      process.stdout.write(textReport(scanned.report));
      const findings = scanned.report.findings;
      // The planted logs (emulator/site-logs.ts): web03's 401.3s beside its ACL prediction, and an expired password no rule predicts.
      const aclObserved = findings.some(
        (f) => f.ruleId === "content-acl-grants-read" && f.evidence && "observed" in f.evidence && f.evidence.observed > 0,
      );
      const expired = findings.some((f) => f.ruleId === "unexplained-401s" && f.data?.win32 === 1330);
      const scanOk = scanned.exitCode === 1 && scanned.report.hosts.length === 4 && aclObserved && expired;
      process.stdout.write(
        scanOk
          ? "\nweb01 is as declared; web02 drifted, web03's ACL refuses the help desk, web04 never answered: all reported.\n" +
              "The servers' logs agree: web03's 401.3s are counted beside the prediction, and an expired password's 401.1 × 1330 on /PM/helpdesk, which no rule predicts, is an unexplained-401s finding.\n"
          : "\nUnexpected: see the report above.\n",
      );
      setExitCode(gateOk && scanOk ? 0 : 1);
    });
}

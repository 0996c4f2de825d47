// `iisguard demo` (npm start): the reference fleet through the pack, then a scan of emulated hosts.
// It needs the reference fleet (index.ts, reference-fleet/) and the emulator, which exist only in a checkout:
// cli/main.ts registers this command only there, and the published package compiles nothing of it.
import type { Command } from "commander";
import { SCENARIOS } from "../reference-fleet/scenarios";
import { textReport } from "../core/report/text";
import { demoChecks, demoScan } from "./commands/demo";
import { formatCheck } from "./format-diagnostics";

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
      process.stdout.write(gateOk ? "The clean fleet passes; the broken one would fail `pulumi preview`.\n\n" : "Unexpected: see the diagnostics above.\n\n");
      process.stdout.write("== 2. Nightly scan: four emulated Windows hosts over SSH, against the stack ==\n\n");
      const scanned = await demoScan(root);
      process.stdout.write(textReport(scanned.report));
      const findings = scanned.report.findings;
      // The planted logs (emulator/site-logs.ts): web03's 401.3s beside its ACL prediction, and an expired password no rule predicts.
      const aclObserved = findings.some((f) => f.ruleId === "content-acl-grants-read" && f.evidence && "observed" in f.evidence && f.evidence.observed > 0);
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

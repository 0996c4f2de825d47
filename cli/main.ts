// The `iisguard` command line. Commands are plain async functions; only this entry turns their
// results and errors into output and exit codes:
//   0 clean · 1 mandatory violations · 2 usage error or invalid input
import { Command, InvalidArgumentError } from "commander";
import * as path from "path";
import { RULES } from "../core/rules";
import { rulesMarkdown } from "../core/report/rules-markdown";
import { SCENARIOS } from "../fleet/scenarios";
import { check } from "./commands/check";
import { demoChecks, demoScan } from "./commands/demo";
import { escapeLines, jsonText } from "../core/report/escape";
import { textReport } from "../core/report/text";
import { UsageError } from "./errors";
import { formatCheck } from "./format-diagnostics";
import { registerScanCommands } from "./scan-cli";

const ROOT = path.resolve(__dirname, "..");

function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got ${JSON.stringify(value)}`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name("iisguard")
    .description("Find the IIS configuration that makes users see HTTP 401, before preview and after deployment.")
    .showHelpAfterError()
    .exitOverride();

  program
    .command("check")
    .description("run a Pulumi program offline under mocks and send its resources through the iisguard policy pack")
    .argument("[program]", "directory of the Pulumi program", ".")
    .option("--policy-pack <dir>", "policy pack directory", path.join(ROOT, "policies"))
    .option("--policy-pack-config <file>", "JSON config as for `pulumi preview --policy-pack-config`")
    .option("--waivers <file>", "YAML or JSON list of {rule, target, reason, expires?}")
    .option("-s, --stack <name>", "stack name", "dev")
    .option("-c, --config <key=value>", "stack config value (repeatable)", keyValue, {})
    .option("--no-preview", "run as an update: computed outputs are known")
    .option("--format <format>", "text or json", "text")
    .action(async (programDir: string, o) => {
      const result = await check({
        programDir: path.resolve(programDir),
        packDir: path.resolve(o.policyPack),
        stack: o.stack,
        config: o.config,
        preview: o.preview,
        policyPackConfig: o.policyPackConfig,
        waivers: o.waivers,
      });
      process.stdout.write(o.format === "json" ? `${jsonText(result)}\n` : `${formatCheck(result, "iisguard check")}\n`);
      exitCode = result.mandatory > 0 ? 1 : 0;
    });

  program
    .command("demo")
    .description("check the embedded reference fleet clean and broken, then scan an emulated fleet over SSH")
    .option("--scenario <name>", `broken scenario to show (${SCENARIOS.map((s) => s.name).join(", ")})`, "anonymous-and-windows")
    .action(async (o) => {
      process.stdout.write("== 1. Preview gate: the reference fleet through the policy pack ==\n\n");
      const runs = await demoChecks({ root: ROOT, brokenScenario: o.scenario });
      for (const run of runs) process.stdout.write(`${formatCheck(run.result, `scenario '${run.scenario}'`)}\n\n`);
      const [clean, broken] = runs;
      const gateOk = clean.result.mandatory === 0 && broken.result.mandatory > 0;
      process.stdout.write(gateOk ? "The clean fleet passes; the broken one would fail `pulumi preview`.\n\n" : "Unexpected: see the diagnostics above.\n\n");
      process.stdout.write("== 2. Nightly scan: four emulated Windows hosts over SSH, against the stack ==\n\n");
      const scanned = await demoScan(ROOT);
      process.stdout.write(textReport(scanned.report));
      const scanOk = scanned.exitCode === 1 && scanned.report.hosts.length === 4;
      process.stdout.write(scanOk ? "\nweb01 is as declared; web02 drifted, web03's ACL refuses the help desk, web04 never answered: all reported.\n" : "\nUnexpected: see the report above.\n");
      exitCode = gateOk && scanOk ? 0 : 1;
    });

  registerScanCommands(program, (code) => (exitCode = code));

  program
    .command("rules")
    .description("list the rules, or print the rule reference")
    .option("--markdown", "print the rule reference as Markdown (docs/rules.md)")
    .action((o) => {
      if (o.markdown) process.stdout.write(rulesMarkdown(RULES));
      else for (const r of RULES) process.stdout.write(`${r.id.padEnd(34)} ${(r.substatus ? `HTTP ${r.substatus}` : "-").padEnd(10)} ${r.level.padEnd(9)} ${r.title}\n`);
    });

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number; message?: string };
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return 0;
    if (typeof err.code === "string" && err.code.startsWith("commander.")) return 2;
    if (e instanceof UsageError) {
      // Usage errors quote values from files: each line escaped, our own line breaks kept.
      process.stderr.write(`iisguard: ${escapeLines(err.message ?? "")}\n`);
      return 2;
    }
    throw e;
  }
}

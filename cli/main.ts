// The `iisguard` command line. Commands are plain async functions; only this entry turns their
// results and errors into output and exit codes:
//   0 clean · 1 mandatory violations · 2 usage error or invalid input
import { Command, InvalidArgumentError, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import { RULES } from "../core/rules";
import { rulesMarkdown } from "../core/report/rules-markdown";
import { check, CHECK_FORMATS } from "./commands/check";
import { escapeLines, jsonText } from "../core/report/escape";
import { UsageError } from "./errors";
import { formatCheck } from "./format-diagnostics";
import { iisguardPackage } from "./package-root";
import { registerLogsCommand } from "./commands/logs";
import { registerScanCommands } from "./scan-cli";
import { resolveAutoShard } from "./shard-auto";

const PACKAGE = iisguardPackage();
const ROOT = PACKAGE.root;

/** The demo needs the reference fleet and the emulator: a checkout has them, the published package not. */
function registerDemoIfCheckout(program: Command, setExitCode: (code: number) => void): void {
  const demoModule = path.join(__dirname, "demo-cli");
  if (!fs.existsSync(`${demoModule}.ts`)) return;
  // A computed path, so that the build (tsc) does not compile the demo's graph into the package.
  const { registerDemoCommand } = require(demoModule) as {
    registerDemoCommand(program: Command, root: string, setExitCode: (code: number) => void): void;
  };
  registerDemoCommand(program, ROOT, setExitCode);
}

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
    .version(PACKAGE.version, "-V, --version", "print the installed iisguard version")
    .showHelpAfterError()
    .exitOverride();

  program
    .command("check")
    .description("run a Pulumi program offline under mocks and send its resources through the iisguard policy pack")
    .argument("[program]", "directory of the Pulumi program", ".")
    .option("--policy-pack <dir>", "policy pack directory", path.join(ROOT, "policies"))
    .option("--policy-pack-config <file>", "JSON config as for `pulumi preview --policy-pack-config`")
    .option("--waivers <file>", "YAML or JSON list of {rule, target, reason, expires?}")
    .option("-s, --stack <name>", "stack name: its config is read from Pulumi.<stack>.yaml", "dev")
    .option("-c, --config <key=value>", "stack config value, over Pulumi.<stack>.yaml and Pulumi.yaml defaults (repeatable)", keyValue, {})
    .option("--no-preview", "run as an update: computed outputs are known")
    .addOption(new Option("--format <format>", "output format").choices(CHECK_FORMATS).default("text"))
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

  registerDemoIfCheckout(program, (code) => (exitCode = code));

  registerScanCommands(program, (code) => (exitCode = code));

  registerLogsCommand(program, (code) => (exitCode = code));

  program
    .command("rules")
    .description("list the rules, or print the rule reference")
    .option("--markdown", "print the rule reference as Markdown (docs/rules.md)")
    .action((o) => {
      if (o.markdown) process.stdout.write(rulesMarkdown(RULES));
      else for (const r of RULES) process.stdout.write(`${r.id.padEnd(34)} ${(r.substatus ? `HTTP ${r.substatus}` : "-").padEnd(10)} ${r.level.padEnd(9)} ${r.title}\n`);
    });

  try {
    await program.parseAsync(resolveAutoShard(argv));
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

// The `iisguard` command line. Each command lives in its own module under commands/ (its flags and
// the plain function they feed); this entry only assembles them and turns results and errors into
// exit codes, as README's tables define them:
//   check, logs: 0 clean · 1 mandatory violations / unresolved 401s · 2 usage error or invalid input
//   scan, merge: 0 clean · 1 violation at or above --fail-on · 2 usage error, invalid input or a
//                waiver problem · 3 incomplete
//   any command: 70 internal error (bin/iisguard.js prints it)
import { Command } from "commander";
import * as fs from "fs";
import * as path from "path";
import { escapeLines } from "../core/report/escape";
import { registerCheckCommand } from "./commands/check";
import { registerLogsCommand } from "./commands/logs";
import { registerMergeCommand } from "./commands/merge";
import { registerRulesCommand } from "./commands/rules";
import { registerScanCommand } from "./commands/scan";
import { UsageError } from "./errors";
import { iisguardPackage } from "./package-root";
import { resolveAutoShard } from "./shard-auto";

/** The demo needs the reference fleet and the emulator: a checkout has them, the published package not. */
function registerDemoIfCheckout(program: Command, setExitCode: (code: number) => void): void {
  const demoModule = path.join(__dirname, "commands", "demo");
  if (!fs.existsSync(`${demoModule}.ts`)) return;
  // A computed path, so that the build (tsc) does not compile the demo's graph into the package.
  const { registerDemoCommand } = require(demoModule) as {
    registerDemoCommand(program: Command, root: string, setExitCode: (code: number) => void): void;
  };
  registerDemoCommand(program, iisguardPackage().root, setExitCode);
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const setExitCode = (code: number) => void (exitCode = code);
  const program = new Command()
    .name("iisguard")
    .description("Find the IIS configuration that makes users see HTTP 401, before preview and after deployment.")
    .version(iisguardPackage().version, "-V, --version", "print the installed iisguard version")
    .showHelpAfterError()
    .exitOverride();
  registerCheckCommand(program, setExitCode);
  registerDemoIfCheckout(program, setExitCode);
  registerScanCommand(program, setExitCode);
  registerMergeCommand(program, setExitCode);
  registerLogsCommand(program, setExitCode);
  registerRulesCommand(program);

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

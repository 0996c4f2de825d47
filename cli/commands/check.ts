// `iisguard check`: run a Pulumi program offline under mocks, send every resource it registers
// through the policy pack over the analyzer protocol (as `pulumi preview --policy-pack` does),
// and report the diagnostics.
import { Command, Option } from "commander";
import * as fs from "fs";
import * as path from "path";
import { jsonText } from "../../core/report/escape";
import { PackConfigError, type PackConfigFile } from "../../preview/pack-config";
import { PackStartError, PolicyPackProcess, type Diagnostic } from "../../preview/pack-process";
import { ProjectError, readProject, readStackConfig } from "../../preview/pulumi-project";
import { ProgramError, runProgramUnderMocks } from "../../preview/run-program";
import { parseJsonFile } from "../../core/schemas/parse";
import { schemaProblems, type Schema } from "../../core/schemas/validate";
import { UsageError } from "../errors";
import { mergeWaivers, readWaiverFile } from "../waiver-file";
import { formatCheck } from "../format-diagnostics";
import { keyValue } from "../options";
import { iisguardPackage } from "../package-root";

/** What `--format` accepts: anything else is refused (exit 2), never printed as text instead. */
export const CHECK_FORMATS = ["text", "json"];

export interface CheckOptions {
  programDir: string;
  packDir: string;
  stack: string;
  /** key=value stack config, over Pulumi.<stack>.yaml and Pulumi.yaml; keys without a namespace belong to the program's project. */
  config: Record<string, string>;
  preview: boolean;
  policyPackConfig?: string;
  waivers?: string;
}

export interface CheckResult {
  project: string;
  stack: string;
  resources: number;
  diagnostics: Diagnostic[];
  mandatory: number;
}

/** `--policy-pack-config`: an object keyed by policy name (or `all`), each a level or an object of config. */
const PACK_CONFIG_FILE_SCHEMA: Schema = {
  type: "object",
  "x-expected": "a JSON object keyed by policy name is expected",
  additionalProperties: { type: ["string", "object"], "x-expected": "an enforcement level or an object of config is expected" },
};

function readPackConfig(file: string | undefined): PackConfigFile {
  if (!file) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot read policy pack config: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = parseJsonFile(text, file);
  } catch (e) {
    throw new UsageError(`${(e as Error).message} (a policy pack config is a JSON object keyed by policy name)`);
  }
  // The shape here; policy names, levels and each policy's own config are checked by the pack's schemas on Configure.
  const problems = schemaProblems(PACK_CONFIG_FILE_SCHEMA, parsed, file);
  if (problems.length > 0) throw new UsageError(`${file}: invalid policy pack config\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return parsed as PackConfigFile;
}

/** A pack directory the CLI could start: a PulumiPolicy.yaml, and @pulumi/pulumi's runner resolvable from it. */
function checkPackDir(packDir: string): void {
  const hint = "pass the policy pack directory, e.g. node_modules/iisguard/policies";
  if (!fs.existsSync(packDir)) throw new UsageError(`--policy-pack ${packDir}: no such directory; ${hint}`);
  if (!fs.statSync(packDir).isDirectory()) throw new UsageError(`--policy-pack ${packDir}: not a directory; ${hint}`);
  if (!fs.existsSync(path.join(packDir, "PulumiPolicy.yaml"))) {
    throw new UsageError(`--policy-pack ${packDir}: not a policy pack (no PulumiPolicy.yaml); ${hint}`);
  }
  try {
    require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  } catch {
    throw new UsageError(`--policy-pack ${packDir}: @pulumi/pulumi cannot be resolved from the pack's directory: run npm install there`);
  }
}

function stackOf(opts: CheckOptions) {
  try {
    const project = readProject(opts.programDir);
    const config = readStackConfig(project, opts.stack, opts.config);
    return { project: project.name, stack: opts.stack, dryRun: opts.preview, config: config.values, secretKeys: config.secretKeys };
  } catch (e) {
    if (e instanceof ProjectError) throw new UsageError(e.message);
    throw e;
  }
}

export async function check(opts: CheckOptions): Promise<CheckResult> {
  const stack = stackOf(opts);
  checkPackDir(opts.packDir);
  let packConfig = readPackConfig(opts.policyPackConfig);
  if (opts.waivers) packConfig = mergeWaivers(packConfig, readWaiverFile(opts.waivers));

  // The pack starts while the program runs (both are child processes): a check waits for the
  // slower of the two instead of their sum. Its outcome is held, so a failure while the program
  // still runs is not an unhandled rejection, and a pack that started is closed if the program fails.
  const starting = PolicyPackProcess.start(opts.packDir, stack).then(
    (pack) => ({ pack }),
    (error: unknown) => ({ error }),
  );
  let resources;
  try {
    resources = await runProgramUnderMocks(opts.programDir, stack);
  } catch (e) {
    const started = await starting;
    if ("pack" in started) await started.pack.close();
    if (e instanceof ProgramError) throw new UsageError(e.message);
    throw e;
  }
  const started = await starting;
  if ("error" in started) {
    // A pack that does not start is invalid input (a wrong directory, a broken install), not a violation.
    if (started.error instanceof PackStartError) throw new UsageError(started.error.message);
    throw started.error;
  }
  const pack = started.pack;
  try {
    try {
      await pack.configure(packConfig, opts.policyPackConfig ?? "policy pack config");
    } catch (e) {
      if (e instanceof PackConfigError) throw new UsageError(e.message);
      throw e;
    }
    const diagnostics: Diagnostic[] = [];
    // The engine analyzes each resource with its inputs as it is registered, then the whole stack.
    for (const r of resources) diagnostics.push(...(await pack.analyze({ ...r, properties: r.inputs })));
    diagnostics.push(...(await pack.analyzeStack(resources)));
    return {
      project: stack.project,
      stack: opts.stack,
      resources: resources.length,
      diagnostics,
      mandatory: diagnostics.filter((d) => d.enforcementLevel === "mandatory").length,
    };
  } finally {
    await pack.close();
  }
}

export function registerCheckCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("check")
    .description("run a Pulumi program offline under mocks and send its resources through the iisguard policy pack")
    .argument("[program]", "directory of the Pulumi program", ".")
    .option("--policy-pack <dir>", "policy pack directory", path.join(iisguardPackage().root, "policies"))
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
      setExitCode(result.mandatory > 0 ? 1 : 0);
    });
}

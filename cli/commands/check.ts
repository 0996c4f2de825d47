// `iisguard check`: run a Pulumi program offline under mocks, send every resource it registers
// through the policy pack over the analyzer protocol (as `pulumi preview --policy-pack` does),
// and report the diagnostics.
import * as fs from "fs";
import * as path from "path";
import { PackConfigError, type PackConfigFile } from "../../harness/pack-config";
import { PolicyPackProcess, type Diagnostic } from "../../harness/pack-process";
import { ProgramError, runProgramUnderMocks } from "../../harness/run-program";
import { parseJsonFile } from "../../core/schemas/parse";
import { schemaProblems, type Schema } from "../../core/schemas/validate";
import { UsageError } from "../errors";
import { mergeWaivers, readWaiverFile } from "../waiver-file";

export interface CheckOptions {
  programDir: string;
  packDir: string;
  stack: string;
  /** key=value stack config; keys without a namespace belong to the program's project. */
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

function projectName(programDir: string): string {
  const file = path.join(programDir, "Pulumi.yaml");
  if (!fs.existsSync(file)) throw new UsageError(`${programDir}: no Pulumi.yaml; pass the directory of a Pulumi program`);
  const match = /^name:\s*(\S+)/m.exec(fs.readFileSync(file, "utf8"));
  if (!match) throw new UsageError(`${file}: no 'name' field`);
  return match[1];
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

export async function check(opts: CheckOptions): Promise<CheckResult> {
  const project = projectName(opts.programDir);
  let packConfig = readPackConfig(opts.policyPackConfig);
  if (opts.waivers) packConfig = mergeWaivers(packConfig, readWaiverFile(opts.waivers));
  const stack = { project, stack: opts.stack, dryRun: opts.preview, config: opts.config };

  let resources;
  try {
    resources = await runProgramUnderMocks(opts.programDir, stack);
  } catch (e) {
    if (e instanceof ProgramError) throw new UsageError(e.message);
    throw e;
  }
  const pack = await PolicyPackProcess.start(opts.packDir, stack);
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
      project,
      stack: opts.stack,
      resources: resources.length,
      diagnostics,
      mandatory: diagnostics.filter((d) => d.enforcementLevel === "mandatory").length,
    };
  } finally {
    await pack.close();
  }
}

// Runs a Pulumi program offline under the SDK's mocks (in a child process, as the CLI would run
// it in its own) and returns the resources it registered, in the engine's wire form.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { StackContext, WireResource } from "./pack-process";
import { ProjectError, readProject, type PulumiProject } from "./pulumi-project";
import { stackEnvironment } from "./stack-env";

export interface ProgramResource extends WireResource {
  custom: boolean;
  /** What the program passed to the resource (Analyze sees these). */
  inputs: Record<string, unknown>;
}

export class ProgramError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProgramError";
  }
}

// From a checkout the runner is TypeScript, run through the repository's transpile-only ts-node;
// the published package runs its compiled copy.
const COMPILED = !__filename.endsWith(".ts");
const RUNNER = path.join(__dirname, COMPILED ? "mock-runner.js" : "mock-runner.ts");
const REGISTER = path.join(__dirname, "register.js");

const REPOSITORY = path.resolve(__dirname, "..");

/**
 * The variables the Node.js language host sets for the program from Pulumi.yaml's runtime options
 * (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs: PULUMI_NODEJS_TYPESCRIPT, _TSCONFIG_PATH).
 * One exception: the repository's own reference fleet, run from a checkout by the demo and the
 * tests, is transpiled only, as PULUMI_NODEJS_TRANSPILE_ONLY=true would make `pulumi preview` do:
 * `npm test` type-checks it with tsc, and type-checking it again (the azure-native declarations)
 * costs about ten CPU-seconds per run. Every other program is type-checked as Pulumi does.
 */
function languageHostEnvironment(project: PulumiProject): NodeJS.ProcessEnv {
  const referenceFleet = !COMPILED && project.root === REPOSITORY && process.env.PULUMI_NODEJS_TRANSPILE_ONLY === undefined;
  return {
    ...(project.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
    ...(project.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: project.tsconfig } : {}),
    ...(referenceFleet ? { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } : {}),
  };
}

export async function runProgramUnderMocks(programDir: string, stack: StackContext, timeoutMs = 120_000): Promise<ProgramResource[]> {
  let project: PulumiProject;
  try {
    project = readProject(programDir);
  } catch (e) {
    if (e instanceof ProjectError) throw new ProgramError(e.message);
    throw e;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-run-"));
  const out = path.join(dir, "resources.json");
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [...(COMPILED ? [] : ["-r", REGISTER]), RUNNER, project.pwd, project.main, out],
        {
          cwd: project.pwd,
          timeout: timeoutMs,
          maxBuffer: 16 * 1024 * 1024,
          env: { ...stackEnvironment(stack), ...languageHostEnvironment(project) },
        },
        (err, _stdout, stderr) => {
          if (!err) return resolve();
          const detail = stderr.trim() || err.message;
          reject(new ProgramError(`the Pulumi program in ${programDir} failed under mocks:\n${detail}`));
        },
      );
    });
    return JSON.parse(fs.readFileSync(out, "utf8")) as ProgramResource[];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Runs a Pulumi program offline under the SDK's mocks (in a child process, as the CLI would run
// it in its own) and returns the resources it registered, in the engine's wire form.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { StackContext, WireResource } from "./pack-process";
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

const RUNNER = path.join(__dirname, "mock-runner.ts");
const REGISTER = path.join(__dirname, "register.js");

export async function runProgramUnderMocks(programDir: string, stack: StackContext, timeoutMs = 120_000): Promise<ProgramResource[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-run-"));
  const out = path.join(dir, "resources.json");
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        ["-r", REGISTER, RUNNER, path.resolve(programDir), out],
        {
          cwd: path.resolve(programDir),
          timeout: timeoutMs,
          maxBuffer: 16 * 1024 * 1024,
          env: stackEnvironment(stack),
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

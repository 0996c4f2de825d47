// What every benchmark section shares: one measurement's shape, medians, rounding, and running a
// measured child process (the scanner and the floor run in processes of their own so that their
// CPU time and peak RSS are theirs alone).
import { execFileSync } from "child_process";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..");
export const REGISTER = path.join(ROOT, "preview/register.js");

export interface Measure {
  hosts: number;
  /** Hosts that answered with a collection. */
  ok: number;
  wallMs: number;
  cpuMs?: number;
  maxRssMb?: number;
  /** The run was killed at its time limit; `ok` counts what had answered by then. */
  timedOut?: boolean;
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Runs bench/<script> under the project's TypeScript loader; its last stdout line is a Measure. */
export function nodeChild(script: string, args: string[]): Measure {
  const out = execFileSync(process.execPath, ["-r", REGISTER, path.join(__dirname, script), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split("\n").pop()!);
}

/** Progress on stderr, so a long run shows where it is. */
export const progress = (section: string, row: unknown): void => void process.stderr.write(`${section}: ${JSON.stringify(row)}\n`);

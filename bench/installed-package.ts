// The installed package against AWSGuard, in one run (issue 12): the policy pack's start-up and the
// wall time of `npx iisguard check .` on the example user project, with iisguard installed from its
// tarball (bench/installed-project.ts). Beside them, the floor (a bare @pulumi/policy pack with one
// no-op policy in the same project) and iisguard's pack run from this checkout (TypeScript
// transpiled on the fly), so the figures say how much of a start-up is the pack's own.
import { execFile, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PolicyPackProcess } from "../preview/pack-process";
import { median, progress, ROOT } from "./measure";
import { AWSGUARD_PACK } from "./policy-evaluation";
import { writeFloorPack } from "./installed-project";

const STACK = { project: "pm-portals", stack: "dev", dryRun: true };

/** N timed runs of one thing: median and spread, every run kept; CPU time where it could be read. */
export interface TimedRow {
  what: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  runsMs: string;
  /** Median CPU time (user + system) of the measured process and its waited-for children: steadier than wall time on a shared machine. */
  cpuMs?: number;
}

export interface InstalledResults {
  /** Measured rounds (after one unmeasured round). */
  repeats: number;
  /** Versions actually loaded: the installed iisguard and the SDKs each pack resolved. */
  versions: Record<string, string>;
  /** Spawn of the runner → first answered GetAnalyzerInfo, per pack. */
  startup: (TimedRow & { policies: number })[];
  /** `npx iisguard …` in the user project, per pack it drives. */
  check: (TimedRow & { exitCode: number; output: string })[];
  awsguardMissing?: string;
}

interface Run {
  ms: number;
  cpuMs?: number;
}

const row = (what: string, runs: Run[]): TimedRow => {
  const wall = runs.map((r) => r.ms);
  const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== undefined);
  return {
    what,
    medianMs: Math.round(median(wall)),
    minMs: Math.round(Math.min(...wall)),
    maxMs: Math.round(Math.max(...wall)),
    runsMs: wall.map((x) => Math.round(x)).join(", "),
    ...(cpu.length === runs.length ? { cpuMs: Math.round(median(cpu)) } : {}),
  };
};

const CLOCK_TICKS = (() => {
  const r = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  return Number(r.stdout?.trim()) || 100;
})();

/** utime + stime of a live process (proc(5): fields 14 and 15 of /proc/<pid>/stat, in clock ticks); undefined off Linux. */
function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // the command name may hold spaces: fields after it, from field 3
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** GNU time reports the CPU of a command and every child it waited for (time(1): %U, %S). */
const GNU_TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

/** Ready as a preview sees it: the pack has started, shaken hands, configured the stack and listed its policies. */
async function startToInfo(dir: string): Promise<Run & { policies: number }> {
  const t0 = performance.now();
  const pack = await PolicyPackProcess.start(dir, STACK);
  try {
    const info = await pack.info();
    const ms = performance.now() - t0;
    return { ms, cpuMs: cpuMsOf(pack.pid), policies: info.policies.length };
  } finally {
    await pack.close();
  }
}

const CPU_MARK = "iisguard-bench-cpu";

/**
 * `npx iisguard …` as a user types it. `--no`: never fetch a package of that name from the registry
 * (npm-exec(1)); `--`: what follows is the command's, so `--version` is iisguard's, not npm's.
 */
function npx(project: string, args: string[]): Promise<Run & { code: number; stdout: string; stderr: string }> {
  const command = ["npx", "--no", "--", ...args];
  const [file, argv] = GNU_TIME ? [GNU_TIME, ["-f", `${CPU_MARK} %U %S`, ...command]] : [command[0], command.slice(1)];
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(file, argv, { cwd: project, timeout: 300_000, maxBuffer: 1 << 24, encoding: "utf8" }, (err, stdout, stderr) => {
      const ms = performance.now() - t0;
      const mark = new RegExp(`^${CPU_MARK} ([\\d.]+) ([\\d.]+)$`, "m").exec(stderr);
      const code = err ? (typeof (err as { code?: unknown }).code === "number" ? (err as { code: number }).code : 1) : 0;
      resolve({
        ms,
        ...(mark ? { cpuMs: (Number(mark[1]) + Number(mark[2])) * 1000 } : {}),
        code,
        stdout,
        stderr: stderr.replace(new RegExp(`^${CPU_MARK} .*\\n?`, "m"), ""),
      });
    });
  });
}

const versionIn = (dir: string, pkg: string): string => {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, { paths: [dir] }), "utf8")).version;
  } catch {
    return "not installed";
  }
};

/**
 * Measures `project` (an installed user project): every item once unmeasured (disk cache, first
 * compilation; `warmUp: false` skips it, for the test), then `repeats` rounds, each in an order
 * rotated round by round so that a slow moment of the machine does not land on one item only.
 */
export async function installedPackage(project: string, repeats: number, opts: { warmUp?: boolean } = {}): Promise<InstalledResults> {
  const installedPack = path.join(project, "node_modules", "iisguard", "policies");
  if (!fs.existsSync(path.join(installedPack, "PulumiPolicy.yaml")))
    throw new Error(`${project}: node_modules/iisguard/policies is not an installed iisguard pack`);
  const floorPack = writeFloorPack(project);
  const awsguard = fs.existsSync(path.join(AWSGUARD_PACK, "node_modules/@pulumi/awsguard")) ? AWSGUARD_PACK : undefined;
  const packs: [string, string][] = [
    ["iisguard, installed", installedPack],
    ["floor: @pulumi/policy, 1 no-op policy", floorPack],
    ...(awsguard ? ([["awsguard", awsguard]] as [string, string][]) : []),
    ["iisguard, from this checkout", path.join(ROOT, "policies")],
  ];
  const checks: [string, string[]][] = [
    ["npx iisguard --version (the CLI alone)", ["iisguard", "--version"]],
    ["npx iisguard check . (installed pack)", ["iisguard", "check", "."]],
    ["npx iisguard check . --policy-pack floor-pack", ["iisguard", "check", ".", "--policy-pack", floorPack]],
    ...(awsguard
      ? ([["npx iisguard check . --policy-pack <awsguard>", ["iisguard", "check", ".", "--policy-pack", awsguard]]] as [string, string[]][])
      : []),
  ];

  if (opts.warmUp !== false) {
    for (const [, dir] of packs) await startToInfo(dir);
    for (const [, args] of checks) await npx(project, args);
  }

  const startRuns = new Map(packs.map(([label]) => [label, [] as Run[]]));
  const policies = new Map<string, number>();
  const checkRuns = new Map(checks.map(([label]) => [label, [] as Run[]]));
  const lastCheck = new Map<string, { code: number; stdout: string; stderr: string }>();
  for (let r = 0; r < repeats; r++) {
    for (let i = 0; i < packs.length; i++) {
      const [label, dir] = packs[(i + r) % packs.length];
      const { policies: n, ...run } = await startToInfo(dir);
      startRuns.get(label)!.push(run);
      policies.set(label, n);
    }
    for (let i = 0; i < checks.length; i++) {
      const [label, args] = checks[(i + r) % checks.length];
      const run = await npx(project, args);
      checkRuns.get(label)!.push(run);
      lastCheck.set(label, run);
    }
  }
  const startup = packs.map(([label]) => ({ ...row(label, startRuns.get(label)!), policies: policies.get(label)! }));
  const check = checks.map(([label]) => {
    const run = lastCheck.get(label)!;
    return {
      ...row(label, checkRuns.get(label)!),
      exitCode: run.code,
      output: (run.stdout.trim().split("\n")[0] ?? "") || run.stderr.trim().split("\n")[0] || "",
    };
  });
  for (const x of [...startup, ...check]) progress("installed package", x);
  return {
    repeats,
    versions: {
      iisguard: versionIn(project, "iisguard"),
      "@pulumi/pulumi (project)": versionIn(project, "@pulumi/pulumi"),
      "@pulumi/policy (project)": versionIn(project, "@pulumi/policy"),
      typescript: versionIn(project, "typescript"),
      ...(awsguard
        ? {
            "@pulumi/awsguard": versionIn(awsguard, "@pulumi/awsguard"),
            "@pulumi/pulumi (awsguard)": versionIn(awsguard, "@pulumi/pulumi"),
          }
        : {}),
    },
    startup,
    check,
    ...(awsguard ? {} : { awsguardMissing: "bench/peers/awsguard is not installed (scripts/install-bench-deps.sh installs it)" }),
  };
}

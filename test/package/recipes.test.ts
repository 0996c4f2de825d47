// The commands of the CI recipes in examples/, run as written against emulated Windows hosts on
// loopback: the Kubernetes Indexed Job's scan as N processes, each given its JOB_COMPLETION_INDEX
// and `--shard auto/N`, then its merge Job; the GitHub Actions and Azure Pipelines matrix shards and
// their merge. Substituted, and only these: the recipe's absolute paths and CI variables by local
// ones, `npx iisguard` by this checkout's bin. Each shell runs as its CI runs it (sh -c for the
// container command, bash -eo pipefail for Actions, bash for Azure Pipelines).
jest.setTimeout(300_000);
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { startEmulatedFleet, type EmulatedFleet } from "../../emulator/fleet";
import { resolveAutoShard } from "../../cli/shard-auto";
import { UsageError } from "../../cli/errors";

const ROOT = path.resolve(__dirname, "../..");
const EXAMPLES = path.join(ROOT, "examples");
const SERVERS = ["web01", "web02", "web03", "web04", "web05", "web06", "web07", "web08", "web09", "web10"];

let fleet: EmulatedFleet;
let tmp: string;
let shimDir: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-recipes-"));
  fs.mkdirSync(path.join(tmp, "fleet"));
  fleet = await startEmulatedFleet(
    SERVERS.map((server, i) => (i % 3 === 1 ? { server, variant: "anonymous-drift" as const } : { server })),
    { dir: path.join(tmp, "fleet") },
  );
  shimDir = path.join(tmp, "bin");
  fs.mkdirSync(shimDir);
  fs.writeFileSync(
    path.join(shimDir, "iisguard"),
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, "bin", "iisguard.js"))} "$@"\n`,
    { mode: 0o755 },
  );
}, 120_000);
afterAll(async () => {
  await fleet?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function shell(
  shellArgs: string[],
  script: string,
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      shellArgs[0],
      [...shellArgs.slice(1), script],
      { cwd, timeout: 240_000, env: { ...process.env, PATH: `${shimDir}:${process.env.PATH}`, ...env } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function replaceAll(text: string, substitutions: Record<string, string>): string {
  let out = text;
  for (const [from, to] of Object.entries(substitutions)) {
    expect(out).toContain(from); // the recipe still says what this test substitutes
    out = out.split(from).join(to);
  }
  return out;
}

/** A directory laid out as the recipe's runner sees it: inventory, known_hosts and key in place. */
function workspace(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(fleet.inventoryFile, path.join(dir, "inventory.yaml"));
  fs.copyFileSync(fleet.knownHostsFile, path.join(dir, "known_hosts"));
  fs.copyFileSync(fleet.identityFile, path.join(dir, "id_ed25519"));
  fs.chmodSync(path.join(dir, "id_ed25519"), 0o600);
  return dir;
}

function merged(file: string): string[] {
  const report = JSON.parse(fs.readFileSync(file, "utf8"));
  return report.hosts.map((h: { server: string }) => h.server).sort();
}

function shardHosts(files: string[]): string[][] {
  return files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")).hosts.map((h: { server: string }) => h.server));
}

test("--shard auto/N takes the pod's JOB_COMPLETION_INDEX (0-based) as shard index+1; without it or out of range, exit 2 naming the variable", () => {
  expect(resolveAutoShard(["node", "iisguard", "scan", "--shard", "auto/4"], { JOB_COMPLETION_INDEX: "0" })).toEqual([
    "node",
    "iisguard",
    "scan",
    "--shard",
    "1/4",
  ]);
  expect(resolveAutoShard(["node", "iisguard", "scan", "--shard=auto/4"], { JOB_COMPLETION_INDEX: "3" })).toEqual([
    "node",
    "iisguard",
    "scan",
    "--shard=4/4",
  ]);
  expect(() => resolveAutoShard(["--shard", "auto/4"], {})).toThrow(
    new UsageError(
      "--shard auto/4: JOB_COMPLETION_INDEX is not set (Kubernetes sets it in the pods of an Indexed Job); pass --shard i/4 elsewhere",
    ),
  );
  expect(() => resolveAutoShard(["--shard", "auto/4"], { JOB_COMPLETION_INDEX: "4" })).toThrow(
    /JOB_COMPLETION_INDEX must be an index from 0 to 3 \(the Job's completions must equal 4\), got "4"/,
  );
});

test("Kubernetes: the Indexed Job's pods, run as N processes with JOB_COMPLETION_INDEX, scan disjoint shards; the merge Job joins every host", async () => {
  const [scanJob, mergeJob] = YAML.parseAllDocuments(
    fs.readFileSync(path.join(EXAMPLES, "kubernetes", "scan-indexed-job.yaml"), "utf8"),
  ).map((d) => d.toJS());
  expect(scanJob.spec.completionMode).toBe("Indexed");
  const completions: number = scanJob.spec.completions;
  const dir = workspace("k8s");
  const paths = {
    "/etc/iisguard/inventory.yaml": path.join(dir, "inventory.yaml"),
    "/etc/iisguard/known_hosts": path.join(dir, "known_hosts"),
    "/var/run/secrets/iisguard/id_ed25519": path.join(dir, "id_ed25519"),
    "/reports": path.join(dir, "reports"),
  };
  const [sh, c, scanScript] = scanJob.spec.template.spec.containers[0].command;
  const pods = await Promise.all(
    Array.from({ length: completions }, (_, index) =>
      shell([sh, c], replaceAll(scanScript, paths), dir, { JOB_COMPLETION_INDEX: String(index) }),
    ),
  );
  for (const pod of pods) expect(pod).toMatchObject({ code: 0 });
  const shardFiles = Array.from({ length: completions }, (_, i) => path.join(dir, "reports", `shard-${i}`, "iisguard-scan.json"));
  const hosts = shardHosts(shardFiles);
  expect(hosts.flat().sort()).toEqual(SERVERS); // every host in exactly one shard

  const [msh, mc, mergeScript] = mergeJob.spec.template.spec.containers[0].command;
  const merge = await shell([msh, mc], replaceAll(mergeScript, { "/reports": path.join(dir, "reports") }), dir);
  expect(merge.stderr).toMatch(/^reports written to /);
  expect([0, 1]).toContain(merge.code); // --fail-on high: the drifted hosts' findings decide
  expect(merged(path.join(dir, "reports", "merged", "iisguard-scan.json"))).toEqual(SERVERS);
  expect(fs.readdirSync(path.join(dir, "reports", "merged")).sort()).toEqual([
    "iisguard-scan.html",
    "iisguard-scan.json",
    "iisguard-scan.sarif",
  ]);
});

test("GitHub Actions: the matrix shards and the merge job, as the runner's bash runs them", async () => {
  const workflow = YAML.parse(fs.readFileSync(path.join(EXAMPLES, "github-actions", "iisguard.yml"), "utf8"));
  const dir = workspace("github");
  const scanStep: string = workflow.jobs.scan.steps.find((s: { run?: string }) => s.run?.includes("iisguard scan")).run;
  const shards: number[] = workflow.jobs.scan.strategy.matrix.shard;
  const runs = await Promise.all(
    shards.map((shard) =>
      shell(
        ["bash", "-eo", "pipefail", "-c"],
        replaceAll(scanStep, {
          "${{ matrix.shard }}": String(shard),
          "~/.ssh/iisguard_ed25519": "id_ed25519",
          "~/.ssh/known_hosts": "known_hosts",
          "npx iisguard": "iisguard",
        }),
        dir,
      ),
    ),
  );
  for (const r of runs) expect(r).toMatchObject({ code: 0 });
  // download-artifact with a pattern puts each artifact in shards/<name>/
  fs.mkdirSync(path.join(dir, "shards"));
  for (const shard of shards) fs.renameSync(path.join(dir, `shard-${shard}`), path.join(dir, "shards", `shard-${shard}`));
  const mergeStep: string = workflow.jobs.merge.steps.find((s: { run?: string }) => s.run?.includes("iisguard merge")).run;
  const merge = await shell(["bash", "-eo", "pipefail", "-c"], replaceAll(mergeStep, { "npx iisguard": "iisguard" }), dir);
  expect([0, 1]).toContain(merge.code);
  expect(merged(path.join(dir, "reports", "iisguard-scan.json"))).toEqual(SERVERS);
  const sarifStep = workflow.jobs.merge.steps.find((s: { uses?: string }) => s.uses?.startsWith("github/codeql-action/upload-sarif"));
  expect(fs.existsSync(path.join(dir, sarifStep.with.sarif_file))).toBe(true);
});

test("Azure Pipelines: the parallel shard slices and the merge job", async () => {
  const pipeline = YAML.parse(fs.readFileSync(path.join(EXAMPLES, "azure-pipelines", "azure-pipelines.yml"), "utf8"));
  const [shardJob, mergeJob] = pipeline.stages.find((s: { stage: string }) => s.stage === "scan").jobs;
  const total: number = shardJob.strategy.parallel;
  const dir = workspace("azure");
  const scanStep: string = shardJob.steps.find((s: { script?: string }) => s.script?.includes("iisguard scan")).script;
  const runs = await Promise.all(
    Array.from({ length: total }, (_, i) =>
      shell(
        ["bash", "-c"],
        replaceAll(scanStep, {
          "$(System.JobPositionInPhase)": String(i + 1),
          "$(System.TotalJobsInPhase)": String(total),
          "$(key.secureFilePath)": "id_ed25519",
          "$(knownHosts.secureFilePath)": "known_hosts",
          "npx iisguard": "iisguard",
        }),
        dir,
      ),
    ),
  );
  for (const r of runs) expect(r).toMatchObject({ code: 0 });
  const mergeStep: string = mergeJob.steps.find((s: { script?: string }) => s.script?.includes("iisguard merge")).script;
  const merge = await shell(["bash", "-c"], replaceAll(mergeStep, { "$(Pipeline.Workspace)": dir, "npx iisguard": "iisguard" }), dir);
  expect([0, 1]).toContain(merge.code);
  expect(merged(path.join(dir, "reports", "iisguard-scan.json"))).toEqual(SERVERS);
});

// `--shard auto/N`: the shard comes from the Kubernetes Indexed Job this process runs in. The Job
// controller gives each pod its completion index, 0 … completions-1, in JOB_COMPLETION_INDEX
// (https://kubernetes.io/docs/concepts/workloads/controllers/job/#completion-mode); iisguard's shards
// are 1 … N, so pod k scans shard k+1 of N. Resolved before the options are parsed, so the scan
// sees an ordinary `--shard i/N`.
import { UsageError } from "./errors";

const AUTO = /^auto\/(\d+)$/;

function resolveAuto(value: string, env: NodeJS.ProcessEnv): string {
  const m = AUTO.exec(value);
  if (!m) return value;
  const count = Number(m[1]);
  const raw = env.JOB_COMPLETION_INDEX;
  if (raw === undefined || raw === "") {
    throw new UsageError(
      `--shard ${value}: JOB_COMPLETION_INDEX is not set (Kubernetes sets it in the pods of an Indexed Job); pass --shard i/${count} elsewhere`,
    );
  }
  if (!/^\d+$/.test(raw) || Number(raw) >= count) {
    throw new UsageError(
      `--shard ${value}: JOB_COMPLETION_INDEX must be an index from 0 to ${count - 1} (the Job's completions must equal ${count}), got ${JSON.stringify(raw.slice(0, 20))}`,
    );
  }
  return `${Number(raw) + 1}/${count}`;
}

/** argv with `--shard auto/N` (or `--shard=auto/N`) replaced by the pod's `--shard i/N`. */
export function resolveAutoShard(argv: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  return argv.map((arg, i) => {
    if (arg.startsWith("--shard=")) return `--shard=${resolveAuto(arg.slice("--shard=".length), env)}`;
    if (argv[i - 1] === "--shard") return resolveAuto(arg, env);
    return arg;
  });
}

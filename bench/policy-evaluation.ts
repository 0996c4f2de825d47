// Policy evaluation through the analyzer harness, as a preview drives it: the pack's start-up,
// then Analyze for every resource and one AnalyzeStack. iisguard's pack judges a fleet; AWSGuard,
// the peer, judges as many EC2 instances with every policy mandatory.
import * as fs from "fs";
import * as path from "path";
import type { PackConfigFile } from "../harness/pack-config";
import { PolicyPackProcess, type WireResource } from "../harness/pack-process";
import { median, progress, ROOT, round } from "./measure";
import { syntheticFleet, syntheticInstances } from "./synthetic-resources";

export const AWSGUARD_PACK = path.join(__dirname, "peers/awsguard");
const STACK = { project: "fleet", stack: "bench", dryRun: true };

export interface PackCost {
  pack: string;
  resources: number;
  analyzeMs: number;
  analyzeStackMs: number;
  /** (Analyze + AnalyzeStack) / resources: everything a preview pays. */
  perResourceMs: number;
  /** The same calls with every policy disabled: encoding, gRPC and decoding the resources. */
  protocolMsPerResource: number;
  /** What the policies themselves add: perResourceMs − protocolMsPerResource. */
  policyMsPerResource: number;
  diagnostics: number;
}

interface Preview {
  analyzeMs: number;
  analyzeStackMs: number;
  diagnostics: number;
}

async function preview(pack: PolicyPackProcess, resources: WireResource[]): Promise<Preview> {
  let diagnostics = 0;
  const t0 = performance.now();
  for (const r of resources) diagnostics += (await pack.analyze(r)).length;
  const t1 = performance.now();
  diagnostics += (await pack.analyzeStack(resources)).length;
  return { analyzeMs: t1 - t0, analyzeStackMs: performance.now() - t1, diagnostics };
}

const ALL_DISABLED: PackConfigFile = { all: "disabled" };

interface Variant {
  label: string;
  config: PackConfigFile;
}

/**
 * One pack process; for each size and run, each variant's configuration and then every policy
 * disabled (the protocol's own cost on the same resources), interleaved so that a slow moment of
 * the machine does not land on one of them only.
 */
async function packCost(dir: string, variants: Variant[], make: (n: number) => WireResource[], sizes: number[], repeats: number): Promise<{ startupMs: number; rows: PackCost[] }> {
  const startups: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const p = await PolicyPackProcess.start(dir, STACK);
    startups.push(p.startupMs);
    await p.close();
  }
  const rows: PackCost[] = [];
  const pack = await PolicyPackProcess.start(dir, STACK);
  try {
    for (const n of sizes) {
      const resources = make(n);
      const runs = new Map<string, Preview[]>([...variants.map((v) => [v.label, []] as [string, Preview[]]), ["protocol", []]]);
      for (let r = 0; r < repeats; r++) {
        for (const v of [...variants, { label: "protocol", config: ALL_DISABLED }]) {
          await pack.configure(v.config);
          runs.get(v.label)!.push(await preview(pack, resources));
        }
      }
      const total = (ps: Preview[]) => median(ps.map((x) => x.analyzeMs + x.analyzeStackMs)) / n;
      const protocol = total(runs.get("protocol")!);
      for (const v of variants) {
        const ps = runs.get(v.label)!;
        const perResource = total(ps);
        rows.push({
          pack: v.label,
          resources: n,
          analyzeMs: round(median(ps.map((x) => x.analyzeMs)), 0),
          analyzeStackMs: round(median(ps.map((x) => x.analyzeStackMs)), 0),
          perResourceMs: round(perResource, 3),
          protocolMsPerResource: round(protocol, 3),
          policyMsPerResource: round(perResource - protocol, 3),
          diagnostics: ps[0].diagnostics,
        });
        progress(`policy ${v.label} ${n}`, rows[rows.length - 1]);
      }
    }
  } finally {
    await pack.close();
  }
  return { startupMs: round(median(startups), 0), rows };
}

export interface PolicyResults {
  startupMs: Record<string, number>;
  rows: PackCost[];
  awsguardMissing?: string;
}

export async function policyEvaluation(sizes: number[], repeats: number): Promise<PolicyResults> {
  const iisguard = await packCost(
    path.join(ROOT, "policies"),
    [
      { label: "iisguard", config: {} },
      // One rule policy left on: how much of AnalyzeStack each stack policy costs.
      { label: "iisguard, 1 policy on", config: { all: "disabled", "auth-method-required": "mandatory" } },
    ],
    syntheticFleet,
    sizes,
    repeats,
  );
  if (!fs.existsSync(path.join(AWSGUARD_PACK, "node_modules/@pulumi/awsguard"))) {
    return { startupMs: { iisguard: iisguard.startupMs }, rows: iisguard.rows, awsguardMissing: "bench/peers/awsguard is not installed (scripts/install-bench-deps.sh installs it)" };
  }
  const awsguard = await packCost(AWSGUARD_PACK, [{ label: "awsguard", config: {} }], syntheticInstances, sizes, repeats);
  return { startupMs: { iisguard: iisguard.startupMs, awsguard: awsguard.startupMs }, rows: [...iisguard.rows, ...awsguard.rows] };
}

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
  perResourceMs: number;
  diagnostics: number;
}

async function preview(pack: PolicyPackProcess, resources: WireResource[]): Promise<{ analyzeMs: number; analyzeStackMs: number; diagnostics: number }> {
  let diagnostics = 0;
  const t0 = performance.now();
  for (const r of resources) diagnostics += (await pack.analyze(r)).length;
  const t1 = performance.now();
  diagnostics += (await pack.analyzeStack(resources)).length;
  return { analyzeMs: t1 - t0, analyzeStackMs: performance.now() - t1, diagnostics };
}

async function packCost(name: string, dir: string, make: (n: number) => WireResource[], sizes: number[], repeats: number, config: PackConfigFile = {}): Promise<{ startupMs: number; rows: PackCost[] }> {
  const startups: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const p = await PolicyPackProcess.start(dir, STACK);
    startups.push(p.startupMs);
    await p.close();
  }
  const rows: PackCost[] = [];
  const pack = await PolicyPackProcess.start(dir, STACK);
  try {
    await pack.configure(config);
    for (const n of sizes) {
      const resources = make(n);
      const runs = [];
      for (let r = 0; r < repeats; r++) runs.push(await preview(pack, resources));
      const analyzeMs = median(runs.map((x) => x.analyzeMs));
      const analyzeStackMs = median(runs.map((x) => x.analyzeStackMs));
      rows.push({ pack: name, resources: n, analyzeMs: round(analyzeMs, 0), analyzeStackMs: round(analyzeStackMs, 0), perResourceMs: round(median(runs.map((x) => x.analyzeMs + x.analyzeStackMs)) / n, 3), diagnostics: runs[0].diagnostics });
      progress(`policy ${name} ${n}`, rows[rows.length - 1]);
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
  const iisguard = await packCost("iisguard", path.join(ROOT, "policies"), syntheticFleet, sizes, repeats);
  // The same pack with one rule policy left on: how much of AnalyzeStack each stack policy costs.
  const onePolicy = await packCost("iisguard, 1 policy on", path.join(ROOT, "policies"), syntheticFleet, sizes, 1, { all: "disabled", "auth-method-required": "mandatory" });
  iisguard.rows.push(...onePolicy.rows);
  if (!fs.existsSync(path.join(AWSGUARD_PACK, "node_modules/@pulumi/awsguard"))) {
    return { startupMs: { iisguard: iisguard.startupMs }, rows: iisguard.rows, awsguardMissing: "bench/peers/awsguard is not installed (scripts/install-bench-deps.sh installs it)" };
  }
  const awsguard = await packCost("awsguard", AWSGUARD_PACK, syntheticInstances, sizes, repeats);
  return { startupMs: { iisguard: iisguard.startupMs, awsguard: awsguard.startupMs }, rows: [...iisguard.rows, ...awsguard.rows] };
}

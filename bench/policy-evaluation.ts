// Policy evaluation through the analyzer harness, as a preview drives it: the pack's start-up,
// then Analyze for every resource and one AnalyzeStack. iisguard's pack judges a fleet; AWSGuard,
// the peer, judges as many EC2 instances with every policy mandatory.
import * as fs from "fs";
import * as path from "path";
import type { PackConfigFile } from "../preview/pack-config";
import { PolicyPackProcess, type WireResource } from "../preview/pack-process";
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
  /** The phase the pack's policies run in: stack policies in AnalyzeStack, resource policies in Analyze. */
  policyPhase: Phase;
  /** That phase with every policy disabled: encoding, gRPC and decoding the resources. */
  protocolPhaseMs: number;
  /** What the policies themselves add, per resource: (phase − the same phase with every policy disabled) / resources. */
  policyMsPerResource: number;
  /** The same difference in the other phase, where the pack has no policies: the measurement's noise. */
  noiseMs: number;
  diagnostics: number;
}

type Phase = "analyze" | "analyzeStack";

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
  policyPhase: Phase;
}

/**
 * One pack process; for each size and run, each variant's configuration and then every policy
 * disabled (the protocol's own cost on the same resources), interleaved in an order that rotates
 * run by run, so that a slow moment of the machine or a growing heap does not land on one of them only.
 */
async function packCost(
  dir: string,
  variants: Variant[],
  make: (n: number) => WireResource[],
  sizes: number[],
  repeats: number,
): Promise<{ startupMs: number; rows: PackCost[] }> {
  const startups: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const p = await PolicyPackProcess.start(dir, STACK);
    startups.push(p.startupMs);
    await p.close();
  }
  const rows: PackCost[] = [];
  const pack = await PolicyPackProcess.start(dir, STACK);
  const protocolVariant: Variant = { label: "protocol", config: ALL_DISABLED, policyPhase: "analyze" };
  const all = [...variants, protocolVariant];
  try {
    // Warm-up, not measured: the first calls of a fresh pack compile its code paths.
    for (const v of all) {
      await pack.configure(v.config);
      await preview(pack, make(100));
    }
    for (const n of sizes) {
      const resources = make(n);
      const runs = new Map<string, Preview[]>(all.map((v) => [v.label, []]));
      for (let r = 0; r < repeats; r++) {
        for (let i = 0; i < all.length; i++) {
          const v = all[(i + r) % all.length];
          await pack.configure(v.config);
          runs.get(v.label)!.push(await preview(pack, resources));
        }
      }
      const phaseMs = (label: string, phase: Phase) =>
        median(runs.get(label)!.map((x) => (phase === "analyze" ? x.analyzeMs : x.analyzeStackMs)));
      const other = (phase: Phase): Phase => (phase === "analyze" ? "analyzeStack" : "analyze");
      for (const v of variants) {
        const ps = runs.get(v.label)!;
        rows.push({
          pack: v.label,
          resources: n,
          analyzeMs: round(phaseMs(v.label, "analyze"), 0),
          analyzeStackMs: round(phaseMs(v.label, "analyzeStack"), 0),
          perResourceMs: round(median(ps.map((x) => x.analyzeMs + x.analyzeStackMs)) / n, 3),
          policyPhase: v.policyPhase,
          protocolPhaseMs: round(phaseMs("protocol", v.policyPhase), 0),
          policyMsPerResource: round((phaseMs(v.label, v.policyPhase) - phaseMs("protocol", v.policyPhase)) / n, 3),
          noiseMs: round(phaseMs(v.label, other(v.policyPhase)) - phaseMs("protocol", other(v.policyPhase)), 0),
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
      { label: "iisguard", config: {}, policyPhase: "analyzeStack" },
      // One rule policy left on: how much of AnalyzeStack each stack policy costs.
      { label: "iisguard, 1 policy on", config: { all: "disabled", "auth-method-required": "mandatory" }, policyPhase: "analyzeStack" },
    ],
    syntheticFleet,
    sizes,
    repeats,
  );
  if (!fs.existsSync(path.join(AWSGUARD_PACK, "node_modules/@pulumi/awsguard"))) {
    return {
      startupMs: { iisguard: iisguard.startupMs },
      rows: iisguard.rows,
      awsguardMissing: "bench/peers/awsguard is not installed (scripts/install-bench-deps.sh installs it)",
    };
  }
  const awsguard = await packCost(
    AWSGUARD_PACK,
    [{ label: "awsguard", config: {}, policyPhase: "analyze" }],
    syntheticInstances,
    sizes,
    repeats,
  );
  return { startupMs: { iisguard: iisguard.startupMs, awsguard: awsguard.startupMs }, rows: [...iisguard.rows, ...awsguard.rows] };
}

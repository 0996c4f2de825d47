// Shared set-up for tests that drive the real policy pack over gRPC.
import * as path from "path";
import { PolicyPackProcess, type StackContext } from "../../preview/pack-process";
import { runProgramUnderMocks, type ProgramResource } from "../../preview/run-program";

export const ROOT = path.resolve(__dirname, "../..");
export const PACK_DIR = path.join(ROOT, "policies");
export const FLEET_STACK: StackContext = { project: "iisguard-fleet", stack: "test", dryRun: true };

export function startPack(): Promise<PolicyPackProcess> {
  return PolicyPackProcess.start(PACK_DIR, FLEET_STACK);
}

const programRuns = new Map<string, Promise<ProgramResource[]>>();
/** The reference fleet's resources for a scenario, as a preview would register them (memoized). */
export function fleetResources(scenario: string, dryRun = true): Promise<ProgramResource[]> {
  const key = `${scenario}:${dryRun}`;
  if (!programRuns.has(key)) programRuns.set(key, runProgramUnderMocks(ROOT, { ...FLEET_STACK, dryRun, config: { scenario } }));
  return programRuns.get(key)!;
}

// `iisguard demo` (npm start): check the reference fleet twice, clean and broken, so a newcomer
// sees a passing preview and a failing one side by side.
import * as path from "path";
import { check, type CheckResult } from "./check";

export interface DemoOptions {
  root: string;
  brokenScenario: string;
}

export interface DemoRun {
  scenario: string;
  result: CheckResult;
}

export async function demo(opts: DemoOptions): Promise<DemoRun[]> {
  const runs: DemoRun[] = [];
  for (const scenario of ["clean", opts.brokenScenario]) {
    const result = await check({
      programDir: opts.root,
      packDir: path.join(opts.root, "policies"),
      stack: "demo",
      config: { scenario },
      preview: true,
    });
    runs.push({ scenario, result });
  }
  return runs;
}

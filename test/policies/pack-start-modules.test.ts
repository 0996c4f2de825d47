// What the pack loads before it can answer GetAnalyzerInfo is its start-up, paid on every
// `pulumi preview --policy-pack` (goal: under 1 s installed, docs/benchmarks.md). Validating files
// (ajv) is never the pack's work (it only shows waiver values, core/schemas/excerpt.ts), and SSH
// (ssh2) is loaded only when remote checks are on, so the pack's module graph at start must contain
// neither. Checked in a fresh process, as the runner loads it.
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

function packagesLoadedByPolicies(): string[] {
  const script = `require(${JSON.stringify(path.join(ROOT, "policies/policies"))}).iisguardPolicies();
const names = new Set(Object.keys(require.cache).map((f) => /node_modules\\/((@[^/]+\\/)?[^/]+)\\/(?!.*node_modules)/.exec(f)?.[1]).filter(Boolean));
process.stdout.write(JSON.stringify([...names].sort()));`;
  const out = execFileSync(process.execPath, ["-r", path.join(ROOT, "preview/register.js"), "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  return JSON.parse(out);
}

test("the pack's start loaded ajv (a tenth of its start-up) though GetAnalyzerInfo validates no file; nor ssh2", () => {
  const loaded = packagesLoadedByPolicies();
  expect(loaded).toContain("@pulumi/policy"); // the probe sees packages at all
  expect(loaded).not.toContain("ajv");
  expect(loaded).not.toContain("ssh2");
});

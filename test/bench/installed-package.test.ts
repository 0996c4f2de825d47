// The installed-package benchmark in its smallest size, so it cannot rot: one round, no warm-up, on
// a project whose node_modules/iisguard is this checkout (packing and installing is the bench's
// slow half and needs the registry; bench/installed-project.ts is what the packaging test does).
// Every measured pack must start and list its policies; every check must run and exit 0.
jest.setTimeout(300_000);
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installedPackage, type InstalledResults } from "../../bench/installed-package";
import { installedSection, installedTargets } from "../../bench/markdown";
import { ROOT } from "../helpers/pack";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-bench-installed-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function userProject(): string {
  const project = path.join(tmp, "pm-portals");
  fs.mkdirSync(path.join(project, "node_modules", ".bin"), { recursive: true });
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: pm-portals\nruntime: nodejs\n");
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "pm-portals", version: "1.0.0", private: true, main: "index.js" }),
  );
  fs.writeFileSync(path.join(project, "index.js"), "// declares nothing: the smallest program a check runs\n");
  fs.symlinkSync(ROOT, path.join(project, "node_modules", "iisguard"));
  fs.symlinkSync(path.join(ROOT, "node_modules", "@pulumi"), path.join(project, "node_modules", "@pulumi"));
  fs.symlinkSync(path.join("..", "iisguard", "bin", "iisguard.js"), path.join(project, "node_modules", ".bin", "iisguard"));
  return project;
}

const versionOf = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;

test("one round: every pack starts and lists its policies, every check runs and exits 0, the section renders", async () => {
  const r = await installedPackage(userProject(), 1, { warmUp: false });
  const packs = Object.fromEntries(r.startup.map((x) => [x.what, x]));
  expect(Object.keys(packs)).toEqual(
    expect.arrayContaining(["iisguard, installed", "floor: @pulumi/policy, 1 no-op policy", "iisguard, from this checkout"]),
  );
  expect(packs["floor: @pulumi/policy, 1 no-op policy"].policies).toBe(1);
  expect(packs["iisguard, installed"].policies).toBeGreaterThan(17); // one per rule, plus remote and incomplete
  for (const x of [...r.startup, ...r.check]) {
    expect(x.medianMs).toBeGreaterThan(0);
    expect(x.runsMs).toMatch(/^\d+$/);
  }
  for (const c of r.check) expect({ what: c.what, exitCode: c.exitCode }).toEqual({ what: c.what, exitCode: 0 });
  expect(r.check.find((c) => c.what.includes("--version"))!.output).toBe(versionOf); // iisguard's version, not npm's
  expect(r.check.filter((c) => c.what.includes("check")).map((c) => c.output)).toEqual(
    r.check
      .filter((c) => c.what.includes("check"))
      .map(() => expect.stringMatching(/^iisguard check: \d+ resources? of pm-portals\/dev checked/)),
  );
  const md = installedSection(r).join("\n");
  expect(md).toContain("| iisguard, installed |");
  expect(md).toMatch(/own share of its start-up, over the floor's: -?\d+ ms of wall time \(floor \d+ ms\)/);
}, 300_000);

test("the start-up goal is judged on the installed pack's median against 1 s and AWSGuard", () => {
  const timed = (what: string, medianMs: number) => ({
    what,
    medianMs,
    minMs: medianMs,
    maxMs: medianMs,
    runsMs: String(medianMs),
    policies: 1,
  });
  const r = (ours: number, peer?: number): InstalledResults => ({
    repeats: 1,
    versions: {},
    startup: [
      timed("iisguard, installed", ours),
      timed("floor: @pulumi/policy, 1 no-op policy", 800),
      ...(peer ? [timed("awsguard", peer)] : []),
    ],
    check: [],
  });
  expect(installedTargets(r(900, 2000)).map((t) => t.verdict)).toEqual(["met", "met"]);
  expect(installedTargets(r(1200, 1000)).map((t) => t.verdict)).toEqual(["**missed**", "**missed**"]);
  expect(installedTargets(r(900)).map((t) => t.verdict)).toEqual(["met", "not measured"]);
  expect(installedTargets(r(900))[0].measured).toBe("900 ms (900–900); the floor (bare @pulumi/policy pack) 800 ms");
});

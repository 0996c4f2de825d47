// The package as platform teams install it (issue 12): `npm pack` once, the tarball installed into a
// fresh copy of examples/user-project outside the repository, then per supported Node.js version:
// - the program runs under Pulumi's own program runner and ts-node settings (node_modules not
//   compiled: iisguard/iis must be JavaScript), importing iisguard/iis;
// - `npx iisguard check` with the pack from its installed directory, node_modules/iisguard/policies,
//   started through the analyzer harness, finds the mistake planted in the program (exit 1).
// One install is shared by the Node versions (npm's own work does not depend on the runtime; the
// install uses --ignore-scripts: ssh2's optional native build is not what is tested here).
jest.setTimeout(600_000);
import { execFile, execFileSync, type ExecFileOptions } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackProcess } from "../../preview/pack-process";
import { CURRENT_MAJOR, nodeBinary } from "./node-versions";

const ROOT = path.resolve(__dirname, "../..");
const SUPPORTED_MAJORS = [20, 22, 24];
// The mistake: Anonymous beside Windows on /PM/helpdesk with everyone allowed, so IIS serves it anonymously (401 from the app).
const PLANTED = [
  'authentication: ["windows"],\n      authorization: [{ access: "allow", roles: ["PM Help Desk"] }]',
  'authentication: ["anonymous", "windows"],\n      authorization: [{ access: "allow", users: ["*"] }]',
];

let tmp: string;
let tarball: string;
let project: string;

function run(cmd: string, args: string[], options: ExecFileOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 300_000, maxBuffer: 16 * 1024 * 1024, encoding: "utf8", ...options }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The environment of a user's shell whose `node` is the given binary. */
function shellWith(node: string): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}` };
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-package-"));
  // npm pack runs prepack (npm run build): dist/ and policies/lib/ are compiled from this checkout.
  const packed = execFileSync("npm", ["pack", "--pack-destination", tmp, "--silent"], { cwd: ROOT, encoding: "utf8", timeout: 600_000 });
  tarball = path.join(tmp, packed.trim().split("\n").pop()!);
  project = path.join(tmp, "pm-portals");
  fs.cpSync(path.join(ROOT, "examples", "user-project"), project, { recursive: true });
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", tarball], {
    cwd: project,
    timeout: 600_000,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const index = path.join(project, "index.ts");
  const source = fs.readFileSync(index, "utf8");
  expect(source).toContain(PLANTED[0]);
  fs.writeFileSync(index, source.replace(PLANTED[0], PLANTED[1])); // the mistake: /PM/helpdesk served anonymously
});
afterAll(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

test("the tarball carries the compiled package and its pack, no sources, tests, benchmarks or reference fleet", () => {
  const files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).trim().split("\n");
  expect(files).toEqual(
    expect.arrayContaining([
      "package/dist/iis/index.js",
      "package/dist/iis/index.d.ts",
      "package/bin/iisguard.js",
      "package/policies/index.js",
      "package/policies/package.json",
      "package/policies/PulumiPolicy.yaml",
      "package/policies/lib/policies/pack.js",
    ]),
  );
  expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts") && !f.startsWith("package/examples/"))).toEqual([]);
  expect(files.filter((f) => /^package\/(test|bench|fleet|emulator|scripts|\.ci|index\.ts)/.test(f))).toEqual([]);
  const manifest = JSON.parse(fs.readFileSync(path.join(project, "node_modules", "iisguard", "package.json"), "utf8"));
  expect(Object.keys(manifest.dependencies)).not.toEqual(expect.arrayContaining(["@pulumi/azure-native"]));
  expect(fs.existsSync(path.join(project, "node_modules", "@pulumi", "azure-native"))).toBe(false);
  expect(fs.existsSync(path.join(project, "node_modules", "@pulumi", "random"))).toBe(false);
});

test("importing the package root declares nothing: only iisguard/iis is exported", async () => {
  const r = await run(process.execPath, ["-e", 'require("iisguard")'], { cwd: project });
  expect(r.code).not.toBe(0);
  expect(r.stderr).toContain("ERR_PACKAGE_PATH_NOT_EXPORTED");
});

describe.each(SUPPORTED_MAJORS)("Node %i", (major) => {
  test("the program runs under Pulumi's own ts-node importing iisguard/iis; iisguard check with the installed pack finds the planted mistake", async () => {
    const node = nodeBinary(major);
    const shell = shellWith(node);

    const program = await run(node, [path.join(__dirname, "pulumi-run-under-mocks.js")], {
      cwd: project,
      env: {
        ...shell,
        PULUMI_NODEJS_TYPESCRIPT: "true", // what the language host sets for `typescript: true`
        PULUMI_NODEJS_PROJECT: "pm-portals",
        PULUMI_CONFIG: JSON.stringify({ "pm-portals:adminsGroup": "CORP\\pm-admins", "pm-portals:helpdeskGroup": "CORP\\pm-helpdesk" }),
      },
    });
    expect(program.stderr).toBe("");
    expect(JSON.parse(program.stdout)).toEqual({
      node: expect.stringMatching(new RegExp(`^v${major}\\.`)),
      types: ["pulumi:pulumi:Stack", "iisguard:index:Host", "iisguard:index:Site"],
    });

    const check = await run(
      "npx",
      ["iisguard", "check", ".", "--policy-pack", "node_modules/iisguard/policies", "--policy-pack-config", "policy-config.json"],
      { cwd: project, env: shell },
    );
    expect(check.stderr).toBe("");
    expect(check.stdout).toMatch(
      /mandatory mixed-auth-admits-anonymous: \[HTTP 401\] web01\/Default Web Site\/PM\/helpdesk enables Anonymous next to Windows/,
    );
    expect(check.code).toBe(1);
  });
});

test(`Node ${CURRENT_MAJOR}: the example's waiver file accepts the planted mistake (exit 0)`, async () => {
  const r = await run("npx", ["iisguard", "check", ".", "--waivers", "waivers.yaml", "--format", "json"], { cwd: project });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ project: "pm-portals", stack: "dev", mandatory: 0 });
});

test("the pack directory, packed as `pulumi policy publish` packs it (npm pack), starts with only its declared dependencies", async () => {
  const installedPack = path.join(project, "node_modules", "iisguard", "policies");
  const out = path.join(tmp, "published-pack");
  fs.mkdirSync(out);
  const packed = execFileSync("npm", ["pack", "--pack-destination", out, "--silent"], {
    cwd: installedPack,
    encoding: "utf8",
    timeout: 120_000,
  })
    .trim()
    .split("\n")
    .pop()!;
  execFileSync("tar", ["xzf", path.join(out, packed), "-C", out]);
  const dir = path.join(out, "package");
  // What the service installs: the pack's dependencies, and nothing of the package around it.
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  for (const dep of Object.keys(manifest.dependencies)) {
    fs.mkdirSync(path.dirname(path.join(dir, "node_modules", dep)), { recursive: true });
    fs.symlinkSync(path.join(project, "node_modules", dep), path.join(dir, "node_modules", dep));
  }
  const pack = await PolicyPackProcess.start(dir, { project: "pm-portals", stack: "dev", dryRun: true });
  try {
    const info = await pack.info();
    expect(info).toMatchObject({ name: "iisguard", version: manifest.version });
    expect(info.policies.map((p) => p.name)).toEqual(expect.arrayContaining(["single-auth-method", "iisguard-incomplete"]));
  } finally {
    await pack.close();
  }
});

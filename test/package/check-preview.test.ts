// `iisguard check` sees what `pulumi preview` sees (issue 12): stack config, `main:`, type errors,
// formats it cannot print, a pack that is not there. Each test is named after the failure it pins.
jest.setTimeout(180_000); // a first check transpiles and type-checks cold: up to a minute on a loaded two-core machine
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "bin/iisguard.js");
const FIXTURES = path.join(__dirname, "fixtures");

function iisguard(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 150_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test.concurrent("stack config in Pulumi.<stack>.yaml was ignored: --stack broken fails where the Pulumi.yaml default passes", async () => {
  const [dev, broken] = await Promise.all([
    iisguard("check", path.join(FIXTURES, "stack-config"), "--format", "json"),
    iisguard("check", path.join(FIXTURES, "stack-config"), "--stack", "broken", "--format", "json"),
  ]);
  expect(dev.stderr).toBe("");
  expect(dev.code).toBe(0);
  expect(broken.code).toBe(1);
  expect(JSON.parse(broken.stdout).diagnostics).toEqual([
    expect.objectContaining({
      policyName: "mixed-auth-admits-anonymous",
      message: expect.stringContaining("enables Anonymous next to Windows"),
    }),
  ]);
});

test.concurrent("-c overrides Pulumi.<stack>.yaml, as pulumi config set would", async () => {
  const r = await iisguard("check", path.join(FIXTURES, "stack-config"), "--stack", "broken", "-c", "helpdeskAuthentication=windows");
  expect(r.code).toBe(0);
});

test.concurrent("main: in Pulumi.yaml was ignored: the program in src/ runs and its mistake is found", async () => {
  const r = await iisguard("check", path.join(FIXTURES, "main-dir"));
  expect(r.stderr).toBe("");
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/mandatory mixed-auth-admits-anonymous: \[HTTP 401\]/);
});

test.concurrent("a TypeScript error in the program passed: it is reported as the Pulumi CLI reports it, exit 2", async () => {
  const r = await iisguard("check", path.join(FIXTURES, "type-error"));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(
    `Running program '${path.join(FIXTURES, "type-error")}/' failed with an unhandled exception:\nTSError: ⨯ Unable to compile TypeScript:`,
  );
  expect(r.stderr).toMatch(/index\.ts\(9,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
});

test.concurrent("a declared config key without a value is refused as preview refuses it", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-config-"));
  try {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: needs-config\nruntime: nodejs\nconfig:\n  adminsGroup:\n    type: string\n");
    const r = await iisguard("check", dir, "--stack", "prod");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Stack 'prod' is missing configuration value 'adminsGroup' (declared in ${dir}/Pulumi.yaml)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.concurrent("--format sarif silently printed text: an undocumented format is refused, exit 2", async () => {
  const r = await iisguard("check", ".", "--format", "sarif");
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain("argument 'sarif' is invalid. Allowed choices are text, json.");
});

test.concurrent("a wrong --policy-pack path ended in a raw spawn ENOENT: exit 2 naming the path", async () => {
  const missing = await iisguard("check", ".", "--policy-pack", "/nonexistent/policies");
  expect(missing.code).toBe(2);
  expect(missing.stderr).toBe(
    "iisguard: --policy-pack /nonexistent/policies: no such directory; pass the policy pack directory, e.g. node_modules/iisguard/policies\n",
  );
  const notAPack = await iisguard("check", ".", "--policy-pack", FIXTURES);
  expect(notAPack.code).toBe(2);
  expect(notAPack.stderr).toContain(`--policy-pack ${FIXTURES}: not a policy pack (no PulumiPolicy.yaml)`);
});

test.concurrent("a pack that crashes at start-up is invalid input (exit 2) with its own error, not a violation", async () => {
  const dir = fs.mkdtempSync(path.join(ROOT, "test", "package", ".broken-pack-"));
  try {
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "broken-pack", version: "0.0.0", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "index.js"), 'throw new Error("this pack is broken");\n');
    const r = await iisguard("check", path.join(FIXTURES, "stack-config"), "--policy-pack", dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`iisguard: policy pack in ${dir} exited with code`);
    expect(r.stderr).toContain("this pack is broken");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.concurrent("iisguard --version printed an unknown-option error: it prints the package's version", async () => {
  const r = await iisguard("--version");
  expect(r.code).toBe(0);
  expect(r.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version}\n`);
});

test.concurrent("an unknown command or option exits 2 with a message", async () => {
  const command = await iisguard("audit");
  expect(command.code).toBe(2);
  expect(command.stderr).toContain("error: unknown command 'audit'");
  const missing = await iisguard("logs"); // a command without its required argument
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain("error: missing required argument 'paths'");
  const option = await iisguard("check", "--bogus");
  expect(option.code).toBe(2);
  expect(option.stderr).toContain("error: unknown option '--bogus'");
});

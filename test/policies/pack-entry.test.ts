// The Pulumi CLI's policy runner registers ts-node with type checking on before it loads a pack.
// The pack's entry hands compilation to the project's transpile-only ts-node (type checking is the
// test command's job), which halves the pack's start-up. Checked through the real runner, on a
// throwaway pack whose source has a type error: type-checked, it would not load.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const RUNNER = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [path.join(ROOT, "policies")] });

function runPack(entry: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-entry-"));
  try {
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "entry-test", version: "0.0.0", main: "index.js" }));
    fs.writeFileSync(path.join(dir, "index.js"), entry);
    fs.writeFileSync(
      path.join(dir, "wrong.ts"),
      'const port: number = "eighty";\nprocess.stdout.write(`loaded ${port}\\n`);\nprocess.exit(0);\n',
    );
    const r = spawnSync(process.execPath, [RUNNER, "127.0.0.1:1", dir], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("the runner type-checks what it loads (what the entry switches off)", () => {
  const r = runPack('require("./wrong.ts");\n');
  expect(r.status).not.toBe(0);
  expect(r.output).toMatch(/TS2322|not assignable/);
});

test("behind the project's register, the same source is only transpiled and loads", () => {
  const r = runPack(`require(${JSON.stringify(path.join(ROOT, "preview/register.js"))});\nrequire("./wrong.ts");\n`);
  expect(r.output).toContain("loaded eighty");
  expect(r.status).toBe(0);
});

test("the pack's entry goes through the project's register before it loads the pack (the published pack loads its compiled copy)", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "policies/package.json"), "utf8"));
  const entry = fs
    .readFileSync(path.join(ROOT, "policies", pkg.main), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("require("));
  expect(entry).toEqual([
    'require("../preview/register");',
    'require("./pack");',
    'require(path.join(__dirname, "lib", "policies", "pack"));',
  ]);
});

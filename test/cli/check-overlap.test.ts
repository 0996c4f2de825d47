// `iisguard check` used to run the program under mocks and only then start the policy pack, so its
// wall time was the sum of both (each a second or more: docs/benchmarks.md). The pack now starts
// while the program runs. Shown without timing: the program below waits for the pack to have
// loaded, which it can only see if the two overlap.
jest.setTimeout(180_000);
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../helpers/pack";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-overlap-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
  fs.writeFileSync(path.join(tmp, file), text);
}

beforeAll(() => {
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(tmp, "node_modules")); // @pulumi/* for both, as in a user project
  write("pack/package.json", JSON.stringify({ name: "marker-pack", version: "0.0.0", main: "index.js" }));
  write("pack/PulumiPolicy.yaml", "runtime: nodejs\ndescription: says when it was loaded\n");
  write(
    "pack/index.js",
    'require("fs").writeFileSync(require("path").join(__dirname, "loaded"), "");\n' +
      'const { PolicyPack } = require("@pulumi/policy");\n' +
      'new PolicyPack("marker", { policies: [{ name: "no-op", description: "judges nothing", enforcementLevel: "advisory", validateResource: () => {} }] });\n',
  );
  write("program/Pulumi.yaml", "name: overlap\nruntime: nodejs\n");
  write("program/package.json", JSON.stringify({ name: "overlap", version: "0.0.0", main: "index.js" }));
  write(
    "program/index.js",
    [
      'const fs = require("fs");',
      'const marker = require("path").join(__dirname, "..", "pack", "loaded");',
      "const deadline = Date.now() + 60000;",
      "const pause = new Int32Array(new SharedArrayBuffer(4));",
      "while (!fs.existsSync(marker)) {",
      '  if (Date.now() > deadline) throw new Error("the policy pack was not started while the program ran");',
      "  Atomics.wait(pause, 0, 0, 50);",
      "}",
      "",
    ].join("\n"),
  );
});

test("check started the pack only after the program had finished: it waited for their sum", async () => {
  const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(
      process.execPath,
      [path.join(ROOT, "bin/iisguard.js"), "check", path.join(tmp, "program"), "--policy-pack", path.join(tmp, "pack")],
      { cwd: ROOT, timeout: 150_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
  expect(r.stderr).not.toContain("was not started while the program ran");
  expect(r.stdout).toMatch(/iisguard check: \d+ resources? of overlap\/dev checked/);
  expect(r.code).toBe(0);
});

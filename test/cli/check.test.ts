// `iisguard check` end to end, as a user runs it: exit codes and the messages they read.
jest.setTimeout(180_000); // the first check of a run transpiles the whole program and pack cold: a minute on a loaded two-core machine
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../helpers/pack";

const BIN = path.join(ROOT, "bin/iisguard.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function iisguard(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}
function file(name: string, text: string): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
}

test.concurrent("a broken scenario exits 1 and names the substatus, the application and the fix", async () => {
  const r = await iisguard("check", ".", "-c", "scenario=anonymous-served");
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(
    /mandatory mixed-auth-admits-anonymous: \[HTTP 401\] web01\/Default Web Site\/PM\/helpdesk enables Anonymous next to Windows.*Deny users "\?"/,
  );
  expect(r.stdout).toMatch(/1 mandatory, 1 advisory — a preview with this pack would fail/);
});

test.concurrent("a waiver file accepts the finding; the run exits 0", async () => {
  const waiver = (rule: string) =>
    `- rule: ${rule}\n  target: "web01/Default Web Site/PM/helpdesk"\n  reason: the help desk app authenticates users itself\n  expires: "2099-12-31"\n`;
  const waivers = file("waivers.yaml", waiver("mixed-auth-admits-anonymous") + waiver("single-auth-method"));
  const r = await iisguard("check", ".", "-c", "scenario=anonymous-served", "--waivers", waivers, "--format", "json");
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({ project: "iisguard-fleet", mandatory: 0, diagnostics: [] });
});

test.concurrent("an invalid waiver file exits 2 naming the file, entry and field", async () => {
  const waivers = file(
    "short.yaml",
    `- rule: single-auth-method\n  target: x\n  reason: because\n- rule: no-such-rule\n  target: x\n  reason: a reason long enough\n`,
  );
  const r = await iisguard("check", ".", "--waivers", waivers);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`${waivers}[0].reason: a reason of at least 10 characters is required, got "because"`);
  expect(r.stderr).toContain(`${waivers}[1].rule: "no-such-rule" is not an iisguard rule id`);
});

test.concurrent("an invalid declaration exits 2 naming the resource and the field", async () => {
  const r = await iisguard("check", "test/fixtures/bad-program");
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/iis\.Site 'portal': invalid configuration\s+bindings\[0\]\.port: must be between 1 and 65535, got 70000/);
});

test.concurrent("a policy pack config with a misspelled level exits 2 naming the policy", async () => {
  const cfg = file("cfg.json", JSON.stringify({ "single-auth-method": { enforcementLevel: "mandatroy" } }));
  const r = await iisguard("check", ".", "--policy-pack-config", cfg);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/single-auth-method\.enforcementLevel: "mandatroy" is not an enforcement level/);
});

test.concurrent("usage errors exit 2", async () => {
  expect((await iisguard("check", "--no-such-flag")).code).toBe(2);
  const r = await iisguard("check", "/nonexistent");
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/\/nonexistent: no Pulumi\.yaml/);
});

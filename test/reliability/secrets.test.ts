// Marker secrets planted where iisguard meets them — a key passphrase, the contents of a key file —
// must not appear in any output: CLI output, report files, pack diagnostics, the pack's own logs.
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulatedFleet, type EmulatedFleet } from "../../emulator/fleet";
import type { PolicyPackProcess } from "../../preview/pack-process";
import { PolicyPackProcess as Pack } from "../../preview/pack-process";
import { fleetResources, FLEET_STACK, PACK_DIR, ROOT } from "../helpers/pack";

const PASSPHRASE = "SECRET-MARKER-passphrase-5b2e9";
const KEY_CONTENT = "SECRET-MARKER-keyfile-c41d7";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-secrets-"));
let fleet: EmulatedFleet;
let encrypted: string;
let garbageKey: string;
const outputs: string[] = [];

beforeAll(async () => {
  fleet = await startEmulatedFleet([{ server: "web01" }, { server: "web02", variant: "anonymous-drift" }]);
  encrypted = path.join(dir, "id_encrypted");
  fs.copyFileSync(fleet.identityFile, encrypted);
  execFileSync("ssh-keygen", ["-q", "-p", "-N", PASSPHRASE, "-P", "", "-f", encrypted]);
  garbageKey = path.join(dir, "id_garbage");
  fs.writeFileSync(garbageKey, `-----BEGIN OPENSSH PRIVATE KEY-----\n${KEY_CONTENT}\n-----END OPENSSH PRIVATE KEY-----\n`);
}, 60_000);
afterAll(async () => {
  await fleet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [path.join(ROOT, "bin/iisguard.js"), ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (_e, stdout, stderr) => {
        outputs.push(stdout, stderr);
        resolve();
      },
    ),
  );
}
const scanArgs = (identity: string, out: string) => [
  "scan",
  "--inventory",
  fleet.inventoryFile,
  "--identity",
  identity,
  "--known-hosts",
  fleet.knownHostsFile,
  "-f",
  "json,text,sarif,junit,markdown,html",
  "-o",
  out,
  "--no-progress",
];

test("scans with the right passphrase, a wrong one, and an unreadable key", async () => {
  await cli(scanArgs(encrypted, path.join(dir, "ok")), { IISGUARD_KEY_PASSPHRASE: PASSPHRASE });
  await cli(scanArgs(encrypted, path.join(dir, "wrong")), { IISGUARD_KEY_PASSPHRASE: `${PASSPHRASE}-x` });
  await cli(scanArgs(garbageKey, path.join(dir, "garbage")), {});
  expect(JSON.parse(fs.readFileSync(path.join(dir, "ok", "iisguard-scan.json"), "utf8")).hosts).toHaveLength(2);
}, 120_000);

test("the pack's remote checks with an encrypted key, right and wrong passphrase", async () => {
  for (const passphrase of [PASSPHRASE, `${PASSPHRASE}-x`]) {
    process.env.IISGUARD_KEY_PASSPHRASE = passphrase; // the pack inherits the environment, as under `pulumi preview`
    let pack: PolicyPackProcess | undefined;
    try {
      pack = await Pack.start(PACK_DIR, FLEET_STACK);
      await pack.configure({
        "iisguard-remote": {
          enabled: true,
          user: "iisguard",
          identity: encrypted,
          knownHosts: fleet.knownHostsFile,
          hosts: Object.fromEntries(fleet.hosts.map((h) => [h.server, { address: "127.0.0.1", port: h.port }])),
        },
      });
      const ds = await pack.analyzeStack(await fleetResources("clean"));
      outputs.push(JSON.stringify(ds), pack.logs);
      expect(ds.some((d) => d.policyName === "iisguard-remote")).toBe(true);
    } finally {
      delete process.env.IISGUARD_KEY_PASSPHRASE;
      await pack?.close();
    }
  }
}, 180_000);

test("no marker secret appears in any output, report or diagnostic", () => {
  const reports = ["ok", "wrong", "garbage"].flatMap((d) => {
    const p = path.join(dir, d);
    return fs.existsSync(p) ? fs.readdirSync(p).map((f) => fs.readFileSync(path.join(p, f), "utf8")) : [];
  });
  const everything = [...outputs, ...reports].join("\n");
  expect(everything.length).toBeGreaterThan(1000);
  expect(everything).toMatch(/the key is encrypted and IISGUARD_KEY_PASSPHRASE does not decrypt it/);
  expect(everything).toMatch(/id_garbage: not a private key ssh2 can read/);
  expect(everything).not.toContain("SECRET-MARKER");
  expect(everything).not.toMatch(/BEGIN OPENSSH PRIVATE KEY/);
});

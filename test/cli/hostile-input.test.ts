// `iisguard scan` and `merge` run as a user runs them, against emulated hosts on loopback, with
// hostile input: a host whose site name carries terminal escapes and forged lines, report files
// with stored script or bogus values, secret files passed by mistake, impossible flag values.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { hostFacts } from "../../emulator/host-facts";
import { keyPair, knownHostsLine } from "../../emulator/keys";
import { startEmulatedHost, type EmulatedHost } from "../../emulator/ssh-host";
import { jsonReport } from "../../core/report/json";
import { ROOT } from "../helpers/pack";
import { SAMPLE } from "../fixtures/scan-report";

const BIN = path.join(ROOT, "bin/iisguard.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-hostile-"));
const ESC = "\u001b";
/** Clears the screen, sets the window title, writes the clipboard (OSC 52), then forges a "read" line for a host that was never read. */
const HOSTILE_NAME = `Default${ESC}[2J${ESC}]0;pwned\u0007${ESC}]52;c;cm0gLXJmIH4=\u0007\nweb09 (10.0.0.9:22): read in 5 ms`;

const hosts: EmulatedHost[] = [];
let inventory: string;
let knownHosts: string;
let identity: string;

function iisguard(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const file = (name: string, text: string): string => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
const connections = () => hosts.map((h) => h.connections).reduce((a, b) => a + b, 0);
const scanArgs = (...more: string[]) => [
  "scan",
  "--inventory",
  inventory,
  "--identity",
  identity,
  "--known-hosts",
  knownHosts,
  "--command-timeout",
  "3000",
  "--no-progress",
  ...more,
];

beforeAll(async () => {
  const client = keyPair();
  const hostKey = keyPair();
  // A host with a violation (401.3), so the hostile site name reaches the report in a finding's target.
  const hostile = hostFacts("web01", "acl-denies-helpdesk") as { sites: { name: string }[] };
  hostile.sites[0].name = HOSTILE_NAME;
  for (const facts of [hostile, hostFacts("web02")]) {
    hosts.push(await startEmulatedHost({ facts, hostKey: hostKey.private, authorizedKeys: [client.parsedPublic] }));
  }
  identity = file("id_ed25519", client.private);
  fs.chmodSync(identity, 0o600);
  file("id_ed25519.pub", `${client.public}\n`);
  knownHosts = file("known_hosts", `${hosts.map((h) => knownHostsLine(h.port, hostKey)).join("\n")}\n`);
  inventory = file(
    "inventory.yaml",
    YAML.stringify({ hosts: hosts.map((h, i) => ({ server: `web0${i + 1}`, address: "127.0.0.1", port: h.port })) }),
  );
}, 30_000);
afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("terminal escapes and forged lines", () => {
  test("a host's site name with ANSI/OSC sequences and a newline reaches the text report escaped: no escape acts, no line is forged", async () => {
    const r = await iisguard(scanArgs("--format", "text"));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("web01/Default\\u001b[2J\\u001b]0;pwned\\u0007");
    expect(r.stdout + r.stderr).not.toContain(ESC);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("web09"))).toEqual([]);
  }, 60_000);

  test("an inventory host name with terminal escapes is refused naming the field, shown escaped (exit 2, nothing contacted)", async () => {
    const before = connections();
    const inv = file(
      "escaped-name.yaml",
      YAML.stringify({ hosts: [{ server: `web01${ESC}]0;pwned\u0007`, address: "127.0.0.1", port: hosts[0].port }] }),
    );
    const r = await iisguard(["scan", "--inventory", inv, "--identity", identity, "--known-hosts", knownHosts, "--no-progress"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /escaped-name\.yaml: hosts\[0\]\.server: a non-empty string without control characters is expected, got "web01\\u001b\]0;pwned\\u0007"/,
    );
    expect(r.stdout + r.stderr).not.toContain(ESC);
    expect(connections()).toBe(before);
  }, 30_000);

  test("an unreadable known_hosts (a directory) exits 2 naming the file, with no stack trace", async () => {
    const r = await iisguard([
      "scan",
      "--inventory",
      inventory,
      "--identity",
      identity,
      "--known-hosts",
      path.dirname(knownHosts),
      "--no-progress",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--known-hosts .*cannot read it/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  test("an unknown key in an inventory is named with the closest known key", async () => {
    const inv = file("typo.yaml", YAML.stringify({ hosts: [{ server: "web01", adress: "127.0.0.1" }] }));
    const r = await iisguard(["scan", "--inventory", inv, "--identity", identity, "--known-hosts", knownHosts]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/typo\.yaml: hosts\[0\]: unknown key "adress" \(did you mean 'address'\?\)/);
  }, 30_000);
});

describe("stored injection through merge, --resume and --baseline files", () => {
  const shard = (mutate: (r: ReturnType<typeof JSON.parse>) => void, name: string): string => {
    const doc = JSON.parse(jsonReport(SAMPLE));
    mutate(doc);
    return file(name, JSON.stringify(doc));
  };

  test("a bogus severity in a shard cannot drop a violation from the exit code: the shard is refused (exit 2)", async () => {
    const f = shard((r) => (r.findings[0].severity = "HIGH"), "bogus-severity.json");
    const r = await iisguard(["merge", f, "--fail-on", "low"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bogus-severity\.json: findings\[0\]\.severity: one of low, medium, high, critical is expected, got "HIGH"/);
  }, 30_000);

  test("stored script in a shard's status, substatus and duration never reaches HTML or Markdown: refused, nothing written", async () => {
    const f = shard((r) => {
      r.findings[0].substatus = "<img src=x onerror=alert(1)>";
      r.hosts[0].status = '"><script>alert(1)</script>';
      r.hosts[0].durationMs = "<script>alert(2)</script>";
    }, "stored-script.json");
    const out = path.join(dir, "merged-script");
    const r = await iisguard(["merge", f, "-f", "html,markdown", "-o", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/stored-script\.json: hosts\[0\]\.status: one of ok, failed, not-scanned is expected/);
    expect(r.stderr).toMatch(/stored-script\.json: hosts\[0\]\.durationMs: a whole number ≥ 0 is expected/);
    expect(r.stderr).toMatch(/stored-script\.json: findings\[0\]\.substatus: an HTTP status \(401 or 401\.2\) or null is expected/);
    expect(fs.existsSync(out)).toBe(false);
  }, 30_000);

  test("a malformed shard ends in exit 2 naming the file and field, not exit 70 with a stack trace", async () => {
    const f = shard((r) => (r.hosts[0] = { address: 7 }), "malformed.json");
    const r = await iisguard(["merge", f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/malformed\.json: hosts\[0\]\.server: is required/);
    expect(r.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
  }, 30_000);

  test("a --resume file cannot add hosts the inventory does not have", async () => {
    const f = shard((r) => {
      r.hosts = [{ server: "evil01", address: "10.6.6.6:22", status: "ok", durationMs: 1, sites: 0 }];
      r.findings = [];
    }, "foreign-resume.json");
    const before = connections();
    const r = await iisguard(scanArgs("--resume", f, "--format", "json"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--resume .*foreign-resume\.json: 1 host is not in this scan's inventory: "evil01"/);
    expect(r.stdout).not.toContain("evil01");
    expect(connections()).toBe(before);
  }, 30_000);
});

describe("a bad --output is found before the scan", () => {
  test.each([
    ["an existing file", (f: string) => f, /exists and is not a directory/],
    ["a path under a file", (f: string) => path.join(f, "reports"), /is a file, not a directory/],
  ])(
    "--output naming %s: exit 2 before any host is contacted",
    async (_name, output, error) => {
      const existing = file("not-a-dir", "x");
      const before = connections();
      const r = await iisguard(scanArgs("--format", "json", "--output", output(existing)));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(error);
      expect(connections()).toBe(before);
    },
    30_000,
  );
});

describe("secret files passed by mistake are never printed", () => {
  const SECRET = "hunter2-c0rrect-h0rse";
  test.each([
    [".env", `DB_PASSWORD=${SECRET}\nAPI_TOKEN=${SECRET}\n`],
    ["a private key", `-----BEGIN OPENSSH PRIVATE KEY-----\n${SECRET}\n-----END OPENSSH PRIVATE KEY-----\n`],
    ["YAML that does not parse", `password: x: ${SECRET}\n`],
    ["a JSON document", `{"password": ${SECRET}}`],
    ["a list of secrets", `- ${SECRET}\n`],
  ])(
    "--waivers given %s: exit 2, the error names the file and quotes none of it",
    async (_name, text) => {
      const f = file("secret-waivers", text);
      const r = await iisguard(scanArgs("--waivers", f));
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(f);
      expect(r.stderr + r.stdout).not.toContain(SECRET);
      expect(r.stderr + r.stdout).not.toMatch(/PRIVATE KEY|hunter/);
    },
    30_000,
  );
});

test("a secret given to `check --policy-pack-config` is not quoted in the JSON error", async () => {
  const f = file("secret-pack-config", `{"a": hunter2-c0rrect-h0rse}`);
  const r = await iisguard(["check", ".", "--policy-pack-config", f]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`${f}: not JSON: Unexpected token 'h'`);
  expect(r.stderr + r.stdout).not.toMatch(/hunter|c0rrect/);
}, 30_000);

describe("impossible values are usage errors", () => {
  test("-i key.pub is refused as a public key (exit 2) instead of failing auth on every host", async () => {
    const before = connections();
    const r = await iisguard([
      "scan",
      "--inventory",
      inventory,
      "--identity",
      `${identity}.pub`,
      "--known-hosts",
      knownHosts,
      "--no-progress",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/id_ed25519\.pub: a public key, not a private key \(the private key is probably .*id_ed25519\)/);
    expect(connections()).toBe(before);
  }, 30_000);

  test.each(["--host-timeout", "--command-timeout", "--connect-timeout", "--probe-timeout"])(
    "%s of 2^31 ms or more is refused (Node would make it 1 ms)",
    async (flag) => {
      const r = await iisguard(scanArgs(flag, String(2 ** 31)));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${flag} must be a whole number from 1 to 2147483647, got "2147483648"`));
    },
    30_000,
  );
});

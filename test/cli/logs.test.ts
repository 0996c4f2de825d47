// `iisguard logs` through a real process, on log folders laid out as IIS writes them:
// W3SVC<id> folders, daily rollover with a handshake spanning it, a BOM, CRLF, a 1 MB line and a
// truncated last line; a missing file is a usage error naming it.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../helpers/pack";
import { entry, handshake, header } from "../helpers/w3c-samples";

const BIN = path.join(ROOT, "bin/iisguard.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-cli-logs-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function iisguard(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function write(file: string, lines: string[], eol = "\n", bom = false): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${bom ? "\uFEFF" : ""}${lines.join(eol)}${eol}`);
}

beforeAll(() => {
  const site1 = path.join(dir, "logs", "W3SVC1");
  // Day one ends with a handshake's two 401s; its success is the first line of day two (rollover).
  write(
    path.join(site1, "u_ex261127.log"),
    [
      ...header("2026-11-27 00:00:00"),
      ...Array.from({ length: 5 }, (_, i) => entry({ at: `2026-11-27 09:0${i}:00`, status: 401, sub: 1, win32: 1326, ip: "10.9.9.9" })),
      entry({ at: "2026-11-27 23:59:59", status: 401, sub: 2, win32: 5 }),
      entry({ at: "2026-11-27 23:59:59", status: 401, sub: 1, win32: 2148074254 }),
    ],
    "\r\n",
    true,
  );
  write(path.join(site1, "u_ex261128.log"), [
    ...header("2026-11-28 00:00:00"),
    entry({ at: "2026-11-28 00:00:00", status: 200, user: "CORP\\alice" }),
    `2026-11-28 00:00:01 ${"x".repeat(1 << 20)}`,
    ...Array.from({ length: 3 }, (_, i) =>
      entry({ at: `2026-11-28 08:0${i}:00`, status: 401, sub: 1, win32: 1909, ip: "10.8.8.8", stem: "/PM/Admin/users.aspx" }),
    ),
  ]);
  // The newest file is still being written: its last line is cut short, without a newline.
  fs.appendFileSync(path.join(site1, "u_ex261128.log"), entry({ at: "2026-11-28 09:00:00", status: 401 }).slice(0, 50));
  write(path.join(dir, "logs", "W3SVC2", "u_ex261128.log"), [...header("2026-11-28 00:00:00"), ...handshake("2026-11-28 09:30:00")]);
});

test("folders of two sites: unresolved 401s by site, application, substatus and win32 meaning; the handshake across a rollover is normal", async () => {
  const out = path.join(dir, "reports");
  const r = await iisguard([
    "logs",
    path.join(dir, "logs"),
    "--applications",
    "/PM/admin,/PM/helpdesk",
    "-f",
    "text,json,markdown",
    "-o",
    out,
  ]);
  expect(r.stderr).toMatch(/reports written to/);
  expect(r.code).toBe(1);
  expect(fs.readdirSync(out).sort()).toEqual(["iisguard-logs.json", "iisguard-logs.md", "iisguard-logs.txt"]);
  const report = JSON.parse(fs.readFileSync(path.join(out, "iisguard-logs.json"), "utf8"));
  const rows = report.evidence.groups.map(
    (g: {
      site: string;
      application: string;
      substatus: number;
      win32Status: number;
      unresolved: { count: number };
      handshake: { count: number };
    }) => [g.site, g.application, g.substatus, g.win32Status, g.unresolved.count, g.handshake.count],
  );
  expect(rows).toEqual(
    expect.arrayContaining([
      ["W3SVC1", "/PM/helpdesk", 1, 1326, 5, 0],
      ["W3SVC1", "/PM/admin", 1, 1909, 3, 0],
      ["W3SVC1", "/PM/helpdesk", 2, 5, 0, 1],
      ["W3SVC1", "/PM/helpdesk", 1, 2148074254, 0, 1],
      ["W3SVC2", "/PM/helpdesk", 2, 5, 0, 1],
    ]),
  );
  expect(report.evidence.skipped).toMatchObject({ tooLong: 1, malformed: 1 });
  expect(report.files.map((f: { path: string }) => path.relative(dir, f.path))).toEqual([
    "logs/W3SVC1/u_ex261127.log",
    "logs/W3SVC1/u_ex261128.log",
    "logs/W3SVC2/u_ex261128.log",
  ]);
  const text = fs.readFileSync(path.join(out, "iisguard-logs.txt"), "utf8");
  expect(text).toContain("UNRESOLVED 5 × 401.1, win32 1326 ERROR_LOGON_FAILURE: likely wrong password");
  expect(text).toContain("UNRESOLVED 3 × 401.1, win32 1909 ERROR_ACCOUNT_LOCKED_OUT: likely the account is locked out");
  expect(text).toMatch(
    /normal handshake: 1 × 401\.2 \(win32 5 ERROR_ACCESS_DENIED\), 1 × 401\.1 \(win32 2148074254 SEC_E_NO_CREDENTIALS\)/,
  );
  expect(text).toMatch(/u_ex261128\.log line 6: 1048596 characters, over the 65536-character line cap/);
  expect(fs.readFileSync(path.join(out, "iisguard-logs.md"), "utf8")).toMatch(
    /\| W3SVC1 \| \/PM\/helpdesk \| 401\.1 \| win32 1326 ERROR\\_LOGON\\_FAILURE \| 5 \| 0 \|/,
  );
}, 120_000);

test("--window 12h ends at the newest complete entry (not the truncated last line): day one's morning falls outside it", async () => {
  const r = await iisguard(["logs", path.join(dir, "logs", "W3SVC1"), "--window", "12h", "-f", "json"]);
  expect(r.code).toBe(1);
  const e = JSON.parse(r.stdout).evidence;
  expect(e.window).toEqual({ fromUtc: "2026-11-27T20:02:00.000Z", toUtc: "2026-11-28T08:02:00.000Z" });
  expect(e.skipped.outsideWindow).toBe(5);
  expect(
    e.groups.filter((g: { unresolved: { count: number } }) => g.unresolved.count > 0).map((g: { win32Status: number }) => g.win32Status),
  ).toEqual([1909]);
}, 120_000);

test("a missing file is a usage error naming it (exit 2), before anything is read", async () => {
  const missing = path.join(dir, "logs", "W3SVC9", "u_ex261128.log");
  const r = await iisguard(["logs", path.join(dir, "logs", "W3SVC2"), missing]);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe(`iisguard: ${missing}: cannot read: no such file or directory\n`);
  expect(r.stdout).toBe("");
}, 120_000);

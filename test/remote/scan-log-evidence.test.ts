// Issue #14 parts 3 and 4 through the in-process tier: a scan of emulated hosts whose logs hold a
// planted pattern (emulator/site-logs.ts) puts the observed 401s beside each prediction and reports
// the 401s no rule predicts — an expired password's 401.1 × 1330 on /PM/helpdesk.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { scanCommand } from "../../cli/commands/scan";
import { jsonReport, parseJsonReport } from "../../core/report/json";
import type { EmulatedFleet } from "../../emulator/fleet";
import { collectorFor, scanFleet } from "../helpers/scan-fleet";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-scan-logs-"));
let fleet: EmulatedFleet;
beforeAll(async () => {
  fleet = await scanFleet(
    [{ server: "web01" }, { server: "web03", variant: "acl-denies-helpdesk" }, { server: "web04", variant: "clock-skew" }],
    dir,
  );
}, 60_000);
afterAll(async () => {
  await fleet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = (extra: Partial<Parameters<typeof scanCommand>[0]> = {}) =>
  scanCommand(
    { inventory: fleet.inventoryFile, concurrency: 4, failOn: "low", ...extra },
    collectorFor(fleet, { commandTimeout: 3000, hostTimeout: 6000 }),
  );

test("the predicted 401.3 on web03's /PM/helpdesk carries the 401.3s its logs show, with the win32 breakdown and the site's requests", async () => {
  const { report } = await run();
  const acl = report.findings.find((f) => f.ruleId === "content-acl-grants-read" && f.target === "web03/Default Web Site/PM/helpdesk");
  expect(acl?.evidence).toMatchObject({
    observed: 4,
    handshake: 0,
    win32: [{ code: 5, count: 4 }],
    requests: 20,
    topPaths: [
      { stem: "/PM/helpdesk/", count: 2 },
      { stem: "/PM/helpdesk/tickets", count: 2 },
    ],
  });
  expect(report.hosts.find((h) => h.server === "web03")?.logs?.sites).toEqual([
    { site: "Default Web Site", read: true, files: 2, entries: 20, problems: [] },
  ]);
});

test("unexplained-401s: the expired password's 401.1 × 1330 on /PM/helpdesk is a finding of its own on every host, medium, with its meaning and likely cause", async () => {
  const { report } = await run();
  for (const server of ["web01", "web03", "web04"]) {
    const found = report.findings.filter((f) => f.ruleId === "unexplained-401s" && f.location.server === server);
    expect(found.map((f) => [f.target, f.substatus, f.data?.win32, f.severity, f.level])).toEqual([
      [`${server}/Default Web Site/PM/helpdesk`, "401.1", 1330, "medium", "advisory"],
    ]);
    expect(found[0].evidence).toMatchObject({
      observed: 6,
      win32: [{ code: 1330, count: 6 }],
      topPaths: [{ stem: "/PM/helpdesk/", count: 6 }],
    });
    expect(found[0].message).toMatch(
      /^6 × 401\.1 on .* that no rule predicts: win32 1330 ERROR_PASSWORD_EXPIRED \(The password for this account has expired\): likely the user's password has expired; top paths \/PM\/helpdesk\/ \(6\)$/,
    );
  }
});

test("a prediction with no 401 of its kind on a busy site is shown as 0 observed with the site's requests; an account cause is neither counted for it nor explained by it", async () => {
  const { report } = await run();
  // web04's clock is 7 minutes off: the host-level clock-skew rule predicts 401.1 for all its sites.
  const skew = report.findings.find((f) => f.ruleId === "clock-skew" && f.target === "web04");
  expect(skew?.evidence).toMatchObject({ observed: 0, handshake: 3, win32: [], requests: 20 });
  // The same substatus, 401.1, but an expired password is the account's state, not the clock's doing.
  expect(report.findings.filter((f) => f.ruleId === "unexplained-401s" && f.location.server === "web04").map((f) => f.data?.win32)).toEqual(
    [1330],
  );
});

test("--no-logs: every prediction says why there is no evidence, never 0; no unexplained finding", async () => {
  const { report } = await run({ logs: { windowHours: 24, byteCap: 0 } });
  const acl = report.findings.find((f) => f.ruleId === "content-acl-grants-read" && f.location.server === "web03");
  expect(acl?.evidence).toEqual({ noEvidence: "logs were not read (--no-logs or --log-bytes 0)" });
  expect(report.findings.filter((f) => f.ruleId === "unexplained-401s")).toEqual([]);
});

test("the evidence survives the JSON report: read back as a baseline, the unexplained findings are existing, not new", async () => {
  const { report } = await run();
  const file = path.join(dir, "baseline.json");
  fs.writeFileSync(file, jsonReport(report));
  expect(parseJsonReport(fs.readFileSync(file, "utf8"), file).hosts[0].logs?.evidence?.groups.length).toBeGreaterThan(0);
  const again = await run({ baseline: file });
  expect(again.report.findings.filter((f) => f.ruleId === "unexplained-401s").map((f) => f.baseline)).toEqual([
    "existing",
    "existing",
    "existing",
  ]);
});

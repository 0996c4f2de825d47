// Findings are put on hosts by their location's server, compared as Windows compares names —
// never by a prefix of the rendered target: with host web1 read and web10 unreadable, a web10
// finding is neither "resolved" nor listed under web1 (issue 11: the baseline comparison listed it
// as resolved). Every format that groups by host is checked.
import { buildView } from "../../../core/report/html/view";
import { jsonReport, parseJsonReport } from "../../../core/report/json";
import { junitReport } from "../../../core/report/junit";
import { compareWithBaseline, type ScanReport } from "../../../core/report/scan-report";
import { sarifReport } from "../../../core/report/sarif";
import { textReport } from "../../../core/report/text";
import type { Finding } from "../../../core/finding";
import { applicationLocation, locationName } from "../../../core/location";

function finding(server: string, path = "/PM/admin"): Finding {
  const location = applicationLocation({ server, siteName: "Default Web Site" }, { path });
  const target = locationName(location);
  return {
    ruleId: "auth-method-required",
    status: "violation",
    location,
    target,
    resource: `host:${server}`,
    origin: "observed",
    severity: "critical",
    level: "mandatory",
    substatus: "401.2",
    messageId: "none",
    data: { target },
    message: `No authentication method is enabled on ${target}`,
  };
}
const report = (findings: Finding[], web10: "ok" | "failed"): ScanReport => ({
  schema: 1,
  tool: { name: "iisguard", version: "test" },
  startedAt: "2026-11-24T02:00:00.000Z",
  finishedAt: "2026-11-24T02:00:05.000Z",
  complete: true,
  hosts: [
    { server: "web1", address: "10.0.0.1:22", status: "ok", durationMs: 5, sites: 1 },
    web10 === "ok"
      ? { server: "web10", address: "10.0.0.10:22", status: "ok", durationMs: 5, sites: 1 }
      : {
          server: "web10",
          address: "10.0.0.10:22",
          status: "failed",
          reason: "web10: timeout",
          errorKind: "timeout",
          durationMs: 5,
          sites: 0,
        },
  ],
  findings,
  waiverProblems: [],
});

test("a finding on unreadable web10 is not resolved because web1 was read", () => {
  const baseline = report([finding("web10")], "ok");
  expect(compareWithBaseline(report([], "failed"), baseline).resolved).toEqual([]);
});

test("a finding on web10, read and clean now, is resolved, with its location", () => {
  const baseline = report([finding("web10")], "ok");
  const resolved = compareWithBaseline(report([], "ok"), baseline).resolved;
  expect(resolved?.map((f) => [f.target, f.location])).toEqual([
    ["web10/Default Web Site/PM/admin", { server: "web10", site: "Default Web Site", path: "/PM/admin" }],
  ]);
});

test("a baseline finding on WEB10 is not resolved while the host listed as web10 could not be read (Windows names)", () => {
  const baseline = report([finding("WEB10")], "ok");
  expect(compareWithBaseline(report([], "failed"), baseline).resolved).toEqual([]);
});

test("a baseline read back from JSON compares on the same locations", () => {
  const baseline = parseJsonReport(jsonReport(report([finding("web10")], "ok")), "baseline.json");
  expect(compareWithBaseline(report([finding("web10")], "ok"), baseline).findings[0].baseline).toBe("existing");
});

test("text and JUnit list a web10 finding under web10 only", () => {
  const r = report([finding("web10")], "ok");
  const text = textReport(r);
  const web1Block = text.slice(text.indexOf("web1 "), text.indexOf("web10 "));
  expect(web1Block).not.toContain("web10/Default Web Site");
  const junit = junitReport(r);
  const web1Case = junit.slice(junit.indexOf('name="web1"'), junit.indexOf('name="web10"'));
  expect(web1Case).not.toContain("web10/Default Web Site");
});

test("the HTML grid puts a web10 finding in web10's row, in its site/application column", () => {
  const view = buildView(report([finding("web10")], "ok"));
  expect(view.servers[view.findings[0].server]).toBe("web10");
});

test("SARIF names the finding by its rendered location", () => {
  const sarif = JSON.parse(sarifReport(report([finding("web10")], "ok")));
  expect(sarif.runs[0].results[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe("web10/Default Web Site/PM/admin");
});

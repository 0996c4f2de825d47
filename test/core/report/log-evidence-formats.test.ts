// Issue #14 part 4: every format shows each finding's log evidence, "0 observed on a busy site"
// explicitly, why there is none, the unexplained-401s findings, and what limited a host's reading;
// the HTML report stays one self-contained file whose policy admits its scripts by hash only.
import { createHash } from "crypto";
import Ajv4 from "ajv-draft-04";
import addFormats from "ajv-formats";
import sarifSchema from "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
import type { Finding } from "../../../core/finding";
import { correlate } from "../../../core/logs/correlate";
import { hostLogs } from "../../../core/logs/host-logs";
import { locationName, type Location } from "../../../core/location";
import { htmlReport } from "../../../core/report/html";
import { jsonReport, parseJsonReport } from "../../../core/report/json";
import { markdownReport } from "../../../core/report/markdown";
import { sarifReport } from "../../../core/report/sarif";
import type { HostResult, ScanReport } from "../../../core/report/scan-report";
import { textReport } from "../../../core/report/text";
import { UPLOT_SCRIPT } from "../../../core/report/html/uplot-source";

const NOW = Date.parse("2026-11-28T12:00:00Z");
const FIELDS = "#Fields: date time s-sitename cs-method cs-uri-stem c-ip sc-status sc-substatus sc-win32-status";
/** A URI stem that tries to end the chart data's script element. */
const HOSTILE_STEM = "/PM/helpdesk/</script><img+src=x+onerror=alert(1)>";
const entry = (i: number, stem: string, status: string) =>
  `2026-11-28 10:${String(i).padStart(2, "0")}:00 W3SVC1 GET ${stem} 10.0.0.${i} ${status}`;

function finding(ruleId: string, location: Location, substatus: string): Finding {
  return {
    ruleId,
    status: "violation",
    location,
    target: locationName(location),
    resource: `host:${location.server}`,
    origin: "observed",
    severity: "high",
    level: "mandatory",
    substatus,
    message: `${ruleId} on ${locationName(location)}`,
  };
}

function report(): ScanReport {
  const site = (name: string, lines: string[], problems: string[] = []) => ({
    site: name,
    siteId: 1,
    directory: "C:\\logs",
    format: "W3C",
    windowHours: 24,
    files: [{ name: "u_ex26112810.log", bytes: 1, lastWriteUtc: "2026-11-28T11:00:00Z", readFromByte: 0, truncated: false }],
    lines: [FIELDS, ...lines],
    problems,
    entries: 3400,
  });
  const web01: HostResult = {
    server: "web01",
    address: "10.0.0.1:22",
    status: "ok",
    durationMs: 5,
    sites: 1,
    logs: hostLogs({
      collected: [
        site(
          "Default Web Site",
          [
            ...Array.from({ length: 3 }, (_, i) => entry(i, "/PM/helpdesk/", "401 3 5")),
            ...Array.from({ length: 2 }, (_, i) => entry(10 + i, HOSTILE_STEM, "401 1 1330")),
          ],
          ["u_ex26112809.log: The process cannot access the file"],
        ),
      ],
      asked: true,
      applicationsOf: () => ["/PM/admin", "/PM/helpdesk"],
      nowMs: NOW,
      windowHours: 24,
    }),
  };
  const web02: HostResult = {
    server: "web02",
    address: "10.0.0.2:22",
    status: "ok",
    durationMs: 5,
    sites: 1,
    logs: { notRead: "logs were not read (--no-logs or --log-bytes 0)", sites: [] },
  };
  const findings = correlate(
    [
      finding("content-acl-grants-read", { server: "web01", site: "Default Web Site", path: "/PM/helpdesk" }, "401.3"),
      finding("auth-method-required", { server: "web01", site: "Default Web Site", path: "/PM/admin" }, "401.2"),
      finding("auth-method-required", { server: "web02", site: "Default Web Site", path: "/PM/admin" }, "401.2"),
    ],
    [web01, web02],
  );
  return {
    schema: 1,
    tool: { name: "iisguard", version: "0.0.0" },
    startedAt: "2026-11-28T12:00:00.000Z",
    finishedAt: "2026-11-28T12:00:01.000Z",
    complete: true,
    hosts: [web01, web02],
    findings,
    waiverProblems: [],
  };
}

const OBSERVED = "observed 3 × 401.3 since 2026-11-28T10:00Z, win32 5: Access is denied (at least: 1 log problem on the way)";
const BUSY_ZERO = "0 × 401.2 observed on a busy site (3,400 requests logged since 2026-11-27T12:00Z) (at least: 1 log problem on the way)";
const NONE = "no log evidence (logs were not read (--no-logs or --log-bytes 0))";

test("text: each finding's evidence under it, 0 on a busy site said, the unexplained finding, the host's log problem", () => {
  const text = textReport(report());
  for (const s of [OBSERVED, BUSY_ZERO, NONE]) expect(text).toContain(`logs: ${s}`);
  expect(text).toContain(
    "unexplained-401s: [HTTP 401.1] 2 × 401.1 on web01/Default Web Site/PM/helpdesk since 2026-11-28T10:10Z that no rule predicts: win32 1330 ERROR_PASSWORD_EXPIRED",
  );
  expect(text).toContain("log problem: Default Web Site: u_ex26112809.log: The process cannot access the file");
  expect(text).toContain("logs not read: logs were not read (--no-logs or --log-bytes 0)");
});

test("Markdown: a log evidence column and a 401s-in-the-logs section per host, what hosts wrote escaped", () => {
  const md = markdownReport(report());
  expect(md).toContain("| severity | rule | HTTP | target | message | log evidence |");
  expect(md).toContain(BUSY_ZERO);
  expect(md).toContain("## 401s in the logs");
  expect(md).toContain("| Default Web Site | /PM/helpdesk | 401.1 | 1330 | 2 | 0 | the user's password has expired |");
  expect(md).toContain("\\<img"); // the stem's markup is escaped text
  expect(md).not.toMatch(/[^\\]<img/);
});

test("SARIF: the evidence in each result's message and properties; unexplained-401s is a documented rule; the log still validates", () => {
  const log = JSON.parse(sarifReport(report()));
  const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(sarifSchema);
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  const results = log.runs[0].results;
  expect(results[0].message.text).toBe(`[HTTP 401.3] content-acl-grants-read on web01/Default Web Site/PM/helpdesk\nLogs: ${OBSERVED}`);
  expect(results[0].properties.logEvidence).toMatchObject({ observed: 3, win32: [{ code: 5, count: 3 }] });
  expect(results[2].properties.logEvidence).toEqual({ noEvidence: "logs were not read (--no-logs or --log-bytes 0)" });
  const unexplained = results.find((r: { ruleId: string }) => r.ruleId === "unexplained-401s");
  expect(log.runs[0].tool.driver.rules[unexplained.ruleIndex]).toMatchObject({
    id: "unexplained-401s",
    properties: { substatus: "401", tags: ["iis", "http-401"] },
  });
});

test("the JSON report reads back (schema) with the evidence and the host's logs", () => {
  const back = parseJsonReport(jsonReport(report()), "scan.json");
  expect(back.findings[0].evidence).toEqual(report().findings[0].evidence);
  expect(back.hosts[0].logs?.evidence?.groups.length).toBe(2);
});

test("a report whose evidence was tampered with is refused, naming the field", () => {
  const doc = JSON.parse(jsonReport(report()));
  doc.findings[0].evidence.observed = "many";
  expect(() => parseJsonReport(JSON.stringify(doc), "scan.json")).toThrow(/scan\.json: .*findings\[0\]\.evidence/);
});

test("HTML: evidence server-rendered beside each finding, a table and a chart box per application, scripts admitted by hash only, a hostile stem stays text", () => {
  const html = htmlReport(report());
  expect(html).toContain(`logs: ${OBSERVED}`);
  expect(html).toContain('<section id="logs"');
  expect(html).toMatch(/<div class="log-chart" id="log-chart-0" role="img"/);
  const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
  const scripts = [...html.matchAll(/<script id="([^"]+)">([\s\S]*?)<\/script>/g)].map((m) => [m[1], m[2]] as const);
  expect(scripts.map(([id]) => id)).toEqual(["report-app", "log-charts"]);
  for (const [, text] of scripts) expect(csp).toContain(`'sha256-${createHash("sha256").update(text).digest("base64")}'`);
  expect(scripts[1][1].startsWith(UPLOT_SCRIPT)).toBe(true);
  expect(html).not.toContain("<img");
  expect(html.match(/<\/script>/g)).toHaveLength(4); // report-data, report-app, log-chart-data, log-charts: the stem ended none of them
});

test("HTML without any host's logs: no section, no chart library, one script hash", () => {
  const r = report();
  const bare = { ...r, hosts: r.hosts.map(({ logs: _l, ...h }) => h), findings: r.findings.map(({ evidence: _e, ...f }) => f) };
  const html = htmlReport(bare);
  expect(html).not.toContain('id="logs"');
  expect(html).not.toContain("uPlot");
  expect(/script-src ('[^']+')+;/.exec(html)![0].match(/sha256-/g)).toHaveLength(1);
});

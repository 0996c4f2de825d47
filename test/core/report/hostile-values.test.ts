// Values from hosts and report files, rendered in every format: control characters shown visibly,
// markup escaped; and report files checked against the report schema before any value is used.
import { htmlReport } from "../../../core/report/html";
import { jsonReport, parseJsonReport } from "../../../core/report/json";
import { junitReport } from "../../../core/report/junit";
import { markdownReport } from "../../../core/report/markdown";
import type { ScanReport } from "../../../core/report/scan-report";
import { sarifReport } from "../../../core/report/sarif";
import { textReport } from "../../../core/report/text";
import { SAMPLE } from "../../fixtures/scan-report";

const ESC = "\u001b";
/** Clear screen, window title, OSC 52 clipboard, a C1 CSI, a bidi override, then a forged line. */
const TERMINAL_ATTACK = `${ESC}[2J${ESC}]0;pwned\u0007${ESC}]52;c;cm0gLXJmIH4=\u0007\u009b31m\u202Egnp.exe\r\nweb09 (10.0.0.9:22): read in 5 ms`;

const hostile: ScanReport = {
  ...SAMPLE,
  shard: "1/2",
  hosts: [SAMPLE.hosts[0], { ...SAMPLE.hosts[1], reason: `connection refused ${TERMINAL_ATTACK}` }],
  resolved: [{ ruleId: "clock-skew", location: { server: `web01${TERMINAL_ATTACK}` }, target: `web01${TERMINAL_ATTACK}`, message: "m" }],
};

test("a host's error text with ANSI/OSC sequences, C1 controls and bidi overrides is shown visibly in the text report", () => {
  const text = textReport(hostile);
  expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/);
  expect(text).toContain(
    "connection refused \\u001b[2J\\u001b]0;pwned\\u0007\\u001b]52;c;cm0gLXJmIH4=\\u0007\\u009b31m\\u202egnp.exe\\u000d\\u000aweb09",
  );
});

test("a newline in a host's error text cannot forge a 'read' line in the text report", () => {
  const lines = textReport(hostile).split("\n");
  expect(lines.filter((l) => l.startsWith("web09"))).toEqual([]);
  expect(lines.filter((l) => /^\S+ \(\S+\): read in \d+ ms$/.test(l)).map((l) => l.split(" ")[0])).toEqual(["web01"]);
});

test("every format shows control characters visibly: none reaches HTML, Markdown, JUnit, SARIF or JSON raw", () => {
  for (const [format, out] of Object.entries({
    html: htmlReport(hostile),
    markdown: markdownReport(hostile),
    junit: junitReport(hostile),
    sarif: sarifReport(hostile),
    json: jsonReport(hostile),
  })) {
    expect([format, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/.test(out)]).toEqual([format, false]);
  }
  expect(JSON.parse(jsonReport(hostile)).hosts[1].reason).toBe(hostile.hosts[1].reason); // escaped, not changed
});

test("stored script in severity, status, substatus and duration is escaped in HTML and Markdown even if it got past validation", () => {
  const payload = '"><img src=x onerror=alert(1)>';
  const forged = {
    ...SAMPLE,
    hosts: [{ ...SAMPLE.hosts[0], status: payload, durationMs: payload }],
    findings: [{ ...SAMPLE.findings[0], severity: payload, substatus: payload }],
  } as unknown as ScanReport;
  const html = htmlReport(forged);
  expect(html).not.toContain("<img");
  expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  const md = markdownReport(forged);
  expect(md).not.toMatch(/(?<!\\)<img/);
  expect(md).toContain("\\<img src=x onerror=alert(1)\\>");
});

describe("report files (baseline, --resume, shards) are validated before use", () => {
  const doc = () => JSON.parse(jsonReport(SAMPLE));

  test("a report iisguard wrote reads back unchanged", () => {
    expect(parseJsonReport(jsonReport(SAMPLE), "r.json")).toEqual(SAMPLE);
  });

  test.each([
    [
      "a bogus severity (it dropped the violation from the exit code)",
      (r: any) => (r.findings[0].severity = "urgent"),
      /r\.json: findings\[0\]\.severity: one of low, medium, high, critical is expected, got "urgent"/,
    ],
    [
      "a status outside the enum",
      (r: any) => (r.findings[1].status = "fine"),
      /findings\[1\]\.status: one of compliant, violation, notApplicable, unknown is expected, got "fine"/,
    ],
    [
      "a duration that is not a number",
      (r: any) => (r.hosts[0].durationMs = "<b>1</b>"),
      /hosts\[0\]\.durationMs: a whole number ≥ 0 is expected, got "<b>1<\/b>"/,
    ],
    ["a host without a name (crashed merge with exit 70)", (r: any) => delete r.hosts[0].server, /hosts\[0\]\.server: is required/],
    [
      "a server name with a newline",
      (r: any) => (r.hosts[0].server = "web01\nweb09"),
      /hosts\[0\]\.server: a non-empty name without control characters is expected, got "web01\\nweb09"/,
    ],
    [
      "an unknown key, with the closest known key",
      (r: any) => ((r.findngs = r.findings), delete r.findings),
      /unknown key "findngs" \(did you mean 'findings'\?\)/,
    ],
    ["an unknown key in a host", (r: any) => (r.hosts[0].adress = "x"), /hosts\[0\]: unknown key "adress" \(did you mean 'address'\?\)/],
  ])("%s is refused naming the file, field and value", (_name, mutate, message) => {
    const d = doc();
    mutate(d);
    expect(() => parseJsonReport(JSON.stringify(d), "r.json")).toThrow(message);
  });

  test("a file that is not JSON is refused without quoting it", () => {
    const secret = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n";
    expect(() => parseJsonReport(secret, "id_ed25519")).toThrow(/^id_ed25519: not JSON: /);
    expect(() => parseJsonReport(`{"a": b3BlbnNzaC1rZXktdjEAAAA}`, "r.json")).toThrow(/^r\.json: not JSON: Unexpected token 'b'$/);
  });
});

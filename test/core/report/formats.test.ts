// Report formats on a report with every kind of host and finding: SARIF validates against the
// 2.1.0 schema, JUnit parses as XML with the right counts, Markdown and HTML escape what hosts say.
import Ajv4 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { htmlReport } from "../../../core/report/html";
import { junitReport } from "../../../core/report/junit";
import { markdownReport } from "../../../core/report/markdown";
import { sarifReport } from "../../../core/report/sarif";
import { textReport } from "../../../core/report/text";
import sarifSchema from "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
import { SAMPLE } from "../../fixtures/scan-report";

test("SARIF validates against the SARIF 2.1.0 schema", () => {
  const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false }); // the schema has a pattern invalid under the u flag
  addFormats(ajv); // uri, date-time … are checked, not ignored
  const validate = ajv.compile(sarifSchema);
  const log = JSON.parse(sarifReport(SAMPLE));
  expect(validate(log) ? [] : validate.errors).toEqual([]);
  const results = log.runs[0].results;
  expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
    ["single-auth-method", "error"],
    ["clock-skew", "note"],
    ["could-not-read", "warning"],
  ]);
  expect(results[1].suppressions).toEqual([{ kind: "external", justification: "NTP fix scheduled for Friday" }]);
  expect(log.runs[0].invocations[0].executionSuccessful).toBe(false);
  for (const r of results) expect(log.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
});

test("JUnit is well-formed XML with a suite per host and the right counts", () => {
  const xml = junitReport(SAMPLE);
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(xml);
  const suites = doc.testsuites.testsuite;
  expect(suites.map((s: Record<string, string>) => [s.name, s.tests, s.failures, s.errors, s.skipped])).toEqual([
    ["web01", "2", "1", "0", "1"],
    ["web02", "1", "0", "1", "0"],
  ]);
});

test("Markdown and HTML escape what hosts say; text names every host", () => {
  const md = markdownReport(SAMPLE);
  expect(md).not.toContain("<script>");
  const rows = md.split("\n").filter((l) => /single-auth-method|could-not-read/.test(l) && l.startsWith("|"));
  expect(rows).toHaveLength(2);
  for (const row of rows) expect((row.match(/(?<!\\)\|/g) ?? []).length).toBe(7); // six columns, log evidence the last: the host's | did not add a column
  expect(md).not.toMatch(/[\u0000-\u0008]/);
  const html = htmlReport(SAMPLE);
  expect(html).not.toContain("<script>");
  expect(html).toContain("&lt;script&gt;");
  expect(html).not.toMatch(/<link|src=|https?:\/\/(?!www\.w3)/); // self-contained
  const text = textReport(SAMPLE);
  expect(text).toMatch(/web02 \(10\.0\.0\.5:22\): FAILED: web02: host key does not match/);
  expect(text).toMatch(/high +single-auth-method \(new\): \[HTTP 401\.2\]/);
});

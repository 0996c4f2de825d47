// Findings are put on hosts by their target's first segment, never by a plain prefix: with host
// web1 read and web10 unreadable, a web10 finding is neither "resolved" nor listed under web1
// (issue 11: the baseline comparison listed it as resolved).
import { compareWithBaseline, type ScanReport } from "../../../core/report/scan-report";
import { junitReport } from "../../../core/report/junit";
import { textReport } from "../../../core/report/text";
import { isOnServer } from "../../../core/targets";

const finding = (target: string) => ({ ruleId: "auth-method-required", status: "violation" as const, target, resource: `host:${target.split("/")[0]}`, origin: "observed" as const, severity: "critical" as const, level: "mandatory" as const, substatus: "401.2", messageId: "none", data: { target }, message: `No authentication method is enabled on ${target}` });
const report = (findings: ReturnType<typeof finding>[], web10: "ok" | "failed"): ScanReport => ({
  schema: 1,
  tool: { name: "iisguard", version: "test" },
  startedAt: "2026-11-24T02:00:00.000Z",
  finishedAt: "2026-11-24T02:00:05.000Z",
  complete: true,
  hosts: [
    { server: "web1", address: "10.0.0.1:22", status: "ok", durationMs: 5, sites: 1 },
    web10 === "ok" ? { server: "web10", address: "10.0.0.10:22", status: "ok", durationMs: 5, sites: 1 } : { server: "web10", address: "10.0.0.10:22", status: "failed", reason: "web10: timeout", errorKind: "timeout", durationMs: 5, sites: 0 },
  ],
  findings,
  waiverProblems: [],
});

test.each([
  ["web1", "web1", true],
  ["web1/Default Web Site/PM", "web1", true],
  ["WEB1/Default Web Site/", "web1", true],
  ["web10/Default Web Site/PM", "web1", false],
  ["web10", "web1", false],
  ["web1", "web10", false],
])("%s is on %s: %s", (target, server, expected) => {
  expect(isOnServer(target, server)).toBe(expected);
});

test("a finding on unreadable web10 is not resolved because web1 was read", () => {
  const baseline = report([finding("web10/Default Web Site/PM/admin")], "ok");
  const compared = compareWithBaseline(report([], "failed"), baseline);
  expect(compared.resolved).toEqual([]);
});

test("a finding on web10, read and clean now, is resolved", () => {
  const baseline = report([finding("web10/Default Web Site/PM/admin")], "ok");
  expect(compareWithBaseline(report([], "ok"), baseline).resolved?.map((f) => f.target)).toEqual(["web10/Default Web Site/PM/admin"]);
});

test("text and JUnit list a web10 finding under web10 only", () => {
  const r = report([finding("web10/Default Web Site/PM/admin")], "ok");
  const text = textReport(r);
  const web1Block = text.slice(text.indexOf("web1 "), text.indexOf("web10 "));
  expect(web1Block).not.toContain("web10/Default Web Site");
  const junit = junitReport(r);
  const web1Case = junit.slice(junit.indexOf('name="web1"'), junit.indexOf('name="web10"'));
  expect(web1Case).not.toContain("web10/Default Web Site");
});

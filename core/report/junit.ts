// JUnit XML as CI systems read it: a test suite per host, a test case per finding; a host with
// nothing wrong has one passing case, a host that could not be read one error.
import { escapeXml } from "./escape";
import { headline } from "./headline";
import { NOT_IN_INVENTORY_TITLE, notInInventoryNote, type ScanReport } from "./scan-report";
import { isOnServer } from "../location";

export function junitReport(r: ScanReport): string {
  const suites = r.hosts.map((h) => {
    const findings = r.findings.filter((f) => isOnServer(f.location, h.server));
    const cases = findings.map((f) => {
      const name = escapeXml(`${f.ruleId} ${f.target}`);
      const body = f.waiver
        ? `<skipped message="${escapeXml(`waived: ${f.waiver.reason}`)}"/>`
        : f.status === "unknown"
          ? `<error type="unknown" message="${escapeXml(f.message)}"/>`
          : `<failure type="${escapeXml(f.severity)}" message="${escapeXml(headline(f))}">${escapeXml(`${f.ruleId} (${f.severity}) on ${f.target}\n${headline(f)}`)}</failure>`;
      return `    <testcase classname="${escapeXml(`iisguard.${f.ruleId}`)}" name="${name}" time="0">${body}</testcase>`;
    });
    if (cases.length === 0)
      cases.push(
        `    <testcase classname="iisguard" name="${escapeXml(`all rules ${h.server}`)}" time="${(h.durationMs / 1000).toFixed(3)}"/>`,
      );
    const failures = findings.filter((f) => !f.waiver && f.status === "violation").length;
    const errors = findings.filter((f) => !f.waiver && f.status === "unknown").length;
    const skipped = findings.filter((f) => f.waiver).length;
    return `  <testsuite name="${escapeXml(h.server)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(h.durationMs / 1000).toFixed(3)}">\n${cases.join("\n")}\n  </testsuite>`;
  });
  if (r.notInInventory?.servers.length) suites.push(notInInventorySuite(r, r.notInInventory));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="iisguard scan">\n${suites.join("\n")}\n</testsuites>\n`;
}

/** Declared servers the inventory leaves out: one case each, an error (never checked) or skipped when allowed. */
function notInInventorySuite(r: ScanReport, { servers, allowed }: NonNullable<ScanReport["notInInventory"]>): string {
  const note = escapeXml(notInInventoryNote(r));
  const cases = servers.map(
    (s) =>
      `    <testcase classname="iisguard.not-in-inventory" name="${escapeXml(s)}" time="0">${allowed ? `<skipped message="${note}"/>` : `<error type="not-in-inventory" message="${note}"/>`}</testcase>`,
  );
  return `  <testsuite name="${escapeXml(NOT_IN_INVENTORY_TITLE)}" tests="${servers.length}" failures="0" errors="${allowed ? 0 : servers.length}" skipped="${allowed ? servers.length : 0}" time="0">\n${cases.join("\n")}\n  </testsuite>`;
}

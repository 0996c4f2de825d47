import { escapeMarkdownCell as cell } from "./escape";
import { NOT_IN_INVENTORY_TITLE, notInInventoryNote, summarize, type ScanReport } from "./scan-report";
import { findingEvidenceText, groupCause, hostLogProblems, hostLogsText } from "./evidence";

const n = (x: number) => x.toLocaleString("en-US");

/** Per host: what was read of its logs, what limited it, and its 401s per application (unresolved first). */
function logSection(r: ScanReport): string[] {
  const hosts = r.hosts.filter((h) => h.logs);
  if (hosts.length === 0) return [];
  const out = [
    "## 401s in the logs",
    "",
    "Unresolved: no success for the same client followed (users were refused). Handshake: the normal Negotiate/NTLM exchange.",
    "",
  ];
  for (const h of hosts) {
    out.push(`### ${cell(h.server)}`, "", cell(hostLogsText(h.logs) ?? ""), "");
    for (const p of hostLogProblems(h)) out.push(`- log problem: ${cell(p)}`);
    const groups = h.logs?.evidence?.groups ?? [];
    if (groups.length) {
      out.push(
        "",
        "| site | application | HTTP | win32 | unresolved | handshake | likely cause | top paths |",
        "|---|---|---|---|---|---|---|---|",
      );
      for (const g of groups) {
        const status = g.substatus === null ? "401" : `401.${g.substatus}`;
        const paths = g.topUriStems.map((s) => `${s.stem} (${n(s.count)})`).join(", ");
        out.push(
          `| ${cell(g.site)} | ${cell(g.application)} | ${status} | ${g.win32Status ?? "—"} | ${n(g.unresolved.count)} | ${n(g.handshake.count)} | ${cell(groupCause(g.win32Status))} | ${cell(paths)} |`,
        );
      }
    }
    out.push("");
  }
  return out;
}

export function markdownReport(r: ScanReport): string {
  const s = summarize(r);
  const out = [
    `# iisguard scan${r.shard ? ` (shard ${cell(r.shard)})` : ""}`,
    "",
    `${s.hosts} hosts: ${s.hostsOk} read, ${s.hostsFailed} failed${s.hostsNotScanned ? `, ${s.hostsNotScanned} not scanned` : ""}. ` +
      `${s.violations} violations, ${s.unknown} unknown, ${s.waived} waived. ${r.complete ? "" : "**The scan was interrupted: this report is partial.**"}`,
    "",
    "| severity | count |",
    "|---|---|",
    ...(["critical", "high", "medium", "low"] as const).map((x) => `| ${x} | ${s.bySeverity[x]} |`),
    "",
    "## Findings",
    "",
    "| severity | rule | HTTP | target | message | log evidence |",
    "|---|---|---|---|---|---|",
    ...r.findings.map(
      (f) =>
        `| ${cell(f.waiver ? "waived" : f.status === "unknown" ? "unknown" : f.severity)} | ${cell(f.ruleId)} | ${cell(f.substatus ?? "")} | ${cell(f.target)} | ${cell(f.message)}${f.baseline === "new" ? " *(new)*" : ""} | ${cell(findingEvidenceText(f) ?? "")} |`,
    ),
    "",
    "## Hosts",
    "",
    "| host | address | status | time (ms) | reason |",
    "|---|---|---|---|---|",
    ...r.hosts.map(
      (h) => `| ${cell(h.server)} | ${cell(h.address)} | ${cell(h.status)} | ${cell(String(h.durationMs))} | ${cell(h.reason ?? "")} |`,
    ),
    "",
    ...(r.notInInventory?.servers.length
      ? [
          `## ${NOT_IN_INVENTORY_TITLE}`,
          "",
          `${r.notInInventory.servers.length} servers, ${cell(notInInventoryNote(r))}.`,
          "",
          "| server |",
          "|---|",
          ...r.notInInventory.servers.map((s) => `| ${cell(s)} |`),
          "",
        ]
      : []),
    ...logSection(r),
  ];
  return out.join("\n");
}

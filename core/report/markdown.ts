import { escapeMarkdownCell as cell } from "./escape";
import { NOT_IN_INVENTORY_TITLE, notInInventoryNote, summarize, type ScanReport } from "./scan-report";

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
    "| severity | rule | HTTP | target | message |",
    "|---|---|---|---|---|",
    ...r.findings.map(
      (f) => `| ${cell(f.waiver ? "waived" : f.status === "unknown" ? "unknown" : f.severity)} | ${cell(f.ruleId)} | ${cell(f.substatus ?? "")} | ${cell(f.target)} | ${cell(f.message)}${f.baseline === "new" ? " *(new)*" : ""} |`,
    ),
    "",
    "## Hosts",
    "",
    "| host | address | status | time (ms) | reason |",
    "|---|---|---|---|---|",
    ...r.hosts.map((h) => `| ${cell(h.server)} | ${cell(h.address)} | ${cell(h.status)} | ${cell(String(h.durationMs))} | ${cell(h.reason ?? "")} |`),
    "",
    ...(r.notInInventory?.servers.length
      ? [`## ${NOT_IN_INVENTORY_TITLE}`, "", `${r.notInInventory.servers.length} servers, ${cell(notInInventoryNote(r))}.`, "", "| server |", "|---|", ...r.notInInventory.servers.map((s) => `| ${cell(s)} |`), ""]
      : []),
  ];
  return out.join("\n");
}

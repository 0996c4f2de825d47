// The text report, for a terminal or a CI log. Every value from a host, an inventory or a report
// file goes through escapeText: an ESC cannot drive the terminal, a newline cannot forge a line.
import { escapeText as t } from "./escape";
import { headline } from "./headline";
import { NOT_IN_INVENTORY_TITLE, notInInventoryNote, summarize, type ScanReport } from "./scan-report";
import { isOnServer } from "../location";
import { findingEvidenceText, hostLogProblems, hostLogsText } from "./evidence";

export function textReport(r: ScanReport): string {
  const s = summarize(r);
  const lines = [
    `iisguard scan${r.shard ? ` (shard ${t(r.shard)})` : ""}: ${s.hosts} hosts — ${s.hostsOk} read, ${s.hostsFailed} failed${s.hostsNotScanned ? `, ${s.hostsNotScanned} not scanned (interrupted)` : ""}${r.notInInventory?.servers.length ? `, ${r.notInInventory.servers.length} declared in the stack but not in the inventory` : ""}`,
    `${s.violations} violations (critical ${s.bySeverity.critical}, high ${s.bySeverity.high}, medium ${s.bySeverity.medium}, low ${s.bySeverity.low}), ${s.unknown} unknown, ${s.waived} waived`,
    "",
  ];
  for (const h of r.hosts) {
    const findings = r.findings.filter((f) => isOnServer(f.location, h.server));
    lines.push(
      `${t(h.server)} (${t(h.address)}): ${h.status === "ok" ? `read in ${h.durationMs} ms` : `${t(h.status.toUpperCase())}: ${t(h.reason ?? "")}`}`,
    );
    const logs = hostLogsText(h.logs);
    if (logs) lines.push(`  ${t(logs)}`);
    for (const p of hostLogProblems(h)) lines.push(`  log problem: ${t(p)}`);
    for (const p of h.probes ?? []) {
      lines.push(
        `  probe ${t(p.url)}: ${p.error ? `no answer (${t(p.error)})` : `${p.status}${p.schemes.length ? ` offers ${t(p.schemes.join(", "))}` : ""}`}`,
      );
    }
    for (const f of findings) {
      if (f.fatal) continue; // the host line above says why it could not be read
      const tag = f.waiver ? " (waived)" : f.baseline === "new" ? " (new)" : "";
      lines.push(`  ${t(f.severity).padEnd(8)} ${t(f.ruleId)}${tag}: ${t(headline(f))}`);
      const evidence = findingEvidenceText(f);
      if (evidence) lines.push(`  ${"".padEnd(8)} logs: ${t(evidence)}`);
    }
  }
  if (r.notInInventory?.servers.length) {
    lines.push("", `${NOT_IN_INVENTORY_TITLE} (${r.notInInventory.servers.length}, ${notInInventoryNote(r)}):`);
    for (const server of r.notInInventory.servers) lines.push(`  ${t(server)}`);
  }
  if (r.resolved?.length) {
    lines.push("", "Resolved since the baseline:");
    for (const x of r.resolved) lines.push(`  ${t(x.ruleId)} on ${t(x.target)}`);
  }
  for (const p of r.waiverProblems) lines.push(`waiver ${t(p.kind)}: ${t(p.message)}`);
  return `${lines.join("\n")}\n`;
}

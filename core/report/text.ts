import { headline } from "./headline";
import { summarize, type ScanReport } from "./scan-report";

export function textReport(r: ScanReport): string {
  const s = summarize(r);
  const lines = [
    `iisguard scan${r.shard ? ` (shard ${r.shard})` : ""}: ${s.hosts} hosts — ${s.hostsOk} read, ${s.hostsFailed} failed${s.hostsNotScanned ? `, ${s.hostsNotScanned} not scanned (interrupted)` : ""}`,
    `${s.violations} violations (critical ${s.bySeverity.critical}, high ${s.bySeverity.high}, medium ${s.bySeverity.medium}, low ${s.bySeverity.low}), ${s.unknown} unknown, ${s.waived} waived`,
    "",
  ];
  for (const h of r.hosts) {
    const findings = r.findings.filter((f) => f.target.toLowerCase() === h.server.toLowerCase() || f.target.toLowerCase().startsWith(`${h.server.toLowerCase()}/`));
    lines.push(`${h.server} (${h.address}): ${h.status === "ok" ? `read in ${h.durationMs} ms` : `${h.status.toUpperCase()}: ${h.reason}`}`);
    for (const p of h.probes ?? []) {
      lines.push(`  probe ${p.url}: ${p.error ? `no answer (${p.error})` : `${p.status}${p.schemes.length ? ` offers ${p.schemes.join(", ")}` : ""}`}`);
    }
    for (const f of findings) {
      if (f.ruleId === "host-collected") continue;
      const tag = f.waiver ? " (waived)" : f.baseline === "new" ? " (new)" : "";
      lines.push(`  ${f.severity.padEnd(8)} ${f.ruleId}${tag}: ${headline(f)}`);
    }
  }
  if (r.resolved?.length) {
    lines.push("", "Resolved since the baseline:");
    for (const x of r.resolved) lines.push(`  ${x.ruleId} on ${x.target}`);
  }
  for (const p of r.waiverProblems) lines.push(`waiver ${p.kind}: ${p.message}`);
  return `${lines.join("\n")}\n`;
}

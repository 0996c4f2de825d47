// A self-contained HTML page (inline CSS, no scripts, nothing fetched) for dashboards and mail.
import { escapeXml as e } from "./escape";
import { summarize, type ScanReport } from "./scan-report";

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24}table{border-collapse:collapse;margin:1rem 0;width:100%}
th,td{border:1px solid #d0d7de;padding:.35rem .6rem;text-align:left;vertical-align:top}th{background:#f6f8fa}
.critical,.high{color:#a40e26;font-weight:600}.medium{color:#9a6700}.low,.waived{color:#57606a}.unknown{color:#8250df}
.failed,.not-scanned{color:#a40e26}.ok{color:#1a7f37}.summary{font-size:1.1rem}`;

export function htmlReport(r: ScanReport): string {
  const s = summarize(r);
  const rows = r.findings
    .map((f) => {
      const cls = f.waiver ? "waived" : f.status === "unknown" ? "unknown" : f.severity;
      return `<tr><td class="${e(cls)}">${e(cls)}</td><td>${e(f.ruleId)}</td><td>${e(f.substatus ?? "")}</td><td>${e(f.target)}</td><td>${e(f.message)}${f.baseline === "new" ? " <em>(new)</em>" : ""}</td></tr>`;
    })
    .join("\n");
  const hosts = r.hosts
    .map((h) => `<tr><td>${e(h.server)}</td><td>${e(h.address)}</td><td class="${e(h.status)}">${e(h.status)}</td><td>${e(String(h.durationMs))}</td><td>${e(h.reason ?? "")}</td></tr>`)
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>iisguard scan</title><style>${CSS}</style></head>
<body>
<h1>iisguard scan${r.shard ? ` (shard ${e(r.shard)})` : ""}</h1>
<p class="summary" id="summary">${s.hosts} hosts: ${s.hostsOk} read, ${s.hostsFailed} failed${s.hostsNotScanned ? `, ${s.hostsNotScanned} not scanned` : ""} — ${s.violations} violations, ${s.unknown} unknown, ${s.waived} waived.${r.complete ? "" : " <strong>Interrupted: partial report.</strong>"}</p>
<p>Started ${e(r.startedAt)}, finished ${e(r.finishedAt)}, iisguard ${e(r.tool.version)}.</p>
<h2>Findings</h2>
<table id="findings"><thead><tr><th>severity</th><th>rule</th><th>HTTP</th><th>target</th><th>message</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<h2>Hosts</h2>
<table id="hosts"><thead><tr><th>host</th><th>address</th><th>status</th><th>time (ms)</th><th>reason</th></tr></thead>
<tbody>
${hosts}
</tbody></table>
</body></html>
`;
}

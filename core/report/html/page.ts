// The server-rendered page: overview, fleet grid, findings, unread hosts, the rule reference. All
// of it reads without JavaScript; the script (client.ts) then takes over the grid and the findings
// table to filter, sort and scroll through reports of any size. Every value is escaped here with
// escapeXml; view.ts has already made control characters visible.
import { escapeXml as e } from "../escape";
import { NOT_IN_INVENTORY_TITLE, notInInventoryNote, type ScanReport } from "../scan-report";
import { barChart, type Bar } from "./charts";
import { CLEAN, OUTCOME_NAMES, type FindingView, type ReportView } from "./view";

/**
 * Rows written into the page for readers without JavaScript (worst first). Beyond them the page says
 * how many more there are; the script shows every row. 50,000 server-rendered rows would make the
 * file twice as large and the first paint seconds slower for everyone.
 */
export const STATIC_FINDINGS = 1000;
export const STATIC_GRID_ROWS = 500;

const OUTCOME_LABEL: Record<string, string> = {
  critical: "critical",
  high: "high",
  medium: "medium",
  low: "low",
  unknown: "unknown",
  waived: "waived",
  clean: "no finding",
};
const outcomeName = (o: number) => OUTCOME_NAMES[o];
const badge = (o: number) => `<span class="badge o-${outcomeName(o)}">${OUTCOME_LABEL[outcomeName(o)]}</span>`;
const n = (x: number) => x.toLocaleString("en-US");

function card(key: string, label: string, value: number, note = ""): string {
  return `<li><span class="n" data-count="${key}">${n(value)}</span>${e(label)}${note}</li>`;
}

function countTable(id: string, caption: string, head: string[], rows: string[][], numeric: number[]): string {
  return `<table id="${id}"><caption class="no-print">${e(caption)}</caption><thead><tr>${head.map((h, i) => `<th scope="col"${numeric.includes(i) ? ' class="num"' : ""}>${e(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td${numeric.includes(i) ? ' class="num"' : ""}>${c}</td>`)).join("")}</tr>`,
    )
    .join("")}</tbody></table>`;
}

type RuleRow = ReportView["rules"][number];
type SeverityBar = Bar & { label: "critical" | "high" | "medium" | "low" };

function overview(view: ReportView): string {
  const s = view.summary;
  const severities: SeverityBar[] = (["critical", "high", "medium", "low"] as const).map((x) => ({
    label: x,
    value: s.bySeverity[x],
    tone: `o-${x}`,
  }));
  const openRules = view.rules
    .filter((x) => x.violations + x.unknown + x.waived > 0)
    .sort((a, c) => c.violations + c.unknown - (a.violations + a.unknown) || a.id.localeCompare(c.id));
  return `<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2>
<p class="summary" id="summary">${s.hosts} hosts: ${s.hostsOk} read, ${s.hostsFailed} failed${s.hostsNotScanned ? `, ${s.hostsNotScanned} not scanned` : ""} — ${s.violations} violations, ${s.unknown} unknown, ${s.waived} waived.</p>
${countCards(view)}
${overviewCharts(view, severities, openRules)}
${countTables(view, severities)}
${ruleTable(openRules, view.baseline.compared)}
</section>`;
}

/** The hosts' and findings' counts as cards, with what changed since the baseline when there is one. */
function countCards(view: ReportView): string {
  const s = view.summary;
  const b = view.baseline;
  return `<h3>Hosts</h3>
<ul class="cards">${card("hosts", "hosts", s.hosts)}${card("hostsOk", "read", s.hostsOk)}${card("hostsFailed", "failed", s.hostsFailed)}${card("hostsNotScanned", "not scanned", s.hostsNotScanned)}</ul>
<h3>Findings</h3>
<ul class="cards">${card("violations", "violations", s.violations)}${card("unknown", "unknown", s.unknown)}${card("waived", "waived", s.waived)}${
    b.compared
      ? `${card("new", "new since the baseline", b.new)}${card("existing", "still open", b.existing)}${card("resolved", "resolved", b.resolved)}`
      : `<li>No baseline: run with <code>--baseline previous.json</code> to see what is new and resolved.</li>`
  }</ul>`;
}

/** The overview's bar charts: by severity, by HTTP status, by rule (the 12 with most open findings), and hosts. */
function overviewCharts(view: ReportView, severities: Bar[], openRules: RuleRow[]): string {
  const s = view.summary;
  const ruleBars: Bar[] = openRules
    .filter((x) => x.violations + x.unknown > 0)
    .slice(0, 12)
    .map((x) => ({ label: x.id, value: x.violations + x.unknown, tone: x.violations ? "o-high" : "o-unknown" }));
  const statusBars: Bar[] = view.bySubstatus.map(([label, value]) => ({
    label,
    value,
    tone: label.startsWith("HTTP") ? "o-high" : "o-medium",
  }));
  const hostBars: Bar[] = [
    { label: "read", value: s.hostsOk, tone: "o-clean" },
    { label: "failed", value: s.hostsFailed, tone: "o-unknown" },
    { label: "not scanned", value: s.hostsNotScanned, tone: "o-waived" },
  ];
  return `<div class="charts">
<figure><figcaption>Open violations by severity</figcaption>${barChart("Open violations by severity", severities)}</figure>
<figure><figcaption>By the HTTP status users see</figcaption>${barChart("Open violations by the HTTP status users see", statusBars)}</figure>
<figure><figcaption>Open findings by rule${openRules.length > 12 ? " (top 12)" : ""}</figcaption>${barChart("Open findings by rule", ruleBars)}</figure>
<figure><figcaption>Hosts</figcaption>${barChart("Hosts read, failed and not scanned", hostBars)}</figure>
</div>`;
}

/** Open violations by severity and by HTTP status, and hosts not read by failure kind, as tables of exact counts. */
function countTables(view: ReportView, severities: SeverityBar[]): string {
  return `<div class="charts">
${countTable(
  "by-severity",
  "Open violations by severity",
  ["severity", "open violations"],
  severities.map((x) => [badge(OUTCOME_NAMES.indexOf(x.label)), `<span data-severity="${x.label}">${n(x.value)}</span>`]),
  [1],
)}
${countTable(
  "by-substatus",
  "Open violations by HTTP status",
  ["users see", "open violations"],
  view.bySubstatus.map(([k, c]) => [e(k), n(c)]),
  [1],
)}
${countTable(
  "failure-kinds",
  "Hosts not read, by failure kind",
  ["failure kind", "hosts"],
  view.failureKinds.map(([k, c]) => [e(k), `<span data-kind="${e(k)}">${n(c)}</span>`]),
  [1],
)}
</div>`;
}

/** Every rule with an open or waived finding, each linked to its entry in the rule reference. */
function ruleTable(openRules: RuleRow[], compared: boolean): string {
  return countTable(
    "by-rule",
    "Findings by rule",
    ["rule", "users see", "violations", "unknown", "waived", ...(compared ? ["new"] : [])],
    openRules.map((x) => [
      `<a href="#rule-${e(x.id)}">${e(x.id)}</a>`,
      x.substatus ? `HTTP ${e(x.substatus)}` : "—",
      `<span data-rule-violations="${e(x.id)}">${n(x.violations)}</span>`,
      n(x.unknown),
      n(x.waived),
      ...(compared ? [n(x.new)] : []),
    ]),
    [2, 3, 4, 5],
  );
}

function firstFindingOfCell(view: ReportView): Map<number, number> {
  const first = new Map<number, number>();
  view.findings.forEach((f, i) => {
    const key = f.server * view.columns.length + f.column;
    if (!first.has(key)) first.set(key, i);
  });
  return first;
}

/** A column's head: the site, and the application path below it on a line of its own. */
function columnHead(c: string): string {
  const slash = c.indexOf("/");
  const [site, app] = slash < 0 ? [c, ""] : [c.slice(0, slash), c.slice(slash)];
  return `<th scope="col" title="${e(c)}">${e(site)}${app ? `<small>${e(app)}</small>` : ""}</th>`;
}

function grid(view: ReportView): string {
  const first = firstFindingOfCell(view);
  const cols = view.columns;
  const rows = view.grid.slice(0, STATIC_GRID_ROWS).map((g) => {
    const byColumn = new Map(g.cells.map((c) => [c[0], c]));
    const unread = g.status !== "ok";
    const server = view.servers[g.server];
    const tds = cols.map((col, ci) => {
      const cell = byColumn.get(ci);
      if (!cell) return `<td class="${unread ? "o-unread" : "o-clean"}"></td>`;
      const [, o, count] = cell;
      const at = first.get(g.server * cols.length + ci)!;
      const href = at < STATIC_FINDINGS ? `#f-${at}` : "#findings";
      return `<td class="o-${outcomeName(o)}"><a href="${href}" data-cell="${g.server}:${ci}" aria-label="${e(`${server} ${col}: ${OUTCOME_LABEL[outcomeName(o)]}, ${count} finding${count === 1 ? "" : "s"}`)}">${count}</a></td>`;
    });
    return `<tr><th scope="row" class="server">${e(server)}</th><td class="${unread ? "o-unread" : "o-clean"}">${e(g.status === "ok" ? "read" : g.status)}</td>${tds.join("")}</tr>`;
  });
  const more = view.grid.length - rows.length;
  return `<section id="fleet" aria-labelledby="fleet-h"><h2 id="fleet-h">Fleet</h2>
<p>One row per server (worst first), one column per site or application that has a finding; each cell shows how many findings it has, coloured by the worst. Select a cell to see its findings.</p>
<ul class="grid-legend" aria-label="Legend">${OUTCOME_NAMES.map((o, i) => `<li class="o-${o}">${i === CLEAN ? "no finding" : OUTCOME_LABEL[o]}</li>`).join("")}<li class="o-unread">host not read</li></ul>
<div class="scroller" id="grid-scroller" tabindex="0" aria-label="Fleet grid, scrollable">
<table class="grid" id="grid" aria-rowcount="${view.grid.length + 1}"><thead><tr><th scope="col" class="server">server</th><th scope="col">host</th>${cols.map(columnHead).join("")}</tr></thead>
<tbody>${rows.join("\n")}</tbody></table></div>
${more > 0 ? `<p class="truncated" id="grid-truncated">Without JavaScript the ${n(rows.length)} worst servers are shown; ${n(more)} more are in the JSON report.</p>` : ""}
</section>`;
}

export const FINDING_COLUMNS = [
  ["outcome", "outcome"],
  ["rule", "rule"],
  ["http", "users see"],
  ["target", "target"],
  ["message", "message"],
  ["declared", "declared"],
  ["observed", "deployed"],
] as const;

function findingRow(view: ReportView, f: FindingView, i: number): string {
  const rule = view.rules[f.rule];
  const tags = `${f.baseline === "new" ? '<span class="tag">new</span>' : ""}`;
  return `<tr id="f-${i}"><td>${badge(f.outcome)}${tags}</td><td><a href="#rule-${e(rule.id)}">${e(rule.id)}</a></td><td>${f.substatus ? `HTTP ${e(f.substatus)}` : "—"}</td><td>${e(f.target)}</td><td>${e(f.message)}${
    f.waiver ? `<br><small>waived: ${e(f.waiver)}</small>` : ""
  }${f.evidence ? `<br><small class="evidence">logs: ${e(f.evidence)}</small>` : ""}</td><td>${e(f.drift?.declared ?? "")}</td><td>${e(f.drift?.observed ?? "")}</td></tr>`;
}

function findings(view: ReportView): string {
  const shown = view.findings.slice(0, STATIC_FINDINGS);
  const more = view.findings.length - shown.length;
  return `<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2>
<div class="controls" id="controls" hidden></div>
<p class="count" id="findings-count" role="status">${n(view.findings.length)} findings${more > 0 ? `; the ${n(shown.length)} worst are listed below` : ""}.</p>
<div class="detail" id="detail" hidden tabindex="-1"></div>
<div class="scroller" id="findings-scroller" tabindex="0" aria-label="Findings, scrollable">
<table class="findings static" id="findings-table" aria-rowcount="${view.findings.length + 1}"><colgroup><col style="width:8rem"><col style="width:14rem"><col style="width:7.5rem"><col style="width:18rem"><col><col style="width:10rem"><col style="width:10rem"></colgroup>
<thead><tr>${FINDING_COLUMNS.map(([key, label]) => `<th scope="col" data-key="${key}">${label}</th>`).join("")}</tr></thead>
<tbody>${shown.map((f, i) => findingRow(view, f, i)).join("\n")}</tbody></table></div>
${more > 0 ? `<p class="truncated" id="findings-truncated">Without JavaScript the ${n(shown.length)} worst findings are shown; ${n(more)} more are in the JSON report.</p>` : ""}
</section>`;
}

function unreadHosts(r: ScanReport): string {
  const unread = r.hosts.filter((h) => h.status !== "ok");
  if (unread.length === 0) return "";
  return `<section id="unread" aria-labelledby="unread-h"><h2 id="unread-h">Hosts not read</h2>
<table id="hosts"><thead><tr><th scope="col">host</th><th scope="col">address</th><th scope="col">status</th><th scope="col">failure kind</th><th scope="col" class="num">time (ms)</th><th scope="col">reason</th></tr></thead><tbody>${unread
    .map(
      (h) =>
        `<tr><th scope="row">${e(h.server)}</th><td>${e(h.address)}</td><td>${e(h.status)}</td><td>${e(h.errorKind ?? "")}</td><td class="num">${e(String(h.durationMs))}</td><td>${e(h.reason ?? "")}</td></tr>`,
    )
    .join("\n")}</tbody></table></section>`;
}

function notInInventory(r: ScanReport): string {
  if (!r.notInInventory?.servers.length) return "";
  return `<section id="not-in-inventory" aria-labelledby="not-in-inventory-h"><h2 id="not-in-inventory-h">${e(NOT_IN_INVENTORY_TITLE)}</h2>
<p>${e(String(r.notInInventory.servers.length))} servers, ${e(notInInventoryNote(r))}.</p><ul>${r.notInInventory.servers.map((s) => `<li>${e(s)}</li>`).join("")}</ul></section>`;
}

function resolvedAndWaivers(r: ScanReport): string {
  const parts: string[] = [];
  if (r.resolved?.length)
    parts.push(
      `<section id="resolved" aria-labelledby="resolved-h"><h2 id="resolved-h">Resolved since the baseline</h2><table><thead><tr><th scope="col">rule</th><th scope="col">target</th><th scope="col">message</th></tr></thead><tbody>${r.resolved
        .map((x) => `<tr><td>${e(x.ruleId)}</td><td>${e(x.target)}</td><td>${e(x.message)}</td></tr>`)
        .join("\n")}</tbody></table></section>`,
    );
  if (r.waiverProblems.length)
    parts.push(
      `<section id="waiver-problems" aria-labelledby="waivers-h"><h2 id="waivers-h">Waiver problems</h2><ul>${r.waiverProblems.map((p) => `<li>${e(p.kind)}: ${e(p.message)}</li>`).join("")}</ul></section>`,
    );
  return parts.join("\n");
}

function reference(view: ReportView): string {
  return `<section id="reference" class="reference" aria-labelledby="reference-h"><h2 id="reference-h">Rule reference</h2>
<p>The same text as docs/rules.md, from the rules' own metadata.</p>
${view.rules
  .filter((x) => x.title)
  .map(
    (x) =>
      `<h3 id="rule-${e(x.id)}">${e(x.id)}</h3><dl><dt>${e(x.title)}</dt><dd>${x.substatus ? `Users see HTTP ${e(x.substatus)}.` : "No 401 by itself."}</dd><dt>Checks</dt><dd>${e(x.checks)}</dd><dt>Why</dt><dd>${e(x.why)}</dd><dt>Fix</dt><dd>${e(x.fix)}</dd></dl>`,
  )
  .join("\n")}
</section>`;
}

/** The "401s in the logs" section and, when it has charts, their data, script (uPlot and the drawing code) and its hash. */
export interface LogPart {
  section: string;
  charts?: { data: string; script: string; hash: string; css: string };
}

export function renderPage(
  r: ScanReport,
  view: ReportView,
  data: string,
  script: string,
  scriptHash: string,
  css: string,
  logs: LogPart = { section: "" },
): string {
  // Nothing may be fetched: no connections, images only as data: URLs, and only this page's own scripts run (each by its hash).
  const hashes = [scriptHash, ...(logs.charts ? [logs.charts.hash] : [])].map((h) => `'${h}'`).join(" ");
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${hashes}; base-uri 'none'; form-action 'none'`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>iisguard scan${r.shard ? ` (shard ${e(r.shard)})` : ""}</title><style>${css}${logs.charts ? logs.charts.css : ""}</style></head>
<body>
<a class="skip" href="#findings">Skip to findings</a>
<header><h1>iisguard scan${r.shard ? ` (shard ${e(r.shard)})` : ""}</h1>
<p class="meta">Started ${e(r.startedAt)}, finished ${e(r.finishedAt)}, iisguard ${e(r.tool.version)}.</p>
${r.complete ? "" : '<p class="partial"><strong>Interrupted: partial report.</strong> Hosts not reached are listed as not scanned.</p>'}
</header>
<main>
${overview(view)}
${grid(view)}
${findings(view)}
${logs.section}
${unreadHosts(r)}
${notInInventory(r)}
${resolvedAndWaivers(r)}
${reference(view)}
</main>
<script type="application/json" id="report-data">${data}</script>
<script id="report-app">${script}</script>${
    logs.charts
      ? `\n<script type="application/json" id="log-chart-data">${logs.charts.data}</script>\n<script id="log-charts">${logs.charts.script}</script>`
      : ""
  }
</body></html>
`;
}

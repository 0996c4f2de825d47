// The HTML report's "401s in the logs" (issue #14): per host, what was read and what limited it;
// per application with 401s, a table of its groups (server-rendered: the numbers read without
// JavaScript) and a chart of unresolved vs handshake 401s per hour over the window, drawn by uPlot
// (embedded, uplot-source.ts) from data in a JSON script element. The chart is the enhancement.
import { escapeText as v, escapeXml as e } from "../escape";
import { groupCause, hostLogProblems, hostLogsText } from "../evidence";
import type { EvidenceGroup } from "../../logs/evidence";
import type { ScanReport } from "../scan-report";

/** Charts drawn at most (the applications with the most unresolved 401s first); the tables list every application. */
export const MAX_LOG_CHARTS = 60;
const HOUR_MS = 3_600_000;
const n = (x: number) => x.toLocaleString("en-US");

export interface LogChart {
  id: number;
  label: string;
  /** Hour starts, seconds since the epoch (uPlot's time scale). */
  x: number[];
  unresolved: number[];
  handshake: number[];
}

interface Application {
  server: string;
  site: string;
  application: string;
  groups: EvidenceGroup[];
  window: { fromUtc: string; toUtc: string };
}

function applications(r: ScanReport): Application[] {
  const out: Application[] = [];
  for (const h of r.hosts) {
    const logs = h.logs;
    if (!logs?.evidence || !logs.window) continue;
    const byApp = new Map<string, Application>();
    for (const g of logs.evidence.groups) {
      const key = `${g.site}\u0000${g.application}`;
      let app = byApp.get(key);
      if (!app) byApp.set(key, (app = { server: h.server, site: g.site, application: g.application, groups: [], window: logs.window }));
      app.groups.push(g);
    }
    out.push(...byApp.values());
  }
  const unresolved = (a: Application) => a.groups.reduce((x, g) => x + g.unresolved.count, 0);
  return out.sort((a, b) => unresolved(b) - unresolved(a) || a.server.localeCompare(b.server));
}

/** Every hour of the window, with the application's 401s in it (zeros included: a quiet hour is data too). */
function chartOf(app: Application, id: number): LogChart {
  const from = Math.floor(Date.parse(app.window.fromUtc) / HOUR_MS);
  const to = Math.floor(Date.parse(app.window.toUtc) / HOUR_MS);
  const hours = Math.max(1, Math.min(to - from + 1, 24 * 400));
  const unresolved = new Array<number>(hours).fill(0);
  const handshake = new Array<number>(hours).fill(0);
  for (const g of app.groups) {
    for (const b of g.hourly) {
      const i = Math.floor(Date.parse(b.hourUtc) / HOUR_MS) - from;
      if (i < 0 || i >= hours) continue;
      unresolved[i] += b.unresolved;
      handshake[i] += b.handshake;
    }
  }
  return {
    id,
    label: `${app.server}/${app.site}${app.application === "/" ? "/" : app.application}`,
    x: Array.from({ length: hours }, (_, i) => (from + i) * 3600),
    unresolved,
    handshake,
  };
}

function groupRows(groups: EvidenceGroup[]): string {
  return groups
    .map((g) => {
      const status = g.substatus === null ? "401" : `401.${g.substatus}`;
      const paths = g.topUriStems.map((s) => `${v(s.stem)} (${n(s.count)})`).join(", ");
      return `<tr><th scope="row">HTTP ${status}</th><td class="num">${g.win32Status ?? "—"}</td><td class="num">${n(g.unresolved.count)}</td><td class="num">${n(g.handshake.count)}</td><td>${e(groupCause(g.win32Status))}</td><td>${e(paths)}</td></tr>`;
    })
    .join("");
}

/** The section and the charts' data; nothing when no host's logs were read or asked for. */
export function logSection(r: ScanReport): { html: string; charts: LogChart[] } {
  const hosts = r.hosts.filter((h) => h.logs);
  if (hosts.length === 0) return { html: "", charts: [] };
  const apps = applications(r);
  const charts: LogChart[] = [];
  const figures = apps.map((app, i) => {
    const unresolved = app.groups.reduce((x, g) => x + g.unresolved.count, 0);
    const handshake = app.groups.reduce((x, g) => x + g.handshake.count, 0);
    const label = `${app.server}/${app.site}${app.application === "/" ? "/" : app.application}`;
    let chart = "";
    if (i < MAX_LOG_CHARTS) {
      charts.push(chartOf(app, i));
      chart = `<div class="log-chart" id="log-chart-${i}" role="img" aria-label="${e(`401s per hour on ${v(label)}: ${unresolved} unresolved, ${handshake} in handshakes (numbers in the table)`)}"></div>`;
    }
    return `<figure class="log-app"><figcaption>${e(v(label))}: ${n(unresolved)} unresolved, ${n(handshake)} in normal handshakes</figcaption>${chart}
<table class="log-groups"><thead><tr><th scope="col">users saw</th><th scope="col" class="num">win32</th><th scope="col" class="num">unresolved</th><th scope="col" class="num">handshake</th><th scope="col">likely cause</th><th scope="col">top paths</th></tr></thead><tbody>${groupRows(app.groups)}</tbody></table></figure>`;
  });
  const perHost = hosts.map((h) => {
    const problems = hostLogProblems(h);
    return `<li><strong>${e(v(h.server))}</strong>: ${e(v(hostLogsText(h.logs) ?? ""))}${problems.length ? `<ul>${problems.map((p) => `<li>log problem: ${e(v(p))}</li>`).join("")}</ul>` : ""}</li>`;
  });
  const more =
    apps.length > MAX_LOG_CHARTS
      ? `<p class="truncated">Charts for the ${MAX_LOG_CHARTS} applications with the most unresolved 401s; the tables list all ${n(apps.length)}.</p>`
      : "";
  const html = `<section id="logs" aria-labelledby="logs-h"><h2 id="logs-h">401s in the logs</h2>
<p>What each server's W3C logs say over the window. <strong>Unresolved</strong>: a 401 that no success for the same client followed — users were refused. <strong>Handshake</strong>: a 401 a success followed, the normal Negotiate/NTLM exchange. Findings show the count of the 401 they predict; 401s no rule predicts are <a href="#rule-unexplained-401s">unexplained-401s</a> findings.</p>
<ul class="log-hosts">${perHost.join("")}</ul>
${more}${figures.join("\n")}
</section>`;
  return { html, charts };
}

/** Draws each chart with uPlot from the JSON data element; without uPlot or data it does nothing (the tables stay). */
export const LOG_CHART_SCRIPT = String.raw`(function () {
  "use strict";
  var node = document.getElementById("log-chart-data");
  if (!node || typeof uPlot !== "function") return;
  var charts = JSON.parse(node.textContent);
  var bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.7, 40] }) : undefined;
  charts.forEach(function (c) {
    var box = document.getElementById("log-chart-" + c.id);
    if (!box) return;
    var width = Math.max(320, Math.min(720, box.clientWidth || 560));
    new uPlot({
      width: width,
      height: 180,
      scales: { x: { time: true } },
      // The report's times are UTC; so are the chart's (uPlot shows the browser's zone otherwise).
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); },
      series: [
        {},
        { label: "unresolved", stroke: "#b42318", fill: "rgba(180,35,24,0.35)", paths: bars },
        { label: "handshake", stroke: "#475467", fill: "rgba(71,84,103,0.25)", paths: bars }
      ],
      axes: [{ label: "hour (UTC)" }, { label: "401s per hour", size: 60 }]
    }, [c.x, c.unresolved, c.handshake], box);
    box.setAttribute("data-rendered", "uplot");
  });
})();
`;

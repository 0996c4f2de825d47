// The HTML report: one self-contained file a platform team reads first in the morning. Overview,
// fleet grid and findings are rendered on the server and read without JavaScript; the inline
// script (html/client.ts) adds filters, sorting, a URL that keeps them, and views that render only
// the rows in sight. Styles, script and data are inline; the page's Content-Security-Policy allows
// no connection at all and only its own script (by hash), so opening it fetches nothing.
import { createHash } from "crypto";
import { jsonText } from "./escape";
import type { ScanReport } from "./scan-report";
import { CLIENT_SCRIPT } from "./html/client";
import { renderPage } from "./html/page";
import { CSS } from "./html/styles";
import { buildView, OUTCOME_NAMES, type FindingView, type ReportView } from "./html/view";
import { LOG_CHART_SCRIPT, logSection, type LogChart } from "./html/log-charts";
import { UPLOT_CSS, UPLOT_SCRIPT } from "./html/uplot-source";

const SEVERITY_INDEX = { critical: 0, high: 1, medium: 2, low: 3 } as Record<string, number>;
const OUTCOME_LABELS = ["critical", "high", "medium", "low", "unknown", "waived", "no finding"];

/** One finding as the script reads it (client.ts names the positions): arrays, not objects, keep 50,000 findings small. */
function findingTuple(f: FindingView): (string | number)[] {
  return [
    f.outcome,
    f.rule,
    f.server,
    f.column,
    f.substatus,
    f.target,
    f.message,
    f.baseline === "new" ? 1 : f.baseline === "existing" ? 2 : 0,
    f.waiver,
    f.drift?.field ?? "",
    f.drift?.declared ?? "",
    f.drift?.observed ?? "",
    SEVERITY_INDEX[f.severity] ?? 4,
    f.evidence,
  ];
}

/**
 * The data for the script as the text of a `<script type="application/json">`. The HTML parser ends
 * that element at the first `</script` and treats `<!--` specially (HTML Living Standard §4.12.1.3,
 * "Restrictions for contents of script elements"), so `<`, `>` and `&` are written as JSON's \u escapes;
 * JSON.parse reads back the same strings.
 */
/** JSON for a `<script type="application/json">`, escaped as scriptData explains. */
const inScript = (value: unknown): string => jsonText(value, 0).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

export function scriptData(view: ReportView): string {
  const data = {
    outcomes: OUTCOME_NAMES,
    labels: OUTCOME_LABELS,
    servers: view.servers,
    status: view.grid.reduce<string[]>((acc, g) => ((acc[g.server] = g.status), acc), []),
    columns: view.columns,
    rules: view.rules.map((r) => [r.id, r.substatus, r.title, r.fix]),
    f: view.findings.map(findingTuple),
    g: view.grid.map((g) => [g.server, g.worst, ...g.cells.flat()]),
  };
  return jsonText(data, 0).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

const sha256 = (text: string) => `sha256-${createHash("sha256").update(text).digest("base64")}`;

/** The chart library and its drawing code, one script (one hash); written only when there is a chart. */
const CHARTS_SCRIPT = `${UPLOT_SCRIPT}\n${LOG_CHART_SCRIPT}`;

export function htmlReport(r: ScanReport): string {
  const view = buildView(r);
  const logs = logSection(r);
  const charts =
    logs.charts.length > 0
      ? { data: inScript(logs.charts satisfies LogChart[]), script: CHARTS_SCRIPT, hash: sha256(CHARTS_SCRIPT), css: UPLOT_CSS }
      : undefined;
  return renderPage(r, view, scriptData(view), CLIENT_SCRIPT, sha256(CLIENT_SCRIPT), CSS, { section: logs.html, charts });
}

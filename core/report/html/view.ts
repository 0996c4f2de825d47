// What the HTML report shows, derived once from the scan report: the overview's counts, the fleet
// grid (servers × sites/applications, worst outcome per cell) and the findings in display order.
// Both the server-rendered page and the page's script read this one derivation, so the numbers a
// reader sees without JavaScript are the ones the filters start from.
import type { Finding } from "../../finding";
import { OUTCOMES } from "../../outcomes";
import { RULES } from "../../rules";
import type { Severity } from "../../rule";
import { escapeText } from "../escape";
import { findingEvidenceText } from "../evidence";
import { belowServer } from "../../location";
import { nameKey } from "../../names";
import { summarize, type HostStatus, type ScanReport, type Summary } from "../scan-report";

/** Outcomes from worst to best: a cell shows the lowest code of its findings. */
export const OUTCOME_NAMES = ["critical", "high", "medium", "low", "unknown", "waived", "clean"] as const;
export type OutcomeName = (typeof OUTCOME_NAMES)[number];
export const CLEAN = OUTCOME_NAMES.indexOf("clean");
const SEVERITY_ORDER: Severity[] = ["critical", "high", "medium", "low"];

/** The grid column for what is on the host itself (loopback, proxy, clock, could-not-read). */
export const HOST_COLUMN = "(host)";
/** Beyond this many site/application columns the rarest are folded into one, so the grid stays readable. */
export const MAX_COLUMNS = 30;
export const OTHER_COLUMN = "(other sites)";

export type ReportScanFinding = ScanReport["findings"][number];

export interface FindingView {
  /** Index into OUTCOME_NAMES. */
  outcome: number;
  rule: number;
  server: number;
  column: number;
  severity: Severity;
  substatus: string;
  target: string;
  message: string;
  /** What the logs say about the 401 it predicts ("" when nothing: no logs read, or not a 401). */
  evidence: string;
  baseline: "" | "new" | "existing";
  waiver: string;
  /** Drift: the field, the declared and the deployed value (declared-config-drift's data). */
  drift?: { field: string; declared: string; observed: string };
}

export interface RuleView {
  id: string;
  title: string;
  substatus: string;
  checks: string;
  why: string;
  fix: string;
  violations: number;
  unknown: number;
  waived: number;
  new: number;
}

export interface GridRow {
  server: number;
  status: HostStatus | "not in inventory";
  /** Sparse: [column, outcome, count] for every column with a finding. */
  cells: [number, number, number][];
  worst: number;
}

export interface ReportView {
  summary: Summary;
  rules: RuleView[];
  /** Open (unwaived) violations by the HTTP status users would see. */
  bySubstatus: [string, number][];
  /** Hosts not read, by the remote layer's failure kind. */
  failureKinds: [string, number][];
  baseline: { compared: boolean; new: number; existing: number; resolved: number };
  servers: string[];
  columns: string[];
  grid: GridRow[];
  findings: FindingView[];
}

/** Text from hosts and report files, with control characters shown visibly (see escape.ts); markup is escaped where it is written. */
const v = escapeText;

export function outcomeOf(f: Pick<Finding, "waiver" | "status" | "severity">): number {
  if (f.waiver) return OUTCOME_NAMES.indexOf("waived");
  if (f.status === "unknown") return OUTCOME_NAMES.indexOf("unknown");
  const i = OUTCOME_NAMES.indexOf(f.severity as OutcomeName);
  return i >= 0 && i < 4 ? i : OUTCOME_NAMES.indexOf("unknown"); // a severity iisguard never writes is not called clean
}

function ruleCatalogue(): Omit<RuleView, "violations" | "unknown" | "waived" | "new">[] {
  return [
    ...RULES.map((r) => ({
      id: r.id,
      title: r.title,
      substatus: r.substatus ?? "",
      checks: r.docs.checks,
      why: r.docs.why,
      fix: r.docs.fix,
    })),
    ...OUTCOMES.map((o) => ({ id: o.id, title: o.title, substatus: "", checks: o.docs.checks, why: o.docs.why, fix: o.docs.fix })),
  ];
}

function driftOf(f: ReportScanFinding): FindingView["drift"] {
  const d = f.data;
  if (!d || d.declared === undefined || d.observed === undefined) return undefined;
  return { field: v(String(d.field ?? "")), declared: v(String(d.declared)), observed: v(String(d.observed)) };
}

function countBy<T>(items: T[], key: (t: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The rules' reference rows and `tally`, which counts a finding against its rule and returns the rule's row. */
function ruleTally(): { rules: RuleView[]; tally: (f: ReportScanFinding) => number } {
  const catalogue = ruleCatalogue();
  const ruleIndex = new Map(catalogue.map((x, i) => [x.id, i]));
  const rules: RuleView[] = catalogue.map((x) => ({ ...x, violations: 0, unknown: 0, waived: 0, new: 0 }));
  const tally = (f: ReportScanFinding): number => {
    let rule = ruleIndex.get(f.ruleId);
    if (rule === undefined) {
      // A rule this build does not know (a newer iisguard's report): shown by its id, no reference.
      rule = rules.length;
      ruleIndex.set(f.ruleId, rule);
      rules.push({ id: v(f.ruleId), title: "", substatus: "", checks: "", why: "", fix: "", violations: 0, unknown: 0, waived: 0, new: 0 });
    }
    const rv = rules[rule];
    if (f.waiver) rv.waived++;
    else if (f.status === "unknown") rv.unknown++;
    else if (f.status === "violation") rv.violations++;
    if (f.baseline === "new" && !f.waiver) rv.new++;
    return rule;
  };
  return { rules, tally };
}

/** The grid's servers, each once as Windows compares names: the inventory's, then `add` for any other a finding names. */
function serverRows(hosts: ScanReport["hosts"]) {
  const names: string[] = [];
  const serverIndex = new Map<string, number>();
  const status: GridRow["status"][] = [];
  const add = (name: string, s: GridRow["status"]) => {
    const key = nameKey(name);
    if (!serverIndex.has(key)) {
      serverIndex.set(key, names.length);
      names.push(v(name));
      status.push(s);
    }
    return serverIndex.get(key)!;
  };
  for (const h of hosts) add(h.server, h.status);
  return { names, status, add };
}

/**
 * The grid's columns: the host's own first, then the MAX_COLUMNS most frequent of what locations name
 * below their server, by name; the rest are folded into OTHER_COLUMN, the last (where `columnOf` puts them).
 */
function gridColumns(placed: { column: string }[]): { columns: string[]; columnOf: (column: string) => number } {
  const frequent = countBy(
    placed.filter((p) => p.column !== HOST_COLUMN),
    (p) => p.column,
  );
  const kept = frequent.slice(0, frequent.length > MAX_COLUMNS ? MAX_COLUMNS - 1 : MAX_COLUMNS).map(([c]) => c);
  const columns = [HOST_COLUMN, ...kept.sort((a, b) => a.localeCompare(b)), ...(frequent.length > MAX_COLUMNS ? [OTHER_COLUMN] : [])];
  const columnIndex = new Map(columns.map((c, i) => [c, i]));
  return { columns, columnOf: (column) => columnIndex.get(column) ?? columns.length - 1 };
}

function findingView(f: ReportScanFinding, rule: number, server: number, column: number): FindingView {
  return {
    outcome: outcomeOf(f),
    rule,
    server,
    column,
    severity: f.severity,
    substatus: v(f.substatus ?? ""),
    target: v(f.target),
    message: v(f.message),
    evidence: v(findingEvidenceText(f) ?? ""),
    baseline: f.baseline ?? "",
    waiver: f.waiver ? v(f.waiver.reason) : "",
    drift: driftOf(f),
  };
}

/** Worst first, then by target: the order a reader works in. */
function worstFirst(findings: FindingView[]): FindingView[] {
  const order = findings
    .map((_, i) => i)
    .sort(
      (a, b) =>
        findings[a].outcome - findings[b].outcome ||
        SEVERITY_ORDER.indexOf(findings[a].severity) - SEVERITY_ORDER.indexOf(findings[b].severity) ||
        (findings[a].target < findings[b].target ? -1 : findings[a].target > findings[b].target ? 1 : a - b),
    );
  return order.map((i) => findings[i]);
}

/** A row per server with each column's worst outcome and count; worst rows first, then unread servers, then by name. */
function gridRows(findings: FindingView[], servers: { names: string[]; status: GridRow["status"][] }): GridRow[] {
  const cells = servers.names.map(() => new Map<number, [number, number]>());
  for (const f of findings) {
    const cell = cells[f.server].get(f.column);
    if (!cell) cells[f.server].set(f.column, [f.outcome, 1]);
    else {
      cell[0] = Math.min(cell[0], f.outcome);
      cell[1]++;
    }
  }
  const grid: GridRow[] = servers.names.map((_, s) => {
    const row = [...cells[s].entries()].sort((a, b) => a[0] - b[0]).map(([c, [o, n]]) => [c, o, n] as [number, number, number]);
    return { server: s, status: servers.status[s], cells: row, worst: Math.min(CLEAN, ...row.map((c) => c[1])) };
  });
  const unread = (g: GridRow) => (g.status === "ok" ? 1 : 0);
  return grid.sort((a, b) => a.worst - b.worst || unread(a) - unread(b) || servers.names[a.server].localeCompare(servers.names[b.server]));
}

export function buildView(r: ScanReport): ReportView {
  const { rules, tally } = ruleTally();
  const servers = serverRows(r.hosts);
  // Each finding's row (a server not in the inventory, such as a VM's name, gets one) and column.
  const placed = r.findings.map((f) => {
    const rest = belowServer(f.location);
    return {
      server: servers.add(f.location.server ?? f.location.vm ?? f.target, "not in inventory"),
      column: rest === "" ? HOST_COLUMN : v(rest),
    };
  });
  const { columns, columnOf } = gridColumns(placed);
  const findings = r.findings.map((f, i) => findingView(f, tally(f), placed[i].server, columnOf(placed[i].column)));

  const open = r.findings.filter((f) => !f.waiver);
  const compared = r.resolved !== undefined || r.findings.some((f) => f.baseline !== undefined);
  return {
    summary: summarize(r),
    rules,
    bySubstatus: countBy(
      open.filter((f) => f.status === "violation"),
      (f) => (f.substatus ? `HTTP ${v(f.substatus)}` : "no 401 (advisory)"),
    ),
    failureKinds: countBy(
      r.hosts.filter((h) => h.status !== "ok"),
      (h) => v(h.status === "not-scanned" ? "not scanned (interrupted)" : (h.errorKind ?? "unknown")),
    ),
    baseline: {
      compared,
      new: open.filter((f) => f.baseline === "new").length,
      existing: open.filter((f) => f.baseline === "existing").length,
      resolved: r.resolved?.length ?? 0,
    },
    servers: servers.names,
    columns,
    grid: gridRows(findings, servers),
    findings: worstFirst(findings),
  };
}

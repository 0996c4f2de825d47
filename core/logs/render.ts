// `iisguard logs` output: text for a terminal or CI log, JSON, Markdown. Pure functions of the
// report. Every value that comes from a log file (site names, URI stems, file names, problem
// excerpts) is escaped for its format: a log line must not steer a terminal or become markup.
import { escapeMarkdownCell, escapeText, jsonText } from "../report/escape";
import type { EvidenceGroup, LogEvidence } from "./evidence";
import { describeWin32Status } from "./win32-status";

export interface LogsReport {
  tool: { name: "iisguard"; version: string };
  /** The files read, in the order read, with the site each was attributed to. */
  files: { path: string; site: string }[];
  evidence: LogEvidence;
}

export const LOG_FORMATS = { text: "txt", json: "json", markdown: "md" } as const;
export type LogFormat = keyof typeof LOG_FORMATS;

const n = (x: number) => x.toLocaleString("en-US");
const kind = (g: EvidenceGroup) => (g.substatus === null ? "401 (substatus not logged)" : `401.${g.substatus}`);
function win32(g: EvidenceGroup): { label: string; cause: string } {
  if (g.win32Status === null) return { label: "win32 status not logged", cause: "unknown: the log has no sc-win32-status" };
  const s = describeWin32Status(g.win32Status);
  return { label: `win32 ${g.win32Status} ${s.name}`, cause: s.likelyCause };
}
const stems = (g: EvidenceGroup, esc: (s: string) => string) =>
  g.topUriStems.map((s) => `${esc(s.stem || "-")} (${g.topUriStemsApproximate ? "≤ " : ""}${n(s.count)})`).join(", ");

/** Groups by site and application, in the order of the evidence (unresolved first). */
function bySiteAndApplication(groups: EvidenceGroup[]): { site: string; application: string; groups: EvidenceGroup[] }[] {
  const out = new Map<string, { site: string; application: string; groups: EvidenceGroup[] }>();
  for (const g of groups) {
    const key = `${g.site}\u0000${g.application}`;
    if (!out.has(key)) out.set(key, { site: g.site, application: g.application, groups: [] });
    out.get(key)!.groups.push(g);
  }
  return [...out.values()];
}

function summary(r: LogsReport): string[] {
  const e = r.evidence;
  const unresolved = e.groups.reduce((s, g) => s + g.unresolved.count, 0);
  const handshake = e.groups.reduce((s, g) => s + g.handshake.count, 0);
  return [
    `${n(r.files.length)} file(s), ${n(e.linesRead)} lines: ${n(e.entries)} entries, ${n(e.directives)} directives; skipped ${n(e.skipped.malformed)} malformed, ${n(e.skipped.outsideWindow)} outside the window, ${n(e.skipped.tooLong)} too long, ${n(e.skipped.noFieldsDirective)} before any #Fields:, ${n(e.skipped.empty)} empty`,
    ...(e.window ? [`window: ${e.window.fromUtc} … ${e.window.toUtc}`] : []),
    `${n(e.status401)} × 401: ${n(unresolved)} unresolved, ${n(handshake)} normal handshake (a success for the same client within ${e.handshakeWithinMs / 1000} s)` +
      (e.pendingEvictions > 0 ? `; ${n(e.pendingEvictions)} client(s) judged early (pending-client cap)` : ""),
  ];
}

export function logsText(r: LogsReport): string {
  const out = [`iisguard logs: ${summary(r).join("\n")}`];
  for (const s of bySiteAndApplication(r.evidence.groups)) {
    out.push("", `${escapeText(s.site)} ${escapeText(s.application)}`);
    for (const g of s.groups.filter((x) => x.unresolved.count > 0)) {
      const w = win32(g);
      out.push(
        `  UNRESOLVED ${n(g.unresolved.count)} × ${kind(g)}, ${w.label}: likely ${w.cause}`,
        `    first ${g.unresolved.firstSeenUtc ?? "?"}, last ${g.unresolved.lastSeenUtc ?? "?"}; top paths: ${stems(g, escapeText)}`,
      );
    }
    const shakes = s.groups.filter((x) => x.handshake.count > 0);
    if (shakes.length > 0)
      out.push(`  normal handshake: ${shakes.map((g) => `${n(g.handshake.count)} × ${kind(g)} (${win32(g).label})`).join(", ")}`);
  }
  if (r.evidence.groups.length === 0) out.push("", "no 401 in the lines read");
  const problems = [...r.evidence.problems, ...(r.evidence.problemsOmitted > 0 ? [`… and ${n(r.evidence.problemsOmitted)} more`] : [])];
  if (problems.length > 0) out.push("", "problems:", ...problems.map((p) => `  ${escapeText(p)}`));
  return `${out.join("\n")}\n`;
}

export function logsJson(r: LogsReport): string {
  return `${jsonText({ schema: 1, ...r })}\n`;
}

export function logsMarkdown(r: LogsReport): string {
  const md = escapeMarkdownCell;
  const rows = r.evidence.groups.map((g) => {
    const w = win32(g);
    return `| ${md(g.site)} | ${md(g.application)} | ${kind(g)} | ${md(w.label)} | ${n(g.unresolved.count)} | ${n(g.handshake.count)} | ${md(w.cause)} | ${g.unresolved.firstSeenUtc ?? "—"} | ${g.unresolved.lastSeenUtc ?? "—"} | ${md(g.topUriStems.map((s) => `${s.stem} (${s.count})`).join(", "))} |`;
  });
  const problems = [...r.evidence.problems, ...(r.evidence.problemsOmitted > 0 ? [`… and ${n(r.evidence.problemsOmitted)} more`] : [])];
  return [
    "# iisguard logs",
    "",
    ...summary(r).map((l) => `- ${md(l)}`),
    "",
    "| site | application | status | win32 | unresolved | normal handshake | likely cause | first unresolved | last unresolved | top paths |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows,
    ...(problems.length > 0 ? ["", "## Problems", "", ...problems.map((p) => `- ${md(p)}`)] : []),
    "",
  ].join("\n");
}

export const LOG_RENDERERS: Record<LogFormat, (r: LogsReport) => string> = { text: logsText, json: logsJson, markdown: logsMarkdown };

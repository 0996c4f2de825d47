// The words every report format uses for log evidence (issue #14), so text, Markdown, SARIF and
// HTML say the same thing: "observed 3,400 × 401.1 since 2026-11-24T08:00Z, win32 1326: The user
// name or password is incorrect", "0 observed on a busy site (1,200 requests logged)", or why
// nothing is known. Plain text: each format escapes it for itself.
import type { Finding } from "../finding";
import type { FindingEvidence } from "../logs/finding-evidence";
import type { HostLogs } from "../logs/host-logs";
import { describeWin32Status } from "../logs/win32-status";
import { UNEXPLAINED_401S } from "../outcomes";
import type { HostResult } from "./scan-report";

const n = (x: number) => x.toLocaleString("en-US");
/** ISO times to the minute: "2026-11-24T08:00Z". */
export const minute = (iso: string) => `${iso.slice(0, 16)}Z`;

function win32Text(code: number | null): string {
  if (code === null) return "win32 status not logged";
  const w = describeWin32Status(code);
  return `win32 ${code}: ${w.meaning.replace(/\.$/, "")}`;
}

/** One line on what the logs say about a finding's predicted 401s. */
export function evidenceText(substatus: string | null, e: FindingEvidence): string {
  if ("noEvidence" in e) return `no log evidence (${e.noEvidence})`;
  const status = substatus ?? "401";
  const lowerBound = e.problems?.length
    ? ` (at least: ${e.problems.length} log problem${e.problems.length === 1 ? "" : "s"} on the way)`
    : "";
  const handshakes = e.handshake > 0 ? `; ${n(e.handshake)} in normal handshakes` : "";
  const unknownSub = e.substatusUnknown ? `; ${n(e.substatusUnknown)} more 401s without a logged substatus` : "";
  if (e.observed === 0) {
    const busy =
      e.requests === undefined
        ? `since ${minute(e.window.fromUtc)}`
        : e.requests > 0
          ? `on a busy site (${n(e.requests)} requests logged since ${minute(e.window.fromUtc)})`
          : `since ${minute(e.window.fromUtc)}: the site logged no request`;
    return `0 × ${status} observed ${busy}${handshakes}${unknownSub}${lowerBound}`;
  }
  const codes = e.win32.slice(0, 3).map((w) => `${w.count === e.observed ? "" : `${n(w.count)} `}${win32Text(w.code)}`);
  const more = e.win32.length > 3 ? `; ${e.win32.length - 3} more win32 statuses` : "";
  return `observed ${n(e.observed)} × ${status} since ${minute(e.firstSeenUtc ?? e.window.fromUtc)}, ${codes.join("; ")}${more}${handshakes}${unknownSub}${lowerBound}`;
}

/** The finding's evidence line, or undefined when it has none or its message already is the evidence (unexplained-401s). */
export function findingEvidenceText(f: Pick<Finding, "ruleId" | "substatus" | "evidence">): string | undefined {
  if (!f.evidence || f.ruleId === UNEXPLAINED_401S.id) return undefined;
  return evidenceText(f.substatus, f.evidence);
}

/** One line per host: what was read of its logs, or why not. */
export function hostLogsText(logs: HostLogs | undefined): string | undefined {
  if (!logs) return undefined;
  if (logs.notRead !== undefined) return `logs not read: ${logs.notRead}`;
  const read = logs.sites.filter((s) => s.read);
  const requests = read.every((s) => s.entries !== undefined) ? `, ${n(read.reduce((x, s) => x + (s.entries ?? 0), 0))} requests` : "";
  const groups = logs.evidence?.groups ?? [];
  const unresolved = groups.reduce((x, g) => x + g.unresolved.count, 0);
  const handshake = groups.reduce((x, g) => x + g.handshake.count, 0);
  const since = logs.window ? ` since ${minute(logs.window.fromUtc)}` : "";
  return `logs: ${read.length} of ${logs.sites.length} site${logs.sites.length === 1 ? "" : "s"} read${since}${requests}, ${n(unresolved)} unresolved 401s, ${n(handshake)} in normal handshakes`;
}

/** What limited the reading of a host's logs, one line each, site named: never dropped silently. */
export function hostLogProblems(h: Pick<HostResult, "logs">): string[] {
  const logs = h.logs;
  if (!logs) return [];
  const collection = logs.sites.flatMap((s) => s.problems.map((p) => `${s.site}: ${p}`));
  const analysis = logs.evidence?.problems ?? [];
  const omitted = logs.evidence?.problemsOmitted ? [`${n(logs.evidence.problemsOmitted)} more log problems not listed`] : [];
  return [...collection, ...analysis, ...omitted];
}

/** A group's cause in words, for the tables of 401s per application. */
export function groupCause(win32: number | null): string {
  return win32 === null ? "unknown (no sc-win32-status)" : describeWin32Status(win32).likelyCause;
}

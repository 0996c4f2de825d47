// Predictions beside what users got (issue #14): every finding that predicts a 401 on a server
// carries the 401s of its substatus that server's logs show on its location in the window, and
// the 401s no violation predicts become findings of their own (core/outcomes.ts, unexplained-401s).
// Pure: reads the findings and each host's analysed logs (host-logs.ts), returns new findings.
import type { Finding } from "../finding";
import { isOnServer, type Location } from "../location";
import { nameKey, sameName } from "../names";
import { unexplained401s, UNEXPLAINED_NOISE_THRESHOLD, unexplainedSeverity } from "../outcomes";
import type { EvidenceGroup } from "./evidence";
import type { FindingEvidence, ObservedEvidence } from "./finding-evidence";
import type { HostLogs } from "./host-logs";
import { describeWin32Status, type LikelyCause } from "./win32-status";

/** A host's identity and logs as the correlation needs them (a HostResult). */
export interface HostWithLogs {
  server: string;
  status: string;
  logs?: HostLogs;
}

/** 401.1 → 1; "401" (IIS logs no fixed substatus) → "any". Non-401 statuses (500.19) and advisories: no prediction to check. */
function predictedSubstatus(substatus: string | null): number | "any" | undefined {
  if (substatus === null) return undefined;
  const m = /^401(?:\.(\d{1,3}))?$/.exec(substatus);
  if (!m) return undefined;
  return m[1] === undefined ? "any" : Number(m[1]);
}

/** Whether a finding's location (a server, a site on it, or an application) covers a group's site and application. */
function covers(l: Location, g: EvidenceGroup): boolean {
  if (l.site === undefined) return true;
  if (!sameName(l.site, g.site)) return false;
  return l.path === undefined || sameName(l.path, g.application);
}

/**
 * The causes that are the user's account, not the server's configuration: no rule predicts an
 * expired password, so a configuration violation of the same substatus never explains them.
 */
const ACCOUNT_CAUSES: ReadonlySet<LikelyCause> = new Set([
  "expired-password",
  "must-change-password",
  "locked-out",
  "disabled",
  "expired-account",
  "logon-hours",
  "workstation",
  "account-restriction",
]);

const causeOf = (g: EvidenceGroup): LikelyCause => (g.win32Status === null ? "unknown" : describeWin32Status(g.win32Status).cause);

function sitesCovered(logs: HostLogs, l: Location) {
  return logs.sites.filter((s) => l.site === undefined || sameName(s.site, l.site));
}

function evidenceFor(f: Finding, logs: HostLogs | undefined, hostStatus: string | undefined): FindingEvidence | undefined {
  const wanted = predictedSubstatus(f.substatus);
  if (wanted === undefined || f.fatal || f.location.server === undefined) return undefined;
  if (hostStatus !== "ok") return { noEvidence: "the host could not be read" };
  if (!logs || logs.notRead !== undefined || !logs.evidence || !logs.window)
    return { noEvidence: logs?.notRead ?? "no log evidence was collected" };
  const sites = sitesCovered(logs, f.location);
  const read = sites.filter((s) => s.read);
  if (read.length === 0) {
    const why = sites.flatMap((s) => s.problems).join("; ");
    return {
      noEvidence:
        sites.length === 0
          ? `no log evidence for ${f.location.site ?? "any site"} (its logs were not collected)`
          : `the logs were not read (${why})`,
    };
  }
  const groups = logs.evidence.groups.filter((g) => covers(f.location, g));
  // An account's state (an expired password …) is never a configuration's doing: those 401s are unexplained-401s findings, not this prediction's count.
  const matching = groups.filter((g) => (wanted === "any" || g.substatus === wanted) && !ACCOUNT_CAUSES.has(causeOf(g)));
  const win32 = new Map<number | null, number>();
  const stems = new Map<string, number>();
  let first: string | undefined;
  let last: string | undefined;
  for (const g of matching) {
    if (g.unresolved.count > 0) win32.set(g.win32Status, (win32.get(g.win32Status) ?? 0) + g.unresolved.count);
    for (const s of g.topUriStems) stems.set(s.stem, (stems.get(s.stem) ?? 0) + s.count);
    if (g.unresolved.firstSeenUtc && (!first || g.unresolved.firstSeenUtc < first)) first = g.unresolved.firstSeenUtc;
    if (g.unresolved.lastSeenUtc && (!last || g.unresolved.lastSeenUtc > last)) last = g.unresolved.lastSeenUtc;
  }
  const unknownSub = wanted === "any" ? 0 : groups.filter((g) => g.substatus === null).reduce((n, g) => n + g.unresolved.count, 0);
  const counted = read.filter((s) => s.entries !== undefined);
  const problems = sites.flatMap((s) => s.problems);
  return {
    observed: matching.reduce((n, g) => n + g.unresolved.count, 0),
    handshake: matching.reduce((n, g) => n + g.handshake.count, 0),
    window: logs.window,
    win32: [...win32].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code ?? -1) - (b.code ?? -1)),
    ...(counted.length === read.length ? { requests: counted.reduce((n, s) => n + (s.entries ?? 0), 0) } : {}),
    ...(unknownSub > 0 ? { substatusUnknown: unknownSub } : {}),
    ...(first ? { firstSeenUtc: first } : {}),
    ...(last ? { lastSeenUtc: last } : {}),
    topPaths: [...stems]
      .map(([stem, count]) => ({ stem, count }))
      .sort((a, b) => b.count - a.count || a.stem.localeCompare(b.stem))
      .slice(0, 5),
    ...(problems.length ? { problems } : {}),
  };
}

/** Whether a violation on the same server predicts this group: its location covers it and its substatus is the group's. */
function predicted(g: EvidenceGroup, server: string, violations: Finding[]): boolean {
  if (ACCOUNT_CAUSES.has(causeOf(g))) return false;
  return violations.some((v) => {
    if (!isOnServer(v.location, server) || !covers(v.location, g)) return false;
    const wanted = predictedSubstatus(v.substatus);
    return wanted === "any" || (wanted !== undefined && wanted === g.substatus);
  });
}

function unexplainedOf(host: HostWithLogs, violations: Finding[]): Finding[] {
  const logs = host.logs;
  if (host.status !== "ok" || !logs?.evidence || !logs.window) return [];
  const out: Finding[] = [];
  for (const g of logs.evidence.groups) {
    if (g.unresolved.count === 0 || predicted(g, host.server, violations)) continue;
    const severity = unexplainedSeverity(causeOf(g));
    // Plain bad credentials and the like are every portal's daily noise: a finding only in numbers (the host's logs section lists the rest).
    if (severity === "low" && g.unresolved.count < UNEXPLAINED_NOISE_THRESHOLD) continue;
    const site = logs.sites.find((s) => sameName(s.site, g.site));
    const evidence: ObservedEvidence = {
      observed: g.unresolved.count,
      handshake: g.handshake.count,
      window: logs.window,
      win32: [{ code: g.win32Status, count: g.unresolved.count }],
      ...(site?.entries !== undefined ? { requests: site.entries } : {}),
      ...(g.unresolved.firstSeenUtc ? { firstSeenUtc: g.unresolved.firstSeenUtc } : {}),
      ...(g.unresolved.lastSeenUtc ? { lastSeenUtc: g.unresolved.lastSeenUtc } : {}),
      topPaths: g.topUriStems,
      ...(site?.problems.length ? { problems: site.problems } : {}),
    };
    out.push(unexplained401s({ server: host.server, site: g.site, path: g.application }, g.substatus, g.win32Status, severity, evidence));
  }
  return out;
}

/**
 * Findings with their evidence, then the unexplained 401s of every host whose logs were read.
 * Only violations predict: an unknown outcome says nothing about which 401s to expect.
 */
export function correlate(findings: Finding[], hosts: HostWithLogs[]): Finding[] {
  // Indexed by server once: a fleet of thousands of hosts and tens of thousands of findings stays linear.
  const hostByServer = new Map(hosts.map((h) => [nameKey(h.server), h]));
  const violationsByServer = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.status !== "violation" || f.location.server === undefined) continue;
    const key = nameKey(f.location.server);
    let list = violationsByServer.get(key);
    if (!list) violationsByServer.set(key, (list = []));
    list.push(f);
  }
  const withEvidence = findings.map((f) => {
    const host = f.location.server === undefined ? undefined : hostByServer.get(nameKey(f.location.server));
    const evidence = evidenceFor(f, host?.logs, host?.status);
    return evidence ? { ...f, evidence } : f;
  });
  return [...withEvidence, ...hosts.flatMap((h) => unexplainedOf(h, violationsByServer.get(nameKey(h.server)) ?? []))];
}

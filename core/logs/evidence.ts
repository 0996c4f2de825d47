// What the server's own W3C logs say about 401s (issue #14): the evidence a prediction is checked
// against. Pure data, JSON-ready; one LogEvidence per analysis, joinable across sites.
import { nameKey } from "../names";

/** How many 401s of one kind, and when. Times are ISO 8601 UTC. */
export interface Tally {
  count: number;
  firstSeenUtc?: string;
  lastSeenUtc?: string;
}

/** One URI stem and how many unresolved 401s it drew. */
export interface StemCount {
  stem: string;
  count: number;
}

/** 401s in one clock hour (UTC), for a chart. */
export interface HourBucket {
  hourUtc: string;
  unresolved: number;
  handshake: number;
}

/** The 401s of one (site, application, substatus, win32 status). */
export interface EvidenceGroup {
  site: string;
  /** The longest application path that prefixes the URI stem (case-insensitive), or "/". */
  application: string;
  /** sc-substatus; null when the log does not have the field (or wrote `-`): the substatus is unknown. */
  substatus: number | null;
  /** sc-win32-status; null when the log does not have the field (or wrote `-`). */
  win32Status: number | null;
  /** 401s not followed by a success for the same client within the handshake bound. */
  unresolved: Tally;
  /** 401s that were followed by a success for that client: the normal authentication exchange. */
  handshake: Tally;
  /** The most frequent URI stems of the unresolved 401s, most first. */
  topUriStems: StemCount[];
  /** True when more distinct stems were seen than are tracked: counts are then upper bounds (space-saving). */
  topUriStemsApproximate: boolean;
  /** Hours with at least one 401, oldest first. */
  hourly: HourBucket[];
}

/** Why lines were not counted. */
export interface SkippedLines {
  /** Field count not matching the `#Fields:` directive, or a date/time/status that cannot be read. */
  malformed: number;
  /** Entries dated outside the window asked for. */
  outsideWindow: number;
  /** Lines longer than the cap: skipped without being held in memory. */
  tooLong: number;
  /** Entry lines before any `#Fields:` directive: their columns cannot be known. */
  noFieldsDirective: number;
  /** Empty lines. */
  empty: number;
}

export interface LogEvidence {
  /** The window asked for, if any. */
  window?: { fromUtc: string; toUtc: string };
  linesRead: number;
  directives: number;
  /** Entry lines that were read and counted (in the window, well-formed). */
  entries: number;
  /** Entries with sc-status 401. */
  status401: number;
  skipped: SkippedLines;
  /** How long after a 401 a success for the same client still makes it a handshake. */
  handshakeWithinMs: number;
  /** Clients whose pending 401s were judged early because the pending-client map was full. */
  pendingEvictions: number;
  /** 401s still awaiting a possible success when the input ended (counted unresolved). */
  pendingAtEnd: number;
  groups: EvidenceGroup[];
  /** Parse problems naming the file, line, field and value; at most a bounded number. */
  problems: string[];
  /** Problems beyond the bound, counted only. */
  problemsOmitted: number;
}

export const MAX_PROBLEMS = 50;

function earliest(a?: string, b?: string): string | undefined {
  return a === undefined ? b : b === undefined ? a : a < b ? a : b;
}
function latest(a?: string, b?: string): string | undefined {
  return a === undefined ? b : b === undefined ? a : a > b ? a : b;
}
const joinTally = (a: Tally, b: Tally): Tally => ({
  count: a.count + b.count,
  firstSeenUtc: earliest(a.firstSeenUtc, b.firstSeenUtc),
  lastSeenUtc: latest(a.lastSeenUtc, b.lastSeenUtc),
});

/** Unresolved first, then by count: what a reader should see first. */
export function byImportance(a: EvidenceGroup, b: EvidenceGroup): number {
  return (
    b.unresolved.count - a.unresolved.count ||
    b.handshake.count - a.handshake.count ||
    a.site.localeCompare(b.site) ||
    a.application.localeCompare(b.application)
  );
}

/** Joins the evidence of several analyses (one per site or log folder) into one. */
export function mergeEvidence(parts: LogEvidence[]): LogEvidence {
  const groups = new Map<string, EvidenceGroup>();
  for (const g of parts.flatMap((p) => p.groups)) {
    const key = `${nameKey(g.site)}\u0000${nameKey(g.application)}\u0000${g.substatus}\u0000${g.win32Status}`;
    const seen = groups.get(key);
    if (!seen) {
      groups.set(key, g);
      continue;
    }
    const stems = new Map<string, number>();
    for (const s of [...seen.topUriStems, ...g.topUriStems]) stems.set(s.stem, (stems.get(s.stem) ?? 0) + s.count);
    const hours = new Map<string, HourBucket>();
    for (const h of [...seen.hourly, ...g.hourly]) {
      const b = hours.get(h.hourUtc);
      hours.set(h.hourUtc, b ? { hourUtc: h.hourUtc, unresolved: b.unresolved + h.unresolved, handshake: b.handshake + h.handshake } : h);
    }
    groups.set(key, {
      ...seen,
      unresolved: joinTally(seen.unresolved, g.unresolved),
      handshake: joinTally(seen.handshake, g.handshake),
      topUriStems: [...stems]
        .map(([stem, count]) => ({ stem, count }))
        .sort((a, b) => b.count - a.count || a.stem.localeCompare(b.stem))
        .slice(0, Math.max(seen.topUriStems.length, g.topUriStems.length)),
      topUriStemsApproximate: seen.topUriStemsApproximate || g.topUriStemsApproximate,
      hourly: [...hours.values()].sort((a, b) => a.hourUtc.localeCompare(b.hourUtc)),
    });
  }
  const sum = (f: (p: LogEvidence) => number) => parts.reduce((n, p) => n + f(p), 0);
  const problems = parts.flatMap((p) => p.problems);
  return {
    ...(parts.find((p) => p.window) ? { window: parts.find((p) => p.window)!.window } : {}),
    linesRead: sum((p) => p.linesRead),
    directives: sum((p) => p.directives),
    entries: sum((p) => p.entries),
    status401: sum((p) => p.status401),
    skipped: {
      malformed: sum((p) => p.skipped.malformed),
      outsideWindow: sum((p) => p.skipped.outsideWindow),
      tooLong: sum((p) => p.skipped.tooLong),
      noFieldsDirective: sum((p) => p.skipped.noFieldsDirective),
      empty: sum((p) => p.skipped.empty),
    },
    handshakeWithinMs: parts[0]?.handshakeWithinMs ?? 0,
    pendingEvictions: sum((p) => p.pendingEvictions),
    pendingAtEnd: sum((p) => p.pendingAtEnd),
    groups: [...groups.values()].sort(byImportance),
    problems: problems.slice(0, MAX_PROBLEMS),
    problemsOmitted: sum((p) => p.problemsOmitted) + Math.max(0, problems.length - MAX_PROBLEMS),
  };
}

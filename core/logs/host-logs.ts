// One host's log evidence as a scan report keeps it (issue #14): what each site's collected lines
// say once analysed, and, per site, whether its logs could be read at all. Pure: the scan hands in
// what the collector brought and the window; reports and the correlation read the result.
import { analyzeW3C } from "./analyzer";
import type { CollectedSiteLog } from "./collected";
import { mergeEvidence, type LogEvidence } from "./evidence";

/** What was read of one site's logs. */
export interface SiteLogRead {
  site: string;
  /** False when nothing could be read: logging off, a format other than W3C, no folder, every file failing. */
  read: boolean;
  /** Log files read (whole or from a cut). */
  files: number;
  /** Entry lines in what was read, 401 or not: how busy the site was. Absent when the host did not count them. */
  entries?: number;
  /** The collection's problems for this site (locked file, byte cap, logging off …), as the host said them. */
  problems: string[];
}

export interface HostLogs {
  /** Why this host's logs say nothing (not asked for, not in the answer). Absent when they were read. */
  notRead?: string;
  /** The window the entries were counted in (the host's clock). */
  window?: { fromUtc: string; toUtc: string };
  sites: SiteLogRead[];
  /** Every read site's 401s, joined (groups name their site). */
  evidence?: LogEvidence;
}

/** A site whose collection brought no file and said why (logging off, no folder …) was not read; one with no file in the window and no problem simply logged nothing. */
export function siteWasRead(log: Pick<CollectedSiteLog, "files" | "problems">): boolean {
  return log.files.length > 0 || log.problems.length === 0;
}

export interface HostLogsInput {
  /** The collector's `logs` part; undefined when the answer has none. */
  collected: CollectedSiteLog[] | undefined;
  /** Whether logs were asked for (a byte cap above 0). */
  asked: boolean;
  /** Each site's application paths, for attribution (the longest path prefixing the URI stem). */
  applicationsOf: (site: string) => string[];
  /** The host's "now" (its own clock: entries are dated by it) and the window asked for. */
  nowMs: number;
  windowHours: number;
}

export function hostLogs(input: HostLogsInput): HostLogs {
  if (!input.asked) return { notRead: "logs were not read (--no-logs or --log-bytes 0)", sites: [] };
  if (input.collected === undefined) return { notRead: "the host's answer has no log evidence", sites: [] };
  const window = { fromMs: input.nowMs - input.windowHours * 3_600_000, toMs: input.nowMs };
  const sites: SiteLogRead[] = [];
  const parts: LogEvidence[] = [];
  for (const log of input.collected) {
    const read = siteWasRead(log);
    sites.push({
      site: log.site,
      read,
      files: log.files.length,
      ...(log.entries !== undefined ? { entries: log.entries } : {}),
      problems: log.problems,
    });
    if (read) parts.push(analyzeW3C(log.lines, { site: log.site, applications: input.applicationsOf(log.site), window }));
  }
  const evidence = mergeEvidence(parts);
  return {
    window: { fromUtc: new Date(window.fromMs).toISOString(), toUtc: new Date(window.toMs).toISOString() },
    sites,
    evidence: { ...evidence, window: { fromUtc: new Date(window.fromMs).toISOString(), toUtc: new Date(window.toMs).toISOString() } },
  };
}

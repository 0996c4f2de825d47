// What the logs say about one finding (issue #14): the counts of its predicted 401s on its
// location in the window, or why nothing is known. Computed by correlate.ts, carried in the
// finding, rendered by every report format.
import type { StemCount } from "./evidence";

export interface Win32Count {
  /** sc-win32-status; null when the log does not have it. */
  code: number | null;
  count: number;
}

/** The logs' word on one finding: counts, or why there are none (never a 0 that means "not looked"). */
export type FindingEvidence =
  | {
      /** Unresolved 401s of the finding's substatus on its location in the window (no success followed). */
      observed: number;
      /** 401s of that substatus that a success for the same client followed: the normal authentication exchange. */
      handshake: number;
      window: { fromUtc: string; toUtc: string };
      /** The unresolved 401s by sc-win32-status, most first. */
      win32: Win32Count[];
      /** Entry lines the location's sites logged in what was read (absent: the host did not count): above 0, the location was busy. */
      requests?: number;
      /** Unresolved 401s whose substatus the log does not have (no sc-substatus field): they may be this finding's. */
      substatusUnknown?: number;
      firstSeenUtc?: string;
      lastSeenUtc?: string;
      /** The unresolved 401s' most frequent URI stems. */
      topPaths: StemCount[];
      /** What limited the reading of the location's logs (a locked file, the byte cap): the counts are then a lower bound. */
      problems?: string[];
    }
  | { noEvidence: string };

export type ObservedEvidence = Extract<FindingEvidence, { observed: number }>;

import type { Location } from "./location";
import type { FindingEvidence } from "./logs/finding-evidence";
import type { Origin } from "./model";
import type { Level, MessageData, Severity } from "./rule";

export type FindingStatus = "compliant" | "violation" | "notApplicable" | "unknown";

/** One outcome of one rule on one subject. */
export interface Finding {
  /** A rule's id, or an outcome's (core/outcomes.ts) for what could not be looked at. */
  ruleId: string;
  /** Nothing could be judged here (the host could not be read): a finding of its own, not a rule's. */
  fatal?: true;
  status: FindingStatus;
  /** What the finding is about: server, site, application path or VM. */
  location: Location;
  /** The location's name ("web01/Default Web Site/PM/admin", `locationName`): what waivers match and reports show. */
  target: string;
  /** The resource to point at: a Pulumi URN for declared configuration, the host for observed. */
  resource: string;
  origin: Origin;
  severity: Severity;
  level: Level;
  substatus: string | null;
  /** Set for violations. */
  messageId?: string;
  data?: MessageData;
  /** Rendered message (violations) or the reason (not applicable, unknown). */
  message: string;
  waiver?: { reason: string; expires?: string };
  /** What the server's logs say about the 401s this finding predicts (scans that read logs; core/logs/correlate.ts). */
  evidence?: FindingEvidence;
}

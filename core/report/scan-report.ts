// What a scan produces: one result per host (never fewer hosts than were asked for) and the
// findings on what was collected. Every report format is a pure function of this.
import type { Finding } from "../finding";
import type { Severity } from "../rule";
import type { WaiverProblem } from "../waivers";
import { isOnServer, type Location } from "../location";
import { nameKey } from "../names";
import type { HostLogs } from "../logs/host-logs";

export type HostStatus = "ok" | "failed" | "not-scanned";

export interface HostResult {
  server: string;
  /** Where the collector connected (address:port). */
  address: string;
  status: HostStatus;
  /** Why the host could not be read (failed, not-scanned). */
  reason?: string;
  /** RemoteError kind, for grouping (host-key, auth, timeout …). */
  errorKind?: string;
  durationMs: number;
  sites: number;
  /** Malformed fields in the host's answer (they became unknown outcomes). */
  problems?: string[];
  /** Unauthenticated requests to each binding and application: what clients really meet. */
  probes?: { url: string; status?: number; schemes: string[]; methods: string[]; error?: string }[];
  /** The 401s in the host's W3C logs over the window, per site, or why they were not read (issue #14). */
  logs?: HostLogs;
}

export interface ScanReport {
  schema: 1;
  tool: { name: "iisguard"; version: string };
  startedAt: string;
  finishedAt: string;
  /** False when the scan was interrupted: hosts not reached are listed as not-scanned. */
  complete: boolean;
  shard?: string;
  hosts: HostResult[];
  /** Violations and unknown outcomes, waived ones included (marked). */
  findings: (Finding & { baseline?: "new" | "existing" })[];
  /** Findings of the baseline report that are gone now. */
  resolved?: { ruleId: string; location: Location; target: string; message: string }[];
  waiverProblems: WaiverProblem[];
  /**
   * Servers the stack declares (iisguard Sites and Hosts) that the inventory does not list: never
   * checked. Unless the user allowed it (--allow-not-in-inventory), they make the scan incomplete.
   * A shard lists only its own share (by the same hash as hosts), so merged shards list each once.
   */
  notInInventory?: { servers: string[]; allowed: boolean };
}

export const SEVERITIES: Severity[] = ["low", "medium", "high", "critical"];

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

/** Declared servers left out of the inventory that the user did not allow: they make the scan incomplete (exit 3). */
export function missingFromInventory(r: ScanReport): string[] {
  return r.notInInventory && !r.notInInventory.allowed ? r.notInInventory.servers : [];
}

/** The heading every format gives the declared servers the inventory does not list. */
export const NOT_IN_INVENTORY_TITLE = "Declared in the stack, not in the inventory";

/** What that means for this report, one sentence (the same in every format). */
export function notInInventoryNote(r: ScanReport): string {
  return r.notInInventory?.allowed
    ? "never checked; allowed by --allow-not-in-inventory"
    : "never checked: the scan is incomplete (list them in the inventory, or pass --allow-not-in-inventory)";
}

export interface Summary {
  hosts: number;
  hostsOk: number;
  hostsFailed: number;
  hostsNotScanned: number;
  violations: number;
  unknown: number;
  waived: number;
  bySeverity: Record<Severity, number>;
}

export function summarize(r: ScanReport): Summary {
  const open = r.findings.filter((f) => !f.waiver);
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, open.filter((f) => f.status === "violation" && f.severity === s).length]),
  ) as Record<Severity, number>;
  return {
    hosts: r.hosts.length,
    hostsOk: r.hosts.filter((h) => h.status === "ok").length,
    hostsFailed: r.hosts.filter((h) => h.status === "failed").length,
    hostsNotScanned: r.hosts.filter((h) => h.status === "not-scanned").length,
    violations: open.filter((f) => f.status === "violation").length,
    unknown: open.filter((f) => f.status === "unknown").length,
    waived: r.findings.filter((f) => f.waiver).length,
    bySeverity,
  };
}

/** A location as a key: its fields, each compared as Windows compares names (IIS paths too). */
function locationKey(l: Location): string {
  return [l.server, l.site, l.path, l.vm].map((part) => (part === undefined ? "" : nameKey(part))).join("\u0000");
}

/** Identity of a finding across runs (baselines): rule, location and what exactly is wrong. */
export function findingKey(f: Pick<Finding, "ruleId" | "location" | "messageId" | "data" | "message">): string {
  return `${f.ruleId}|${locationKey(f.location)}|${f.messageId ?? ""}|${f.messageId ? JSON.stringify(f.data ?? {}) : f.message}`;
}

/** Marks findings new or existing against a previous report and lists what was resolved. */
export function compareWithBaseline(current: ScanReport, baseline: ScanReport): ScanReport {
  const before = new Map(baseline.findings.filter((f) => !f.waiver).map((f) => [findingKey(f), f]));
  const now = new Set(current.findings.map(findingKey));
  return {
    ...current,
    findings: current.findings.map((f) => ({ ...f, baseline: before.has(findingKey(f)) ? "existing" : "new" })),
    // A finding on a host that could not be read this time is not "resolved": we do not know.
    resolved: [...before.values()]
      .filter((f) => !now.has(findingKey(f)) && current.hosts.some((h) => h.status === "ok" && isOnServer(f.location, h.server)))
      .map((f) => ({ ruleId: f.ruleId, location: f.location, target: f.target, message: f.message })),
  };
}

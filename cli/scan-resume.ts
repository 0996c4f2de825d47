// `--resume` and `--baseline`: an earlier JSON report of the same scan, read and validated, and the
// hosts it read joined with this run's. Hosts and findings are matched by server name as Windows
// compares names (core/names.ts), never by a prefix of a finding's target.
import * as fs from "fs";
import type { Location } from "../core/location";
import { nameKey } from "../core/names";
import { parseJsonReport } from "../core/report/json";
import type { ScanReport } from "../core/report/scan-report";
import { UsageError } from "./errors";

export function readReportFile(file: string, flag: string): ScanReport {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot read: ${(e as Error).message}`);
  }
  try {
    return parseJsonReport(text, file);
  } catch (e) {
    throw new UsageError(`${flag} ${(e as Error).message}`);
  }
}

/**
 * A --resume file continues a run of the same inventory (and shard): a host this run would not
 * scan is refused, not copied into the report as if it had been read now.
 */
export function checkResumeMatches(earlier: ScanReport, targets: { server: string }[], file: string): void {
  const ours = new Set(targets.map((t) => nameKey(t.server)));
  const foreign = earlier.hosts.filter((h) => !ours.has(nameKey(h.server))).map((h) => h.server);
  if (foreign.length === 0) return;
  const shown = foreign
    .slice(0, 5)
    .map((s) => JSON.stringify(s))
    .join(", ");
  throw new UsageError(
    `--resume ${file}: ${foreign.length} host${foreign.length === 1 ? " is" : "s are"} not in this scan's inventory: ${shown}${foreign.length > 5 ? ", …" : ""}; resume a report of the same inventory and shard`,
  );
}

/** The earlier run's hosts that were read, with their findings, joined with this run's, in inventory order. */
export function resumed(now: ScanReport, earlier: ScanReport, order: string[], kept: Set<string>): ScanReport {
  const ofKept = (at: Location) => at.server !== undefined && kept.has(nameKey(at.server));
  const hosts = [...earlier.hosts.filter((h) => kept.has(nameKey(h.server))), ...now.hosts];
  const position = new Map(order.map((s, i) => [nameKey(s), i]));
  hosts.sort((a, b) => (position.get(nameKey(a.server)) ?? 0) - (position.get(nameKey(b.server)) ?? 0));
  return {
    ...now,
    startedAt: earlier.startedAt,
    hosts,
    findings: [...earlier.findings.filter((f) => ofKept(f.location)).map(({ baseline: _b, ...f }) => f), ...now.findings],
  };
}

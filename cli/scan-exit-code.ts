// The exit code of a scan (and of merged shards), as README's table defines it.
import { atLeast, missingFromInventory, summarize, type ScanReport } from "../core/report/scan-report";
import type { Severity } from "../core/rule";

/** 0 clean · 1 an unwaived violation at or above --fail-on · 2 waiver problems · 3 incomplete (a host unread, an unknown outcome, a declared server not in the inventory). */
export type ScanExitCode = 0 | 1 | 2 | 3;

export function exitCodeOf(report: ScanReport, failOn: Severity): ScanExitCode {
  if (report.waiverProblems.length > 0) return 2;
  const open = report.findings.filter((f) => !f.waiver && f.status === "violation");
  if (open.some((f) => atLeast(f.severity, failOn))) return 1;
  const s = summarize(report);
  return s.unknown > 0 || s.hostsFailed > 0 || !report.complete || missingFromInventory(report).length > 0 ? 3 : 0;
}

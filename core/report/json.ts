import type { ScanReport } from "./scan-report";

export function jsonReport(r: ScanReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** Reads a report written by jsonReport (a baseline, or a shard to merge); names the file on error. */
export function parseJsonReport(text: string, file: string): ScanReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not a JSON report: ${(e as Error).message}`);
  }
  const r = doc as Partial<ScanReport>;
  if (typeof doc !== "object" || doc === null || r.schema !== 1 || !Array.isArray(r.hosts) || !Array.isArray(r.findings)) {
    throw new Error(`${file}: not an iisguard JSON report (expected schema 1 with hosts and findings)`);
  }
  return { waiverProblems: [], ...r } as ScanReport;
}

import { parseJsonFile } from "../schemas/parse";
import { SCAN_REPORT_SCHEMA } from "../schemas/scan-report";
import { schemaProblems } from "../schemas/validate";
import { jsonText } from "./escape";
import type { ScanReport } from "./scan-report";

export function jsonReport(r: ScanReport): string {
  return `${jsonText(r)}\n`;
}

/** A JSON report that is not one iisguard could have written: every problem, each naming the file and field. */
export class ReportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReportFileError";
  }
}

/**
 * Reads a report written by jsonReport (a baseline, a --resume file, or a shard to merge),
 * validated field by field against the report schema before any value is used.
 */
export function parseJsonReport(text: string, file: string): ScanReport {
  let doc: unknown;
  try {
    doc = parseJsonFile(text, file);
  } catch (e) {
    throw new ReportFileError((e as Error).message);
  }
  const problems = schemaProblems(SCAN_REPORT_SCHEMA, doc, file);
  if (problems.length > 0)
    throw new ReportFileError(
      `${file}: not an iisguard JSON report (schema 1):\n${problems
        .slice(0, 20)
        .map((p) => `  ${p}`)
        .join("\n")}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ""}`,
    );
  return { waiverProblems: [], ...(doc as Omit<ScanReport, "waiverProblems">) } as ScanReport;
}

import { htmlReport } from "./html";
import { jsonReport } from "./json";
import { junitReport } from "./junit";
import { markdownReport } from "./markdown";
import type { ScanReport } from "./scan-report";
import { sarifReport } from "./sarif";
import { textReport } from "./text";

export const FORMATS = {
  text: { extension: "txt", render: textReport },
  json: { extension: "json", render: jsonReport },
  junit: { extension: "junit.xml", render: junitReport },
  sarif: { extension: "sarif", render: sarifReport },
  markdown: { extension: "md", render: markdownReport },
  html: { extension: "html", render: htmlReport },
} satisfies Record<string, { extension: string; render: (r: ScanReport) => string }>;

export type FormatName = keyof typeof FORMATS;

/** Each format asked for, rendered from the same report. */
export function renderFormats(report: ScanReport, formats: FormatName[]): { format: FormatName; extension: string; text: string }[] {
  return formats.map((format) => ({ format, extension: FORMATS[format].extension, text: FORMATS[format].render(report) }));
}

// What remote/scripts/collect-host.ps1 sends for an emulated site's logs: the same decisions as
// the script (window by last write, byte cap newest first, cut at a line boundary with the
// directives in force there, the 401 filter, the host's caps on what travels, the same problem
// texts), computed from the description instead of read from disk. The in-process hosts answer
// with it; the real-PowerShell contract test checks that the script reads the same from the files
// windows-fixture.ts writes. Keep the two in step: a difference fails that test.
import type { CollectedLogFile, CollectedSiteLog } from "../core/logs/collected";
import { LOG_ANCHOR_MS, logFileBytes, type LogFileConfig, type LogFileContent } from "./site-logs";

/** The script's constants (collect-host.ps1): a longer line is skipped; directives are searched this far before a cut. */
const MAX_LINE_CHARS = 16384;
const DIRECTIVE_SCAN_BYTES = 268435456;

export interface LogRequest {
  windowHours: number;
  byteCap: number;
  maxLines: number;
  maxBytes: number;
}

interface Budget {
  lines: number;
  bytes: number;
  readonly maxLines: number;
  readonly maxBytes: number;
}

interface Fields {
  status: number;
  key: number[];
}

function fieldPositions(directive: string): Fields {
  const names = directive
    .slice(8)
    .trim()
    .split(" ")
    .filter((n) => n !== "");
  const lower = names.map((n) => n.toLowerCase());
  return {
    status: lower.indexOf("sc-status"),
    key: lower.flatMap((n, i) => (n === "s-sitename" || n === "c-ip" || n === "cs(user-agent)" ? [i] : [])),
  };
}

class SiteReader {
  readonly lines: string[] = [];
  readonly problems: string[] = [];
  /** Entry lines in the bytes read (the script's `entries`). */
  entries = 0;
  private capped = false;
  constructor(private readonly budget: Budget) {}

  keep(line: string): void {
    const bytes = Buffer.byteLength(line, "utf8");
    if (this.budget.lines <= 0 || this.budget.bytes < bytes) {
      if (!this.capped)
        this.problems.push(
          `the host's cap on log lines that travel was reached (${this.budget.maxLines} lines, ${this.budget.maxBytes} bytes): later lines are not sent`,
        );
      this.capped = true;
      return;
    }
    this.budget.lines--;
    this.budget.bytes -= bytes;
    this.lines.push(line);
  }
}

/** Lines of a file with their byte offsets (start, end after the line break); a BOM belongs to no line. */
function linesWithOffsets(file: LogFileContent): { line: string; start: number; end: number }[] {
  let at = file.bom ? 3 : 0;
  return file.lines.map((line) => {
    const start = at;
    at += Buffer.byteLength(line, "utf8") + 2;
    return { line, start, end: at };
  });
}

/** The kept lines of one site (Read-SiteLogs in collect-host.ps1). `files` absent: the site's log folder does not exist. */
export function siteLogEvidence(
  site: { name: string; id: number },
  logFile: LogFileConfig,
  files: LogFileContent[] | undefined,
  request: LogRequest,
  budget: Budget,
  nowMs: number,
): CollectedSiteLog {
  const directory = logFile.directory.replace(/%SystemDrive%/gi, "C:");
  const reader = new SiteReader(budget);
  const out = (read: CollectedLogFile[] = []): CollectedSiteLog => ({
    site: site.name,
    siteId: site.id,
    directory,
    format: logFile.logFormat,
    windowHours: request.windowHours,
    files: read,
    lines: reader.lines,
    problems: reader.problems,
    entries: reader.entries,
  });
  if (!logFile.enabled) return (reader.problems.push("logging is disabled for this site (logFile enabled=false)"), out());
  if (logFile.logFormat !== "W3C") return (reader.problems.push(`logFormat ${logFile.logFormat}: only W3C is read`), out());
  if (files === undefined)
    return (reader.problems.push(`log folder '${directory.replace(/\\+$/, "")}\\W3SVC${site.id}' does not exist`), out());

  const since = nowMs - request.windowHours * 3_600_000;
  const written = (f: LogFileContent) => LOG_ANCHOR_MS - f.ageHours * 3_600_000;
  const inWindow = files
    .filter((f) => written(f) >= since)
    .sort((a, b) => written(b) - written(a) || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  const plan: { file: LogFileContent; from: number; to: number }[] = [];
  let left = request.byteCap;
  let notRead = 0;
  for (const file of inWindow) {
    if (left <= 0) {
      notRead++;
      continue;
    }
    const size = logFileBytes(file).length;
    const from = Math.max(0, size - left);
    left -= size - from;
    plan.push({ file, from, to: size });
  }
  if (notRead > 0)
    reader.problems.push(`byte cap reached (${request.byteCap} bytes): ${notRead} older file(s) in the window were not read`);

  const read: CollectedLogFile[] = [];
  const pending = new Set<string>();
  for (const { file, from, to } of plan.reverse()) {
    let fields: Fields | undefined;
    let long = 0;
    let unreadable = 0;
    const lines = linesWithOffsets(file);
    if (from > 0) {
      reader.problems.push(`${file.name}: byte cap reached: read from byte ${from} of ${to}; the window's older lines in it are not read`);
      const before = lines.filter((l) => l.end <= from && l.start >= Math.max(0, from - DIRECTIVE_SCAN_BYTES) && /^#\w+:/.test(l.line));
      const last = new Map<string, string>();
      for (const l of before) {
        const name = /^#(\w+):/.exec(l.line)![1];
        last.delete(name);
        last.set(name, l.line);
      }
      if (!last.has("Fields"))
        reader.problems.push(
          `${file.name}: no #Fields directive within ${DIRECTIVE_SCAN_BYTES} bytes before byte ${from}, where reading starts: its lines cannot be read`,
        );
      for (const directive of last.values()) {
        reader.keep(directive);
        if (directive.startsWith("#Fields:")) fields = fieldPositions(directive);
      }
    }
    for (const { line, start } of lines) {
      if (start < from || line.length === 0) continue;
      if (line.length > MAX_LINE_CHARS) {
        long++;
        continue;
      }
      if (line.startsWith("#")) {
        if (line.startsWith("#Fields:")) fields = fieldPositions(line);
        reader.keep(line);
        continue;
      }
      reader.entries++;
      if (!fields || fields.status < 0) {
        unreadable++;
        continue;
      }
      if (pending.size === 0 && !line.includes("401")) continue;
      const values = line.split(" ");
      if (values.length <= fields.status) {
        unreadable++;
        continue;
      }
      const status = values[fields.status];
      const key = fields.key
        .filter((i) => i < values.length)
        .map((i) => values[i])
        .join(" ");
      if (status === "401") {
        pending.add(key);
        reader.keep(line);
      } else if (pending.size > 0 && /^[1-3].{2}$/.test(status) && pending.delete(key)) {
        reader.keep(line);
      }
    }
    read.push({ name: file.name, bytes: to, lastWriteUtc: new Date(written(file)).toISOString(), readFromByte: from, truncated: from > 0 });
    if (long > 0) reader.problems.push(`${file.name}: ${long} line(s) longer than ${MAX_LINE_CHARS} characters skipped`);
    if (unreadable > 0)
      reader.problems.push(
        `${file.name}: ${unreadable} entry line(s) without a readable sc-status (no #Fields before them, no sc-status in it, or too few fields) skipped`,
      );
  }
  return out(read);
}

/** Every site's evidence, in site order, the host's caps shared as the script shares them. */
export function hostLogEvidence(
  sites: { name: string; id: number; logFile: LogFileConfig; logs?: LogFileContent[] }[],
  request: LogRequest,
  nowMs = Date.now(),
): CollectedSiteLog[] {
  const budget: Budget = { lines: request.maxLines, bytes: request.maxBytes, maxLines: request.maxLines, maxBytes: request.maxBytes };
  return sites.map((s) => siteLogEvidence(s, s.logFile, s.logs, request, budget, nowMs));
}

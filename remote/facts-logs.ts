// The `logs` part of the fact document (the log-evidence contract, core/logs/collected.ts), read
// field by field: the lines come from a host we do not control and go to the analysis as they are.
// A site's entry with any malformed field is left out whole, with a problem naming the field and
// the value: its lines are positional (the #Fields before an entry says what the entry's values
// mean), so a list with a hole in it could make the analysis misread the lines after the hole.
// Counts and total sizes are bounded earlier, by the answer limits (remote/answer-limits.ts).
import { Reader, show } from "../core/spec/reader";
import type { CollectedLogFile, CollectedSiteLog } from "../core/logs/collected";
import { ANSWER_LIMITS } from "./answer-limits";

type Obj = Record<string, unknown>;

/** Site ids are unsigned 32-bit in IIS's configuration schema (`<site id>`, uint). */
const MAX_SITE_ID = 4_294_967_295;
/** A Windows file name is at most 255 characters ("Maximum Path Length Limitation"). */
const MAX_FILE_NAME = 255;
/** The window is hours; a year and a day is already more than any log retention asks for. */
const MAX_WINDOW_HOURS = 24 * 366;

function positiveHours(r: Reader, value: unknown, path: string): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > MAX_WINDOW_HOURS) {
    return r.problem(path, `must be a number of hours above 0 and at most ${MAX_WINDOW_HOURS}, got ${show(value)}`);
  }
  return value;
}

function readFile(r: Reader, item: unknown, path: string): CollectedLogFile | undefined {
  const o = r.object(item, path, true);
  if (!o) return undefined;
  const name = r.string(r.field(o, "name"), `${path}.name`, { required: true, nonEmpty: true, max: MAX_FILE_NAME });
  const bytes = r.integer(r.field(o, "bytes"), `${path}.bytes`, 0, Number.MAX_SAFE_INTEGER, true);
  const lastWriteUtc = r.string(r.field(o, "lastWriteUtc"), `${path}.lastWriteUtc`, { required: true, max: 64 });
  if (lastWriteUtc !== undefined && Number.isNaN(Date.parse(lastWriteUtc)))
    return r.problem(`${path}.lastWriteUtc`, `must be a date and time, got ${show(lastWriteUtc)}`);
  const readFromByte = r.integer(r.field(o, "readFromByte"), `${path}.readFromByte`, 0, bytes ?? Number.MAX_SAFE_INTEGER, true);
  const truncated = r.field(o, "truncated");
  if (typeof truncated !== "boolean") return r.problem(`${path}.truncated`, `must be true or false, got ${show(truncated)}`);
  if (name === undefined || bytes === undefined || lastWriteUtc === undefined || readFromByte === undefined) return undefined;
  return { name, bytes, lastWriteUtc, readFromByte, truncated };
}

/** Every item a string within the answer's string length; undefined (with the first bad item named) otherwise. */
function readLines(r: Reader, value: unknown, path: string, what: string): string[] | undefined {
  const items = r.list(value, path, true);
  if (items === undefined) return undefined;
  for (let i = 0; i < items.length; i++) {
    const line = items[i];
    if (typeof line !== "string") return r.problem(`${path}[${i}]`, `${what} must be a string, got ${show(line)}`);
    if (line.length > ANSWER_LIMITS.stringLength)
      return r.problem(`${path}[${i}]`, `is longer than ${ANSWER_LIMITS.stringLength} characters`);
  }
  return items as string[];
}

function readSiteLog(r: Reader, item: unknown, path: string): CollectedSiteLog | undefined {
  const problemsBefore = r.problems.length;
  const o = r.object(item, path, true) as Obj | undefined;
  if (!o) return undefined;
  const site = r.string(r.field(o, "site"), `${path}.site`, { required: true, nonEmpty: true });
  const siteId = r.integer(r.field(o, "siteId"), `${path}.siteId`, 0, MAX_SITE_ID, true);
  const directory = r.string(r.field(o, "directory"), `${path}.directory`, { required: true, max: ANSWER_LIMITS.stringLength });
  const format = r.string(r.field(o, "format"), `${path}.format`, { required: true, max: 64 });
  const windowHours = positiveHours(r, r.field(o, "windowHours"), `${path}.windowHours`);
  const files = (r.list(r.field(o, "files"), `${path}.files`, true) ?? []).map((f, i) => readFile(r, f, `${path}.files[${i}]`));
  const lines = readLines(r, r.field(o, "lines"), `${path}.lines`, "a log line");
  const problems = readLines(r, r.field(o, "problems"), `${path}.problems`, "a problem");
  // Optional: collectors before the correlation (issue #14 part 3) did not count entries.
  const entriesValue = r.field(o, "entries");
  const entries = entriesValue === undefined ? undefined : r.integer(entriesValue, `${path}.entries`, 0, Number.MAX_SAFE_INTEGER, true);
  if (r.problems.length > problemsBefore) {
    r.problem(path, `the log evidence of site ${show(site ?? "(unnamed)")} is left out: it is malformed`);
    return undefined;
  }
  return {
    site: site!,
    siteId: siteId!,
    directory: directory!,
    format: format!,
    windowHours: windowHours!,
    files: files as CollectedLogFile[],
    lines: lines!,
    problems: problems!,
    ...(entries !== undefined ? { entries } : {}),
  };
}

/**
 * The document's `logs`: undefined when the collection did not ask for logs (no `logs` part), else
 * one entry per site whose entry is well formed; problems are recorded on `r`.
 */
export function readLogs(r: Reader, value: unknown): CollectedSiteLog[] | undefined {
  if (value === undefined) return undefined;
  const items = r.list(value, "logs", true);
  if (items === undefined) return [];
  const out: CollectedSiteLog[] = [];
  items.forEach((item, i) => {
    const log = readSiteLog(r, item, `logs[${i}]`);
    if (log) out.push(log);
  });
  return out;
}

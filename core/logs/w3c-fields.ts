// The W3C extended log format as IIS writes it: directive lines, the `#Fields:` directive that names
// the columns, and entry lines of space-separated values.
//
// - Fields and their names ("Appears As"): https://learn.microsoft.com/en-us/windows/win32/http/w3c-logging
//   (date, time, s-sitename, s-ip, cs-method, cs-uri-stem, cs-uri-query, s-port, cs-username, c-ip,
//   cs(User-Agent), cs(Referer), sc-status, sc-substatus, sc-win32-status, time-taken …); the time is UTC.
// - Which fields a site writes is its logFile's logExtFileFlags, and custom fields are logFile's
//   customFields: https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/sites/site/logfile/
//   Any subset may be written, in the order IIS chooses, so nothing is assumed about positions: every
//   `#Fields:` directive indexes the columns again, and a field that was not selected is simply absent.
// - IIS writes `-` for an empty value and `+` for a space inside cs(User-Agent), cs(Referer) and
//   cs(Cookie), so that a value never contains the separator.

/** The columns an entry line has, by name, from the latest `#Fields:` directive. */
export interface FieldIndex {
  /** Every field name as written (custom and unknown fields included), in column order. */
  names: string[];
  /** Column of a field by its lower-cased name. */
  position: Map<string, number>;
  date: number;
  time: number;
  siteName: number;
  clientIp: number;
  userAgent: number;
  uriStem: number;
  status: number;
  substatus: number;
  win32Status: number;
}

const ABSENT = -1;

/** Parses the text after `#Fields:`; a directive that names no field, or a field twice, is refused with a reason. */
export function indexFields(text: string): FieldIndex | string {
  const names = text
    .trim()
    .split(/\s+/)
    .filter((n) => n !== "");
  if (names.length === 0) return "#Fields: names no field";
  const position = new Map<string, number>();
  for (const [i, name] of names.entries()) {
    const key = name.toLowerCase();
    if (position.has(key)) return `#Fields: names ${JSON.stringify(name)} twice`;
    position.set(key, i);
  }
  const at = (name: string) => position.get(name) ?? ABSENT;
  return {
    names,
    position,
    date: at("date"),
    time: at("time"),
    siteName: at("s-sitename"),
    clientIp: at("c-ip"),
    userAgent: at("cs(user-agent)"),
    uriStem: at("cs-uri-stem"),
    status: at("sc-status"),
    substatus: at("sc-substatus"),
    win32Status: at("sc-win32-status"),
  };
}

export const isPresent = (column: number): boolean => column !== ABSENT;

/** A directive line (`#Name: value`) split into its name and value. */
export function parseDirective(line: string): { name: string; value: string } {
  const colon = line.indexOf(":");
  if (colon < 0) return { name: line.slice(1).trim(), value: "" };
  return { name: line.slice(1, colon).trim(), value: line.slice(colon + 1).trim() };
}

/** A value as IIS meant it: `-` is empty; in the header fields IIS encodes, `+` stands for a space. */
export function decodeValue(fieldName: string, raw: string): string {
  if (raw === "-") return "";
  const name = fieldName.toLowerCase();
  return name === "cs(user-agent)" || name === "cs(referer)" || name === "cs(cookie)" ? raw.replace(/\+/g, " ") : raw;
}

const DAY_MS = 86_400_000;
const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};

/**
 * Milliseconds since the epoch of a W3C `date` (YYYY-MM-DD) and `time` (HH:MM:SS, optionally with
 * fractions), both UTC; NaN when either is not of that form. Parsed by hand: this runs for every
 * entry that counts, and Date.parse of a built string costs an allocation and a general parser.
 */
export function utcMillis(date: string, time: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return NaN;
  if (time.length < 8 || time.charCodeAt(2) !== 58 || time.charCodeAt(5) !== 58) return NaN;
  const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const month = digit(date, 5) * 10 + digit(date, 6);
  const day = digit(date, 8) * 10 + digit(date, 9);
  const h = digit(time, 0) * 10 + digit(time, 1);
  const m = digit(time, 3) * 10 + digit(time, 4);
  const s = digit(time, 6) * 10 + digit(time, 7);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && h <= 23 && m <= 59 && s <= 60)) return NaN;
  const dayMs = Date.UTC(year, month - 1, day);
  if (new Date(dayMs).getUTCDate() !== day) return NaN; // 2026-02-30
  let ms = dayMs + ((h * 60 + m) * 60 + s) * 1000;
  if (time.length > 8) {
    if (time.charCodeAt(8) !== 46) return NaN;
    const fraction = Number(`0${time.slice(8)}`);
    if (Number.isNaN(fraction)) return NaN;
    ms += Math.floor(fraction * 1000);
  }
  return ms < 0 || ms > 400 * 365 * DAY_MS ? NaN : ms;
}

/** `#Date: 2026-11-28 10:00:00` → epoch ms, or NaN. */
export function directiveDateMillis(value: string): number {
  const [date, time] = value.split(/\s+/);
  return date && time ? utcMillis(date, time) : NaN;
}

/** A whole non-negative decimal number as IIS writes status codes, or NaN (`-`, empty, signs, letters). */
export function decimal(value: string): number {
  if (value.length === 0 || value.length > 15) return NaN;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

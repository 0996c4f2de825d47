// How a value from a file iisguard reads may appear in an error: short excerpts, never whole, and
// the closest known key for a misspelt one. Apart from validate.ts so that code which only shows
// values (the pack's waivers) does not load ajv: the pack's start-up is measured against a 1 s goal
// and ajv's 68 modules were a tenth of it (docs/benchmarks.md).

const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
const MAX_SHOWN = 40;

/**
 * A value as an error may show it: short strings in full (control characters escaped), long ones
 * cut to a few characters and their length, lists and mappings by their size, never whole.
 */
export function excerpt(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") {
    const safe = (s: string) => JSON.stringify(s).replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
    return value.length <= MAX_SHOWN
      ? safe(value)
      : `${safe(value.slice(0, 12)).slice(0, -1)}…" (${value.length} characters, not shown in full)`;
  }
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object" && value !== null)
    return `a mapping of ${Object.keys(value).length} key${Object.keys(value).length === 1 ? "" : "s"}`;
  return String(value);
}

/** What a value is, without any of its content. */
export function kindOf(value: unknown): string {
  if (typeof value === "string") return `a text of ${value.length} characters (not shown: it may be a secret)`;
  if (Array.isArray(value) || (typeof value === "object" && value !== null)) return excerpt(value);
  return value === undefined ? "nothing" : value === null ? "null" : `a ${typeof value}`;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** The known key closest to a misspelt one, if it is close enough to be what was meant. */
export function closestKey(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const allowed = Math.max(2, Math.floor(k.length / 3));
    // The distance is at least the difference in length: a key far longer than any known one
    // (a hostile file's 100 kB key) is not compared at all, so the cost stays bounded.
    if (Math.abs(key.length - k.length) > allowed) continue;
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d <= allowed && d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

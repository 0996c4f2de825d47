// One validator for every file iisguard reads (reports, shards, --resume and --baseline files,
// waiver files, inventories): a JSON Schema per kind, checked with ajv before any value is used.
// Problems name the file, the field and the value; an unknown key gets the closest known key.
// Values are shown as a short excerpt only: the file may be a secret given by mistake.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

/** A schema may say what it expects in words (`x-expected`), used instead of ajv's own message. */
export type Schema = Record<string, unknown>;

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const compiled = new WeakMap<Schema, ValidateFunction>();

function validatorFor(schema: Schema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) compiled.set(schema, (v = ajv.compile(schema)));
  return v;
}

/** `/hosts/0/port` → `hosts[0].port` (RFC 6901 pointers unescaped). */
export function fieldPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
}

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
    return value.length <= MAX_SHOWN ? safe(value) : `${safe(value.slice(0, 12)).slice(0, -1)}…" (${value.length} characters, not shown in full)`;
  }
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object" && value !== null) return `a mapping of ${Object.keys(value).length} key${Object.keys(value).length === 1 ? "" : "s"}`;
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

function describe(e: ErrorObject): { field: string; text: string } {
  const field = fieldPath(e.instancePath);
  const schema = (e.parentSchema ?? {}) as Schema;
  if (e.keyword === "additionalProperties") {
    const key = (e.params as { additionalProperty: string }).additionalProperty;
    const known = Object.keys((schema.properties as Schema | undefined) ?? {});
    const near = closestKey(key, known);
    return { field, text: `unknown key ${excerpt(key)}${near ? ` (did you mean '${near}'?)` : ""}; known keys: ${known.join(", ")}` };
  }
  if (e.keyword === "required") {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    return { field: field ? `${field}.${missing}` : missing, text: "is required" };
  }
  const expected = typeof schema["x-expected"] === "string" ? schema["x-expected"] : e.keyword === "enum" ? `one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")} is expected` : `${e.message}`;
  // The whole document is never shown, even in part: a private key or an .env given by mistake.
  return { field, text: `${expected}, got ${field ? excerpt(e.data) : kindOf(e.data)}` };
}

/**
 * Checks a parsed document against its kind's schema. Returns one problem per field
 * (`file: hosts[0].port: a port between 1 and 65535 is expected, got 70000`), none when valid.
 */
export function schemaProblems(schema: Schema, doc: unknown, file: string): string[] {
  const validate = validatorFor(schema);
  if (validate(doc)) return [];
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const e of validate.errors ?? []) {
    // One problem per field and keyword: a wrong type also fails the field's pattern or range.
    const { field, text } = describe(e);
    if (e.keyword !== "additionalProperties" && e.keyword !== "required" && seen.has(field)) continue;
    seen.add(field);
    problems.push(`${file}: ${field || "(document)"}: ${text}`);
  }
  return problems;
}

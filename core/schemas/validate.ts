// One validator for every file iisguard reads (reports, shards, --resume and --baseline files,
// waiver files, inventories): a JSON Schema per kind, checked with ajv before any value is used.
// Problems name the file, the field and the value; an unknown key gets the closest known key.
// Values are shown as a short excerpt only: the file may be a secret given by mistake.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { closestKey, excerpt, kindOf } from "./excerpt";

// Importers that only show values (waivers, the waiver file) take these from ./excerpt, which does
// not load ajv: the policy pack's start-up needs them and not the validator.
export { closestKey, excerpt, kindOf };

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
  const expected =
    typeof schema["x-expected"] === "string"
      ? schema["x-expected"]
      : e.keyword === "enum"
        ? `one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")} is expected`
        : `${e.message}`;
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

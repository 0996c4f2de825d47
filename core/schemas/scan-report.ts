// The JSON report (`--format json`) as iisguard reads it back: a --baseline, a --resume file or a
// shard to merge. Every field is checked before use: a value written into HTML, Markdown or a
// terminal, or compared to decide the exit code, is one of the values iisguard itself writes.
import type { Schema } from "./validate";

const text: Schema = { type: "string", "x-expected": "a string is expected" };
/** A name that is shown on one line: no control characters (they would steer a terminal or forge a line). */
const name: Schema = { type: "string", minLength: 1, pattern: "^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]+$", "x-expected": "a non-empty name without control characters is expected" };
const count: Schema = { type: "integer", minimum: 0, "x-expected": "a whole number ≥ 0 is expected" };
const isoTime: Schema = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$", "x-expected": "a UTC time (YYYY-MM-DDThh:mm:ss.sssZ) is expected" };
const day: Schema = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", "x-expected": "a date YYYY-MM-DD is expected" };
const ruleId: Schema = { type: "string", pattern: "^[a-z][a-z0-9-]{0,63}$", "x-expected": "a rule id (lower-case letters, digits and -) is expected" };
const oneOf = (values: string[]): Schema => ({ enum: values });
const strings: Schema = { type: "array", items: text };
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: "object", additionalProperties: false, properties, required });

export const SEVERITY_VALUES = ["low", "medium", "high", "critical"];

const host = object(
  {
    server: name,
    address: name,
    status: oneOf(["ok", "failed", "not-scanned"]),
    reason: text,
    errorKind: name,
    durationMs: count,
    sites: count,
    problems: strings,
    probes: {
      type: "array",
      items: object({ url: text, status: { type: "integer", minimum: 100, maximum: 999, "x-expected": "an HTTP status code is expected" }, schemes: strings, methods: strings, error: text }, ["url", "schemes", "methods"]),
    },
  },
  ["server", "address", "status", "durationMs", "sites"],
);

/** Where a finding is (core/location.ts): the fields reports and baselines read, never the target parsed back. */
const location = object({ server: name, site: name, path: name, vm: name });

const finding = object(
  {
    ruleId,
    fatal: { const: true, "x-expected": "true (a host that could not be read) or nothing is expected" },
    status: oneOf(["compliant", "violation", "notApplicable", "unknown"]),
    location,
    target: name,
    resource: text,
    origin: oneOf(["declared", "observed"]),
    severity: oneOf(SEVERITY_VALUES),
    level: oneOf(["mandatory", "advisory"]),
    substatus: { type: ["string", "null"], pattern: "^[0-9]{3}(\\.[0-9]{1,3})?$", "x-expected": "an HTTP status (401 or 401.2) or null is expected" },
    messageId: name,
    data: { type: "object", additionalProperties: { type: ["string", "number"], "x-expected": "a string or a number is expected" } },
    message: text,
    waiver: object({ reason: text, expires: day }, ["reason"]),
    baseline: oneOf(["new", "existing"]),
  },
  ["ruleId", "status", "location", "target", "resource", "origin", "severity", "level", "substatus", "message"],
);

const waiverProblem = object(
  {
    kind: oneOf(["invalid", "expired", "unused"]),
    where: text,
    waiver: object({ rule: text, target: text, reason: text, expires: text }),
    message: text,
  },
  ["kind", "where", "waiver", "message"],
);

export const SCAN_REPORT_SCHEMA: Schema = object(
  {
    schema: { const: 1, "x-expected": "1 (the only report schema) is expected" },
    tool: object({ name: { const: "iisguard", "x-expected": '"iisguard" is expected' }, version: name }, ["name", "version"]),
    startedAt: isoTime,
    finishedAt: isoTime,
    complete: { type: "boolean", "x-expected": "true or false is expected" },
    shard: { type: "string", pattern: "^[1-9][0-9]*/[1-9][0-9]*$", "x-expected": "a shard i/n is expected" },
    hosts: { type: "array", items: host },
    findings: { type: "array", items: finding },
    resolved: { type: "array", items: object({ ruleId, location, target: name, message: text }, ["ruleId", "location", "target", "message"]) },
    waiverProblems: { type: "array", items: waiverProblem },
    notInInventory: object({ servers: { type: "array", items: name }, allowed: { type: "boolean", "x-expected": "true or false is expected" } }, ["servers", "allowed"]),
  },
  ["schema", "tool", "startedAt", "finishedAt", "complete", "hosts", "findings"],
);

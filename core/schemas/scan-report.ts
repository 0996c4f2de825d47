// The JSON report (`--format json`) as iisguard reads it back: a --baseline, a --resume file or a
// shard to merge. Every field is checked before use: a value written into HTML, Markdown or a
// terminal, or compared to decide the exit code, is one of the values iisguard itself writes.
import type { Schema } from "./validate";

const text: Schema = { type: "string", "x-expected": "a string is expected" };
/** A name that is shown on one line: no control characters (they would steer a terminal or forge a line). */
const name: Schema = {
  type: "string",
  minLength: 1,
  pattern: "^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]+$",
  "x-expected": "a non-empty name without control characters is expected",
};
const count: Schema = { type: "integer", minimum: 0, "x-expected": "a whole number ≥ 0 is expected" };
const isoTime: Schema = {
  type: "string",
  pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$",
  "x-expected": "a UTC time (YYYY-MM-DDThh:mm:ss.sssZ) is expected",
};
const day: Schema = { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", "x-expected": "a date YYYY-MM-DD is expected" };
const ruleId: Schema = {
  type: "string",
  pattern: "^[a-z][a-z0-9-]{0,63}$",
  "x-expected": "a rule id (lower-case letters, digits and -) is expected",
};
const oneOf = (values: string[]): Schema => ({ enum: values });
const strings: Schema = { type: "array", items: text };
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: "object",
  additionalProperties: false,
  properties,
  required,
});

const window = object({ fromUtc: isoTime, toUtc: isoTime }, ["fromUtc", "toUtc"]);
const stemCounts: Schema = { type: "array", items: object({ stem: text, count }, ["stem", "count"]) };
const win32Code: Schema = {
  type: ["integer", "null"],
  minimum: 0,
  maximum: 4294967295,
  "x-expected": "an sc-win32-status (0 to 4294967295) or null is expected",
};
const substatusNumber: Schema = {
  type: ["integer", "null"],
  minimum: 0,
  maximum: 999,
  "x-expected": "an sc-substatus (0 to 999) or null is expected",
};
const tally = object({ count, firstSeenUtc: isoTime, lastSeenUtc: isoTime }, ["count"]);

/** A host's analysed logs (core/logs/host-logs.ts, core/logs/evidence.ts). */
const evidenceGroup = object(
  {
    site: name,
    application: name,
    substatus: substatusNumber,
    win32Status: win32Code,
    unresolved: tally,
    handshake: tally,
    topUriStems: stemCounts,
    topUriStemsApproximate: { type: "boolean", "x-expected": "true or false is expected" },
    hourly: {
      type: "array",
      items: object({ hourUtc: isoTime, unresolved: count, handshake: count }, ["hourUtc", "unresolved", "handshake"]),
    },
  },
  ["site", "application", "substatus", "win32Status", "unresolved", "handshake", "topUriStems", "topUriStemsApproximate", "hourly"],
);
const logEvidence = object(
  {
    window,
    linesRead: count,
    directives: count,
    entries: count,
    status401: count,
    skipped: object({ malformed: count, outsideWindow: count, tooLong: count, noFieldsDirective: count, empty: count }, [
      "malformed",
      "outsideWindow",
      "tooLong",
      "noFieldsDirective",
      "empty",
    ]),
    handshakeWithinMs: count,
    pendingEvictions: count,
    pendingAtEnd: count,
    groups: { type: "array", items: evidenceGroup },
    problems: strings,
    problemsOmitted: count,
  },
  [
    "linesRead",
    "directives",
    "entries",
    "status401",
    "skipped",
    "handshakeWithinMs",
    "pendingEvictions",
    "pendingAtEnd",
    "groups",
    "problems",
    "problemsOmitted",
  ],
);
const hostLogs = object(
  {
    notRead: text,
    window,
    sites: {
      type: "array",
      items: object(
        {
          site: name,
          read: { type: "boolean", "x-expected": "true or false is expected" },
          files: count,
          entries: count,
          problems: strings,
        },
        ["site", "read", "files", "problems"],
      ),
    },
    evidence: logEvidence,
  },
  ["sites"],
);

/** What the logs say about a finding (core/logs/finding-evidence.ts): counts, or why there are none. */
const findingEvidence: Schema = {
  anyOf: [
    object(
      {
        observed: count,
        handshake: count,
        window,
        win32: { type: "array", items: object({ code: win32Code, count }, ["code", "count"]) },
        requests: count,
        substatusUnknown: count,
        firstSeenUtc: isoTime,
        lastSeenUtc: isoTime,
        topPaths: stemCounts,
        problems: strings,
      },
      ["observed", "handshake", "window", "win32", "topPaths"],
    ),
    object({ noEvidence: text }, ["noEvidence"]),
  ],
  "x-expected": "the log evidence iisguard writes (observed counts, or noEvidence with the reason) is expected",
};

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
      items: object(
        {
          url: text,
          status: { type: "integer", minimum: 100, maximum: 999, "x-expected": "an HTTP status code is expected" },
          schemes: strings,
          methods: strings,
          error: text,
        },
        ["url", "schemes", "methods"],
      ),
    },
    logs: hostLogs,
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
    substatus: {
      type: ["string", "null"],
      pattern: "^[0-9]{3}(\\.[0-9]{1,3})?$",
      "x-expected": "an HTTP status (401 or 401.2) or null is expected",
    },
    messageId: name,
    data: { type: "object", additionalProperties: { type: ["string", "number"], "x-expected": "a string or a number is expected" } },
    message: text,
    waiver: object({ reason: text, expires: day }, ["reason"]),
    baseline: oneOf(["new", "existing"]),
    evidence: findingEvidence,
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
    resolved: {
      type: "array",
      items: object({ ruleId, location, target: name, message: text }, ["ruleId", "location", "target", "message"]),
    },
    waiverProblems: { type: "array", items: waiverProblem },
    notInInventory: object(
      { servers: { type: "array", items: name }, allowed: { type: "boolean", "x-expected": "true or false is expected" } },
      ["servers", "allowed"],
    ),
  },
  ["schema", "tool", "startedAt", "finishedAt", "complete", "hosts", "findings"],
);

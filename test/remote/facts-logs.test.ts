// The facts parser's `logs` part (issue #14) on the demo host's answer and on hostile ones: a
// malformed site entry is left out whole with a problem naming the field and the value; arrays
// beyond the answer limits refuse the host, naming the limit.
import { hostFacts } from "../../emulator/host-facts";
import { parseHostFacts } from "../../remote/facts";
import { parseWithinLimits } from "../../remote/collector";
import { ANSWER_LIMITS } from "../../remote/answer-limits";
import type { RemoteError } from "../../remote/remote-error";

const ctx = { server: "web01", receivedAt: Date.now() };
const doc = (change: (logs: any[], d: any) => void = () => undefined) => {
  const d = JSON.parse(JSON.stringify({ ...hostFacts("web01"), utcNow: new Date().toISOString() }));
  delete d.clockOffsetMs;
  change(d.logs, d);
  return d;
};

test("the demo host's logs are read as they came, beside the model and not in it", () => {
  const observed = parseHostFacts(doc(), ctx);
  expect(observed.problems).toEqual([]);
  expect(observed.logs).toHaveLength(1);
  const [log] = observed.logs!;
  expect(log).toMatchObject({
    site: "Default Web Site",
    siteId: 1,
    directory: "C:\\inetpub\\logs\\LogFiles",
    format: "W3C",
    windowHours: 24,
    problems: [],
  });
  expect(log.files.map((f) => f.truncated)).toEqual([false, false]);
  expect(log.lines[0]).toBe("#Software: Microsoft Internet Information Services 10.0");
  expect(JSON.stringify(observed.sites)).not.toContain("#Fields");
});

test("entries: the site's entry count travels (how busy it was); an answer from an older collector without it is still read", () => {
  expect(parseHostFacts(doc(), ctx).logs![0].entries).toBe(20);
  const older = parseHostFacts(
    doc((l) => delete l[0].entries),
    ctx,
  );
  expect(older.problems).toEqual([]);
  expect(older.logs![0].entries).toBeUndefined();
});

test("an answer without a logs part (logs not asked for) has no logs", () => {
  expect(
    parseHostFacts(
      doc((_, d) => delete d.logs),
      ctx,
    ).logs,
  ).toBeUndefined();
});

test.each([
  ["a line that is not a string", (l: any[]) => (l[0].lines[4] = 401), "logs[0].lines[4]: a log line must be a string, got 401"],
  ["a site id that is text", (l: any[]) => (l[0].siteId = "1"), 'logs[0].siteId: must be a whole number, got "1"'],
  [
    "a negative window",
    (l: any[]) => (l[0].windowHours = -24),
    "logs[0].windowHours: must be a number of hours above 0 and at most 8784, got -24",
  ],
  ["a file that is a name only", (l: any[]) => (l[0].files[1] = "u_ex.log"), 'logs[0].files[1]: must be an object, got "u_ex.log"'],
  [
    "a read start beyond the file",
    (l: any[]) => (l[0].files[0].readFromByte = l[0].files[0].bytes + 1),
    "logs[0].files[0].readFromByte: must be between 0 and",
  ],
  [
    "a last write that is no date",
    (l: any[]) => (l[0].files[0].lastWriteUtc = "yesterday"),
    'logs[0].files[0].lastWriteUtc: must be a date and time, got "yesterday"',
  ],
  [
    "lines that are an object",
    (l: any[]) => (l[0].lines = { 0: "#Fields: c-ip" }),
    'logs[0].lines: must be a list, got {"0":"#Fields: c-ip"}',
  ],
  ["a problem that is a number", (l: any[]) => (l[0].problems = [7]), "logs[0].problems[0]: a problem must be a string, got 7"],
  ["a negative entry count", (l: any[]) => (l[0].entries = -1), "logs[0].entries: must be between 0 and"],
  [
    "a prototype key for a site name",
    (l: any[]) => (l[0].site = JSON.parse('{"__proto__":{"polluted":true}}')),
    "logs[0].site: must be a string",
  ],
])("%s: the site's evidence is left out, the field and the value named", (_name, change, problem) => {
  const observed = parseHostFacts(doc(change), ctx);
  expect(observed.logs).toEqual([]);
  expect(observed.problems.some((p) => p.startsWith(problem))).toBe(true);
  expect(observed.problems).toContainEqual(
    expect.stringMatching(/^logs\[0\]: the log evidence of site ("Default Web Site"|"\(unnamed\)") is left out: it is malformed$/),
  );
  expect(observed.sites).toHaveLength(1); // the configuration is still judged
});

test("a logs part that is not a list is a problem, and no evidence", () => {
  const observed = parseHostFacts(
    doc((_, d) => (d.logs = "lots")),
    ctx,
  );
  expect(observed.logs).toEqual([]);
  expect(observed.problems).toContain('logs: must be a list, got "lots"');
});

test.each([
  [
    "lines",
    (l: any[]) => (l[0].lines = Array.from({ length: ANSWER_LIMITS.logLines + 1 }, () => "x")),
    "logs[*].lines: log lines in all: 100,001, at most 100,000",
  ],
  [
    "bytes",
    (l: any[]) => (l[0].lines = Array.from({ length: 300 }, () => "é".repeat(16_000))),
    "logs[*].lines: bytes of log lines in all: 9,600,000, at most 8,388,608",
  ],
  [
    "files",
    (l: any[]) => (l[0].files = Array.from({ length: ANSWER_LIMITS.logFiles + 1 }, () => ({}))),
    "logs[*].files: log files in all: 50,001, at most 50,000",
  ],
  ["sites", (l: any[]) => l.push(...Array.from({ length: ANSWER_LIMITS.sites }, () => ({}))), "logs: sites' logs: 1,001, at most 1,000"],
])("too many log %s: the host is refused, the limit named", (_what, change, message) => {
  const err = (() => {
    try {
      parseWithinLimits("web01", doc(change), Date.now());
    } catch (e) {
      return e as RemoteError;
    }
    throw new Error("the answer was accepted");
  })();
  expect(err.kind).toBe("output-too-large");
  expect(err.message).toContain(message);
});

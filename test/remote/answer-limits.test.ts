import fc from "fast-check";
import { hostFacts } from "../../emulator/host-facts";
import { ANSWER_LIMITS, answerLimitBreaches } from "../../remote/answer-limits";
import { wild } from "../reliability/boundary";

type Doc = ReturnType<typeof hostFacts> & { sites: { bindings: unknown[]; paths: unknown[] }[]; proxy: { machine: { override: string } } };
const facts = () => JSON.parse(JSON.stringify(hostFacts("web01"))) as Doc;

test("a real host's answer is within every limit", () => {
  expect(answerLimitBreaches(facts())).toEqual([]);
});

test.each([
  [
    "bindings",
    (d: Doc) => (d.sites[0].bindings = Array.from({ length: 20_001 }, (_, i) => ({ protocol: "http", bindingInformation: `*:80:h${i}` }))),
    "sites[*].bindings: bindings in all: 20,001, at most 20,000",
  ],
  [
    "applications",
    (d: Doc) => (d.sites[0].paths = Array.from({ length: 5_001 }, (_, i) => ({ path: `/a${i}` }))),
    "sites[*].paths: configured paths in all: 5,001, at most 5,000",
  ],
  [
    "bypassPatterns",
    (d: Doc) => (d.proxy.machine.override = Array.from({ length: 1_001 }, (_, i) => `h${i}`).join(";")),
    "proxy.machine.override: entries: 1,001, at most 1,000",
  ],
  [
    "nameLength",
    (d: Doc) => (d.proxy.machine.override = `*${"a".repeat(300)}b;<local>`),
    "proxy.machine.override[0]: entry of length 302, at most 255",
  ],
  [
    "nameLength",
    (d: Doc) => (d.sites[0].bindings = [{ protocol: "https", bindingInformation: `*:443:${"a".repeat(256)}` }]),
    "sites[0].bindings[0].bindingInformation: host name of 256, at most 255",
  ],
  [
    "stringLength",
    (d: Doc) => ((d as Record<string, unknown>).computerName = "x".repeat(40_000)),
    "computerName: a string of length 40,000, at most 32,767",
  ],
])("%s: named with the field, the count and the limit", (limit, change, message) => {
  const doc = facts();
  change(doc);
  const breaches = answerLimitBreaches(doc);
  expect(breaches.map((b) => [b.limit, b.message])).toEqual([[limit, message]]);
});

test("nesting beyond the limit is one breach, found without recursion", () => {
  let deep: unknown = [];
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const breaches = answerLimitBreaches({ ...facts(), extra: deep });
  expect(breaches.map((b) => b.limit)).toEqual(["depth"]);
  expect(breaches[0].found).toBe(ANSWER_LIMITS.depth + 1);
});

test("any JSON value: breaches or none, never an exception", () => {
  fc.assert(
    fc.property(wild, (v) => void answerLimitBreaches(v)),
    { numRuns: 500 },
  );
});

test("time linear in the answer: 16 MiB of bindings cost about what JSON.parse of them costs", () => {
  const doc = facts();
  doc.sites[0].bindings = Array.from({ length: 400_000 }, (_, i) => ({
    protocol: "https",
    bindingInformation: `*:443:host${i}.corp.example.com`,
  }));
  const text = JSON.stringify(doc);
  expect(text.length).toBeGreaterThan(16 * 2 ** 20);
  let started = performance.now();
  const parsed = JSON.parse(text);
  const parseMs = performance.now() - started;
  started = performance.now();
  expect(answerLimitBreaches(parsed).map((b) => b.limit)).toEqual(["bindings"]);
  expect(performance.now() - started).toBeLessThan(4 * parseMs + 500);
});

test("a host whose answer is beyond the limits is refused with them as its reason, never judged on part of it", async () => {
  const { FixtureCollector } = await import("../../remote/collector");
  const doc = JSON.parse(JSON.stringify(hostFacts("web01")));
  doc.sites[0].bindings = Array.from({ length: 20_001 }, (_, i) => ({
    protocol: "https",
    bindingInformation: `*:443:h${i}.corp.example.com`,
  }));
  const err = await new FixtureCollector(new Map([["web01", doc]])).collect({ server: "web01" }).catch((e) => e);
  expect(err.kind).toBe("output-too-large");
  expect(err.message).toMatch(
    /^web01: the answer is beyond what one host may send: sites\[\*\]\.bindings: bindings in all: 20,001, at most 20,000/,
  );
});

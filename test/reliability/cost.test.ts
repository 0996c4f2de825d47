// Adversarial sizes: for each step a host's answer goes through, inputs built to be that step's
// worst case, at sizes up to megabytes, and the property that time per input byte stays bounded —
// a quadratic step fails it at these sizes (the steps issue 10 found took 12 s to hours below the
// 16 MiB output cap). Runs per step: a tenth of IISGUARD_FUZZ_RUNS, from 5 to 40 (each is megabytes).
import * as fs from "fs";
import fc from "fast-check";
import { evaluate } from "../../core/engine";
import { globMatch } from "../../core/glob";
import { appFacts, hostFacts } from "../../emulator/host-facts";
import { answerLimitBreaches } from "../../remote/answer-limits";
import { parseHostFacts } from "../../remote/facts";
import { parseAnswer } from "../../remote/powershell";
import { RUNS } from "./boundary";

const OUT = process.env.IISGUARD_RELIABILITY_OUT;
const runs = Math.min(40, Math.max(5, Math.round(RUNS / 10)));
/** Generous for a shared 2-core machine, far below what a quadratic step costs at a megabyte. */
const NS_PER_BYTE = 2_000;
const FLOOR_MS = 150;

function checkCost<T>(step: string, input: fc.Arbitrary<T>, bytes: (t: T) => number, run: (t: T) => void, nsPerByte = NS_PER_BYTE): void {
  const stats = { step, runs: 0, maxBytes: 0, maxNsPerByte: 0 };
  fc.assert(
    fc.property(input, (t) => {
      const n = bytes(t);
      const started = performance.now();
      try {
        run(t);
      } catch {
        // typed errors are the fuzz suite's subject; here only time counts
      }
      const ms = performance.now() - started;
      stats.runs++;
      stats.maxBytes = Math.max(stats.maxBytes, n);
      stats.maxNsPerByte = Math.max(stats.maxNsPerByte, ms > FLOOR_MS ? (ms * 1e6) / n : 0);
      if (ms > FLOOR_MS + (n * nsPerByte) / 1e6)
        throw new Error(`${step}: ${Math.round(ms)} ms for ${n} bytes (${Math.round((ms * 1e6) / n)} ns per byte)`);
    }),
    { numRuns: runs },
  );
  if (OUT) fs.appendFileSync(OUT, `${JSON.stringify({ cost: stats })}\n`);
}

const size = fc.integer({ min: 10_000, max: 2_000_000 });
const answer = (data: unknown) => JSON.stringify({ status: "ok", data });

test("CLIXML openers, closed and unclosed, in up to 4 MB of output", () => {
  const opener = fc.constantFrom("#< CLIXML\r\n<Objs>", "#< CLIXML<Objs", "#< CLIXML\n", "#< CLIXML\r\n<Objs></Objs>", "</Objs>");
  const output = fc
    .tuple(fc.array(opener, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 250_000 }), fc.boolean())
    .map(([pieces, times, closed]) => Buffer.from(`${pieces.join("").repeat(times)}${answer({})}${closed ? "</Objs>" : ""}`));
  checkCost(
    "PowerShell answer cleaning (parseAnswer)",
    output,
    (b) => b.length,
    (b) => parseAnswer("web01", 0, b, b),
  );
});

test("wildcard patterns built to backtrack, against names built to match almost", () => {
  const input = fc.tuple(size, fc.constantFrom("*ab", "*a*", "a*", "*a?b"), fc.boolean()).map(([n, shape, qm]) => {
    const a = "a".repeat(n / 2);
    const pattern =
      shape === "*ab" ? `*${a}b` : shape === "*a*" ? "*a".repeat(n / 4) + "b*" : shape === "a*" ? `${a}*${a}b` : `*${"a?".repeat(50)}b`;
    return { pattern, text: a + a, qm };
  });
  checkCost(
    "glob matching (proxy bypass, known_hosts, waivers)",
    input,
    (t) => t.pattern.length + t.text.length,
    (t) => globMatch(t.pattern, t.text, { questionMark: t.qm }),
  );
});

test("fact documents with many bindings, applications, bypass patterns and long names, parsed and judged", () => {
  const doc = fc
    .tuple(fc.constantFrom("bindings", "applications", "patterns", "names"), fc.integer({ min: 100, max: 20_000 }))
    .map(([kind, n]) => {
      const f = JSON.parse(JSON.stringify(hostFacts("web01"))) as ReturnType<typeof hostFacts> & {
        sites: { bindings: unknown[]; paths: unknown[] }[];
        proxy: { machine: { override: string } };
      };
      if (kind === "bindings")
        f.sites[0].bindings = Array.from({ length: n }, (_, i) => ({
          protocol: "https",
          bindingInformation: `*:443:h${i % (n / 2 + 1)}.corp.example.com`,
        }));
      if (kind === "applications")
        f.sites[0].paths = [...f.sites[0].paths, ...Array.from({ length: Math.min(n, 5_000) }, (_, i) => appFacts(`/PM/a${i % 50}/b${i}`))];
      if (kind === "patterns")
        f.proxy.machine.override = Array.from({ length: Math.min(n, 1_000) }, (_, i) => `*a${i}*b*.corp.example.org`).join(";");
      if (kind === "names") f.sites[0].bindings = [{ protocol: "https", bindingInformation: `*:443:${"a".repeat(n * 20)}` }];
      if (kind === "names") f.proxy.machine.override = `*${"a".repeat(n * 20)}b;<local>`;
      return JSON.stringify(f);
    });
  checkCost(
    "fact documents (limits, parseHostFacts, rules)",
    doc,
    (t) => t.length,
    (t) => {
      const data = JSON.parse(t);
      answerLimitBreaches(data);
      const { host, sites } = parseHostFacts(data, { server: "web01", receivedAt: Date.now() });
      evaluate({ sites, hosts: [host, { ...host, server: "web02", resource: "host:web02" }], vms: [] });
    },
    3 * NS_PER_BYTE,
  ); // every rule judges every application: more work per byte, still a constant
});

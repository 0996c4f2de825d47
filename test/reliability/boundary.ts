// Property-based checks of every boundary that takes outside data. The invariant is always the
// same: a result, or a clear, typed error naming the place — never another exception, never a hang.
// Runs per boundary: IISGUARD_FUZZ_RUNS (the default profile is small; `npm run reliability` runs
// thousands and records what held in docs/reliability.md).
import * as fs from "fs";
import fc from "fast-check";
import { UNKNOWN } from "../../core/spec/reader";

export const RUNS = Number(process.env.IISGUARD_FUZZ_RUNS ?? 200);
const OUT = process.env.IISGUARD_RELIABILITY_OUT;

export interface BoundaryStats {
  boundary: string;
  runs: number;
  typedErrors: number;
  results: number;
  maxMs: number;
}

/** Checks `run` on generated inputs; errors must be instances of `allowed` with a message matching `names`. */
export function checkBoundary<T>(
  boundary: string,
  arbitrary: fc.Arbitrary<T>,
  run: (input: T) => unknown,
  opts: { allowed?: (new (...args: never[]) => Error)[]; names?: RegExp; examples?: T[]; maxMs?: number } = {},
): BoundaryStats {
  const stats: BoundaryStats = { boundary, runs: 0, typedErrors: 0, results: 0, maxMs: 0 };
  fc.assert(
    fc.property(arbitrary, (input) => {
      stats.runs++;
      const started = performance.now();
      try {
        run(input);
        stats.results++;
      } catch (e) {
        const typed = (opts.allowed ?? []).some((cls) => e instanceof cls);
        if (!typed) throw e;
        if (opts.names && !opts.names.test((e as Error).message))
          throw new Error(`error does not name the place: ${(e as Error).message}`, { cause: e });
        stats.typedErrors++;
      } finally {
        const ms = performance.now() - started;
        stats.maxMs = Math.max(stats.maxMs, ms);
        // A slow input fails the boundary whatever the call did: that is the check.
        // eslint-disable-next-line no-unsafe-finally
        if (ms > (opts.maxMs ?? 2000)) throw new Error(`${boundary} took ${Math.round(ms)} ms on one input (a hang in the making)`);
      }
    }),
    { numRuns: RUNS, examples: (opts.examples ?? []).map((e) => [e] as [T]) },
  );
  if (OUT) fs.appendFileSync(OUT, `${JSON.stringify(stats)}\n`);
  return stats;
}

/** Values outside data may hold: JSON, unknown markers, preview sentinels, huge and odd strings. */
export const wild: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constant(UNKNOWN) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
      "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
      "__proto__",
      "constructor",
      "$(Stop-Computer)",
      "'; rm -rf / #",
      "\u0000\uFFFF\uD800",
    ),
  },
  { weight: 1, arbitrary: fc.constant("x".repeat(200_000)) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, NaN, -0, Infinity, 2 ** 53, -1) },
);

/** A valid object with one place (at any depth) replaced by a wild value. */
export function mutated<T>(valid: () => T): fc.Arbitrary<T> {
  return fc.tuple(fc.nat(), wild).map(([pick, value]) => {
    const copy = JSON.parse(JSON.stringify(valid()));
    const slots: { parent: Record<string, unknown>; key: string }[] = [];
    const visit = (node: unknown) => {
      if (node === null || typeof node !== "object") return;
      for (const key of Object.keys(node)) {
        slots.push({ parent: node as Record<string, unknown>, key });
        visit((node as Record<string, unknown>)[key]);
      }
    };
    visit(copy);
    if (slots.length > 0) {
      const slot = slots[pick % slots.length];
      slot.parent[slot.key] = value;
    }
    return copy as T;
  });
}

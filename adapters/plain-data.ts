// Resource properties as plain data, with every value Pulumi does not know yet replaced by the
// model's UNKNOWN marker. Stack exports and mocks carry unknowns as sentinel strings; the policy
// pack's SDK proxy throws on them instead, so the pack passes its own reader (policies/adapters/plain.ts).
import { UNKNOWN } from "../core/spec/reader";

/** Sentinels the engine uses for values not known during preview (@pulumi/pulumi and @pulumi/policy). */
export const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

const MAX_DEPTH = 32;

/** How a property is read; the pack's reader turns the SDK's "unknown value" exception into UNKNOWN. */
export type PropertyReader = (container: Record<string | number, unknown>, key: string | number) => unknown;
const direct: PropertyReader = (container, key) => container[key];

export function plainData(value: unknown, read: PropertyReader = direct, depth = 0): unknown {
  if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return undefined;
  const source = value as Record<string | number, unknown>;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(plainData(read(source, i), read, depth + 1));
    return out;
  }
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) out[key] = plainData(read(source, key), read, depth + 1);
  return out;
}

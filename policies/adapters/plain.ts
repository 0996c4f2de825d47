// Copies resource properties out of @pulumi/policy's unknown-checking proxy into plain data,
// replacing each unknown preview value with the model's UNKNOWN marker instead of letting the
// proxy abort the whole policy. Works on plain objects too (stack exports carry the raw sentinels).
import { UnknownValueError } from "@pulumi/policy";
import { UNKNOWN } from "../../core/declared/reader";

/** Sentinels the engine uses for values not known during preview (from @pulumi/policy's proxy). */
const UNKNOWN_SENTINELS = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

const MAX_DEPTH = 32;

function read(container: Record<string | number, unknown>, key: string | number): unknown {
  try {
    return container[key];
  } catch (e) {
    if (e instanceof UnknownValueError) return UNKNOWN;
    throw e;
  }
}

export function toPlain(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return undefined;
  const source = value as Record<string | number, unknown>;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) out.push(toPlain(read(source, i), depth + 1));
    return out;
  }
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) out[key] = toPlain(read(source, key), depth + 1);
  return out;
}

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

/**
 * The SDK's proxy answers these keys with "I am a proxy" and with the object it wraps (they are
 * @pulumi/policy's isSpecialProxy and getSpecialProxyTarget; a test pins them to the installed
 * SDK). Reading the wrapped object directly, with the sentinels turned into UNKNOWN as for stack
 * exports, skips a trap and a new proxy per property read: that was most of each stack policy's
 * cost, and the pack runs 17 of them per AnalyzeStack.
 */
export const SDK_PROXY_KEYS = { isProxy: "__isSpecialProxy", target: "__getSpecialProxyTarget" } as const;

export function unwrapSdkProxy(value: object): object {
  try {
    const v = value as Record<string, unknown>;
    if (v[SDK_PROXY_KEYS.isProxy] === true) {
      const target = v[SDK_PROXY_KEYS.target];
      if (target !== null && typeof target === "object") return target;
    }
  } catch {
    // not the SDK's proxy: walk it as it is
  }
  return value;
}

export function toPlain(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return undefined;
  const object = depth === 0 ? unwrapSdkProxy(value) : value;
  const source = object as Record<string | number, unknown>;
  if (Array.isArray(object)) {
    const out: unknown[] = [];
    for (let i = 0; i < object.length; i++) out.push(toPlain(read(source, i), depth + 1));
    return out;
  }
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(object)) out[key] = toPlain(read(source, key), depth + 1);
  return out;
}

// Copies resource properties out of @pulumi/policy's unknown-checking proxy into plain data,
// replacing each unknown preview value with the model's UNKNOWN marker instead of letting the
// proxy abort the whole policy (adapters/plain-data.ts walks; this file knows the SDK).
import { UnknownValueError } from "@pulumi/policy";
import { UNKNOWN } from "../../core/spec/reader";
import { plainData } from "../../adapters/plain-data";

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

export function toPlain(value: unknown): unknown {
  return plainData(value !== null && typeof value === "object" ? unwrapSdkProxy(value) : value, read);
}

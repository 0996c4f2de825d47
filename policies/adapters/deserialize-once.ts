// Each resource deserialized once per request instead of once per policy.
//
// @pulumi/policy's AnalyzeStack handler rebuilds the whole stack for every stack policy: for each
// policy it turns every resource's protobuf Struct into JavaScript again (`toJavaScript`, then a
// walk for secrets and assets). The pack has one stack policy per rule (the contract: a policy per
// rule id, and joins across resources need stack policies), so a stack was converted 17 times per
// AnalyzeStack. Measured by `npm run bench` before the memo (2026-11-24, 1,000 resources): the
// policies cost 0.93 ms per resource with all 17 on and 0.14 ms with one; after it, docs/benchmarks.md.
//
// The handler calls the SDK's internal `deserializeProperties` through its module's export, with
// the same Struct object every time (protobuf caches the message's wrapper). Wrapping that export
// with a memo keyed by the Struct makes the first policy pay and the rest reuse the result. The
// memo is a WeakMap: an entry lives as long as the request's message does, nothing more.
//
// Sharing one object between policies is safe here because every policy of this pack only reads
// its resources (adapters copy them out, see plain.ts). A test pins that the SDK still calls
// through the export; if an upgrade breaks that, the pack stays correct and only gets slower.

type Deserialize = (outputsStruct: object, proxySecrets: boolean) => Record<string, unknown>;
interface DeserializeModule {
  deserializeProperties: Deserialize & { [MEMOIZED]?: true };
}

const MEMOIZED = Symbol.for("iisguard.deserializeOnce");

const sdkDeserialize = (): DeserializeModule => require("@pulumi/policy/deserialize") as DeserializeModule;

/** Installs the memo on @pulumi/policy's deserializer (idempotent). Returns false if the SDK has no such export. */
export function deserializeEachResourceOnce(module: DeserializeModule = sdkDeserialize()): boolean {
  const original = module.deserializeProperties;
  if (typeof original !== "function") return false;
  if (original[MEMOIZED]) return true;
  const memo = new WeakMap<object, { plain?: Record<string, unknown>; secrets?: Record<string, unknown> }>();
  const once: Deserialize & { [MEMOIZED]?: true } = (outputsStruct, proxySecrets) => {
    if (outputsStruct === null || typeof outputsStruct !== "object") return original(outputsStruct, proxySecrets);
    let entry = memo.get(outputsStruct);
    if (!entry) memo.set(outputsStruct, (entry = {}));
    const slot = proxySecrets ? "secrets" : "plain";
    return (entry[slot] ??= original(outputsStruct, proxySecrets));
  };
  once[MEMOIZED] = true;
  module.deserializeProperties = once;
  return true;
}

// One adaptation per AnalyzeStack instead of one per policy. @pulumi/policy hands each of the
// pack's 17 stack policies its own freshly deserialized copy of the stack, so nothing identifies
// "the same call"; the key is the resources' content itself, serialized as the SDK deserialized it
// (unknown values are still their sentinel strings there, so "unknown" and "absent" differ). The
// last key and fleet are kept: a different stack misses and replaces them, an identical one reuses
// a fleet that rules only read.
import { adaptFleet, type AdaptedFleet, type ResourceLike } from "./fleet";
import { unwrapSdkProxy } from "./plain";

export function sharedAdaptation(): (resources: readonly ResourceLike[]) => AdaptedFleet {
  let last: { key: string; adapted: AdaptedFleet } | undefined;
  return (resources) => {
    const key = JSON.stringify(
      resources.map((r) => [r.type, r.urn, r.name, unwrapSdkProxy(r.props), Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)])]),
    );
    if (last?.key !== key) last = { key, adapted: adaptFleet(resources) };
    return last.adapted;
  };
}

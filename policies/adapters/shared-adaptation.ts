// One adaptation per AnalyzeStack instead of one per policy. @pulumi/policy hands each of the
// pack's 17 stack policies its own list of resources, so nothing in the call says "the same
// request". Two ways to recognise it:
// - identity: with deserialize-once.ts installed, every policy of one request sees the very same
//   deserialized properties object per resource (it belongs to that request's message), so the same
//   objects in the same order, under the same URNs, are the same stack;
// - content, when identity misses: the resources serialized as the SDK deserialized them (unknown
//   values are still their sentinel strings there, so "unknown" and "absent" differ).
// The last stack and its fleet are kept: a different stack misses and replaces them, an identical
// one reuses a fleet that rules only read.
import { adaptFleet, type AdaptedFleet, type ResourceLike } from "../../adapters/resources";
import { toPlain, unwrapSdkProxy } from "./plain";

interface Last {
  ids: string[];
  props: object[];
  key: string;
  adapted: AdaptedFleet;
}

const identical = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((o, i) => o === b[i]);
const resourceId = (r: ResourceLike) => `${r.type}\u0000${r.urn}\u0000${r.name}`;

function contentKey(resources: readonly ResourceLike[], props: readonly object[]): string {
  return JSON.stringify(
    resources.map((r, i) => [
      r.type,
      r.urn,
      r.name,
      props[i],
      Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)]),
    ]),
  );
}

export function sharedAdaptation(): (resources: readonly ResourceLike[]) => AdaptedFleet {
  let last: Last | undefined;
  return (resources) => {
    const props = resources.map((r) => unwrapSdkProxy(r.props));
    const ids = resources.map(resourceId);
    if (last && identical(last.props, props) && identical(last.ids, ids)) return last.adapted;
    const key = contentKey(resources, props);
    if (last?.key === key) {
      Object.assign(last, { ids, props });
      return last.adapted;
    }
    last = { ids, props, key, adapted: adaptFleet(resources, toPlain) };
    return last.adapted;
  };
}

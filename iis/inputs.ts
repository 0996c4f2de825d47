// What iis.Site and iis.Host share: arguments validated once, at construction, with every problem
// named; a server that may be an Output (a name taken from a VM) checked now when it is a plain value
// and when it resolves otherwise; the normalized declaration that becomes the component's outputs.
import * as pulumi from "@pulumi/pulumi";
import { show, SpecError } from "../core/spec/reader";
import type { Normalized } from "../core/spec/site-spec";

const RESOLVED_LATER = "(resolved later)";

function plainOrLater(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === "string") return value;
  return RESOLVED_LATER;
}

/** The normalized spec of `args`, or a SpecError naming `component` and every invalid field. */
export function validated<S>(component: string, args: unknown, normalize: (raw: unknown) => Normalized<S>): S {
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new SpecError(component, [{ path: "(args)", message: `must be an object, got ${show(args)}` }]);
  }
  const raw = args as { server?: unknown };
  const { spec, problems } = normalize({ ...raw, server: plainOrLater(raw.server), vm: undefined });
  if (problems.length > 0) throw new SpecError(component, problems);
  return spec;
}

/** The declaration a component registers: its spec, the server as a checked Output, the VM's URN. */
export function declaration<S>(
  component: string,
  args: { server: pulumi.Input<string>; vm?: pulumi.Resource },
  normalize: (raw: unknown) => Normalized<S>,
) {
  const spec = validated(component, args, normalize);
  const server = pulumi.output(args.server).apply((s) => {
    if (typeof s !== "string" || s.trim() === "")
      throw new SpecError(component, [{ path: "server", message: `must be a non-empty string, got ${JSON.stringify(s)}` }]);
    return s.trim();
  });
  return { server, declared: { ...spec, server, ...(args.vm ? { vm: args.vm.urn } : {}) } };
}

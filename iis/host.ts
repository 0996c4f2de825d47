// iisguard:index:Host — the Windows settings of a server that decide 401s outside IIS: domain
// membership, the loopback check, the proxy. Validated at construction, registered normalized.
import * as pulumi from "@pulumi/pulumi";
import { normalizeHost } from "../core/declared/host-spec";
import { show, SpecError } from "../core/declared/reader";
import { plainOrLater, RESOLVED_LATER } from "./inputs";

export interface HostArgs {
  server: pulumi.Input<string>;
  vm?: pulumi.Resource;
  /** The AD domain the server is joined to; omit when it is joined to none. */
  domain?: string;
  /** Omitted: Windows defaults (check on, no names listed). */
  loopback?: { disableLoopbackCheck?: boolean; backConnectionHostNames?: string[] };
  /** WinINet proxy of the users that browse from this host (machine-wide policy or per user). */
  proxy?: { enabled: boolean; server?: string; bypassLocal?: boolean; bypassList?: string[] };
}

import { HOST_TYPE } from "./types";
export { HOST_TYPE };

export function validateHostArgs(name: string, args: HostArgs): void {
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new SpecError(`iis.Host '${name}'`, [{ path: "(args)", message: `must be an object, got ${show(args)}` }]);
  }
  const plainServer = plainOrLater(args.server);
  const { problems } = normalizeHost({ ...args, server: plainServer, vm: undefined });
  if (problems.length > 0) throw new SpecError(`iis.Host '${name}'`, problems);
}

export class Host extends pulumi.ComponentResource {
  public readonly server: pulumi.Output<string>;

  constructor(name: string, args: HostArgs, opts?: pulumi.ComponentResourceOptions) {
    validateHostArgs(name, args);
    const server = pulumi.output(args.server).apply((s) => {
      if (typeof s !== "string" || s.trim() === "") throw new SpecError(`iis.Host '${name}'`, [{ path: "server", message: `must be a non-empty string, got ${JSON.stringify(s)}` }]);
      return s.trim();
    });
    const { spec } = normalizeHost({ ...args, server: RESOLVED_LATER, vm: undefined });
    const declared = { ...spec, server, ...(args.vm ? { vm: args.vm.urn } : {}) };
    super(HOST_TYPE, name, declared, opts);
    this.server = server;
    this.registerOutputs(declared);
  }
}

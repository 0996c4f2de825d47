// iisguard:index:Host — the Windows settings of a server that decide 401s outside IIS: domain
// membership, the loopback check, the proxy. Validated at construction, registered normalized.
import * as pulumi from "@pulumi/pulumi";
import { normalizeHost } from "../core/spec/host-spec";
import { declaration, validated } from "./inputs";

export interface HostArgs {
  server: pulumi.Input<string>;
  vm?: pulumi.Resource;
  /** The AD domain the server is joined to; omit when it is joined to none. */
  domain?: string;
  /** Omitted: Windows defaults (check on, no names listed). */
  loopback?: { disableLoopbackCheck?: boolean; backConnectionHostNames?: string[] };
  /** WinINet proxy of the users that browse from this host (machine-wide policy or per user). */
  proxy?: { enabled: boolean; server?: string; bypassLocal?: boolean; bypassList?: string[] };
  /** system.webServer/security/isapiCgiRestriction; omitted: not declared (IIS's default runs only listed binaries). */
  isapiCgiRestriction?: {
    notListedIsapisAllowed?: boolean;
    notListedCgisAllowed?: boolean;
    entries?: { path: string; allowed?: boolean }[];
  };
}

import { HOST_TYPE } from "./types";
export { HOST_TYPE };

export function validateHostArgs(name: string, args: HostArgs): void {
  validated(`iis.Host '${name}'`, args, normalizeHost);
}

export class Host extends pulumi.ComponentResource {
  public readonly server: pulumi.Output<string>;

  constructor(name: string, args: HostArgs, opts?: pulumi.ComponentResourceOptions) {
    const { server, declared } = declaration(`iis.Host '${name}'`, args, normalizeHost);
    super(HOST_TYPE, name, declared, opts);
    this.server = server;
    this.registerOutputs(declared);
  }
}

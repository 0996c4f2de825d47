// iisguard:index:Site — the IIS site a Pulumi program declares. It creates nothing in Azure: it is
// the declaration the policy pack and the scanner check. Its arguments are validated here, at
// construction, and registered as outputs in normalized form so that both Analyze (inputs) and
// AnalyzeStack (outputs) see the same thing.
import * as pulumi from "@pulumi/pulumi";
import { normalizeSite } from "../core/spec/site-spec";
import { declaration, validated } from "./inputs";
import type { AppPoolIdentity, AuthMethod } from "../core/model";

export interface AuthorizationRuleArgs {
  access: "allow" | "deny";
  /** "*" all users, "?" anonymous users, or account names. */
  users?: string[];
  roles?: string[];
  /** HTTP verbs the rule applies to ("GET", "POST"); omitted: every verb. */
  verbs?: string[];
}

export interface ApplicationArgs {
  /** Virtual path inside the site ("/PM/admin"); "/" is the site root. */
  path: string;
  physicalPath?: string;
  /** Enabled methods. Anonymous next to a challenge method is IIS's mixed mode (judged by mixed-auth-admits-anonymous). */
  authentication: AuthMethod[];
  /**
   * The vendor's or the team's standard: exactly one authentication method here. Checked by the
   * advisory single-auth-method policy (make it mandatory in the pack config to block previews).
   */
  expectSingleMethod?: boolean;
  /** Windows authentication providers in order; omit for IIS's default (Negotiate, NTLM). */
  windowsProviders?: string[];
  /** Anonymous identity; "" means the app pool identity, omitted means IUSR. */
  anonymousUserName?: string;
  requireSsl?: boolean;
  authorization?: AuthorizationRuleArgs[];
  /** false: rules of parent paths are cleared here (<clear/>). Default true, as in IIS. */
  inheritAuthorization?: boolean;
  /** The server itself requests this application by the site's host names. */
  localClients?: boolean;
  /**
   * ASP.NET `system.web/authorization` rules in this path's web.config, in document order (the first
   * match wins; this level is evaluated before its parents'). Omit when the web.config defines none.
   */
  aspNetAuthorization?: AuthorizationRuleArgs[];
  /**
   * system.webServer/security/ipSecurity at this path (and below, until another path declares its
   * own). Omitted fields take IIS's defaults: allowUnlisted true, denyAction "Forbidden",
   * enableReverseDns false; an entry denies unless `allowed`, subnetMask 255.255.255.255.
   */
  ipSecurity?: {
    allowUnlisted?: boolean;
    denyAction?: "Unauthorized" | "Forbidden" | "NotFound" | "AbortRequest";
    enableReverseDns?: boolean;
    entries?: { ipAddress?: string; subnetMask?: string; domainName?: string; allowed?: boolean }[];
  };
  /** system.webServer/security/dynamicIpSecurity at this path (and below); a limit that is omitted is off. */
  dynamicIpSecurity?: {
    denyAction?: "Unauthorized" | "Forbidden" | "NotFound" | "AbortRequest";
    /** enableLoggingOnlyMode. */
    loggingOnly?: boolean;
    /** denyByConcurrentRequests enabled with this maxConcurrentRequests. */
    maxConcurrentRequests?: number;
    /** denyByRequestRate enabled: maxRequests per intervalMs (requestIntervalInMilliseconds, default 200). */
    requestRate?: { maxRequests: number; intervalMs?: number };
  };
  /** ISAPI filters loaded for this path (system.webServer/isapiFilters); `enabled` defaults to true. */
  isapiFilters?: { name: string; path: string; enabled?: boolean }[];
  /** Handler mappings served by an ISAPI extension or a CGI program (system.webServer/handlers). */
  isapiHandlers?: { name: string; requestPath: string; kind: "isapi" | "cgi"; scriptProcessor: string }[];
}

/** A network the site's users come from, as IIS sees it (after NAT). */
export interface ClientNetworkArgs {
  name: string;
  /** IPv4 addresses or CIDR ranges ("10.20.0.0/16", "203.0.113.7"). */
  addresses: string[];
  /** The name reverse DNS gives these addresses (domain-name restrictions match it). */
  hostName?: string;
  /** How many users share one address (NAT): dynamic IP limits count them together. */
  usersPerAddress?: number;
  peakConcurrentRequests?: number;
  peakRequestsPerSecond?: number;
}

export interface SiteArgs {
  /** Name or address the collectors reach the server by; may come from another resource. */
  server: pulumi.Input<string>;
  siteName: string;
  physicalPath: string;
  appPool: { name: string; identity?: AppPoolIdentity; userName?: string };
  bindings: { protocol: "http" | "https"; port: number; hostName?: string }[];
  applications: ApplicationArgs[];
  /** Who is in each role (Windows group) the authorization rules name. */
  roleAssignments?: { role: string; members: string[] }[];
  /** The Azure VM hosting the site. */
  vm?: pulumi.Resource;
  /** Where the site's users come from: judged against IP and dynamic IP restrictions. */
  clientNetworks?: ClientNetworkArgs[];
}

import { SITE_TYPE } from "./types";
export { SITE_TYPE };

/** Throws a SpecError naming every invalid field; returns nothing because the outputs carry the spec. */
export function validateSiteArgs(name: string, args: SiteArgs): void {
  validated(`iis.Site '${name}'`, args, normalizeSite);
}

export class Site extends pulumi.ComponentResource {
  /** The normalized declaration, as the policy pack sees it. */
  public readonly server: pulumi.Output<string>;

  constructor(name: string, args: SiteArgs, opts?: pulumi.ComponentResourceOptions) {
    const { server, declared } = declaration(`iis.Site '${name}'`, args, normalizeSite);
    super(SITE_TYPE, name, declared, opts);
    this.server = server;
    this.registerOutputs(declared);
  }
}

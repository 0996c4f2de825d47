// The one model of IIS configuration. Declared configuration (Pulumi resources) and observed
// configuration (facts collected from servers) are both translated into these shapes, so a rule
// cannot tell whether it looks at a plan or at a server.
//
// A value that cannot be known (an unknown preview value, a fact a collector could not read) is not
// guessed: the adapter records its field path in `unknown`, and the engine turns every rule that
// reads such a field into an "unknown" outcome.

export const AUTH_METHODS = ["anonymous", "basic", "windows", "digest", "clientCertificate"] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

/** Methods that answer an unauthenticated request with a challenge (a 401 plus WWW-Authenticate). */
export const CHALLENGE_METHODS: readonly AuthMethod[] = ["basic", "windows", "digest", "clientCertificate"];

/** Provider names IIS accepts in windowsAuthentication/providers. */
export const WINDOWS_PROVIDERS = ["Negotiate", "NTLM", "Negotiate:Kerberos", "Negotiate:PKU2U", "Negotiate:CloudAP"] as const;

export const APP_POOL_IDENTITIES = ["ApplicationPoolIdentity", "NetworkService", "LocalService", "LocalSystem", "SpecificUser"] as const;
export type AppPoolIdentity = (typeof APP_POOL_IDENTITIES)[number];

export type Origin = "declared" | "observed";

export interface AppPool {
  name: string;
  identity: AppPoolIdentity;
  /** The account when identity is SpecificUser (DOMAIN\user). */
  userName?: string;
  /**
   * SID of the pool's virtual account `IIS AppPool\<name>` (observed). It is the worker's user with
   * ApplicationPoolIdentity and is injected into the token with every other identity type
   * (iis-docs manage/configuring-security/application-pool-identities.md).
   */
  sid?: string;
  /**
   * SID of the account the worker runs as when it is not the virtual account: S-1-5-20 for
   * NetworkService, S-1-5-19 LocalService, S-1-5-18 LocalSystem, the custom account's SID for
   * SpecificUser (observed; absent when it could not be resolved).
   */
  identitySid?: string;
}

/** One access rule of an NTFS ACL, with the numeric values Get-Acl reports. */
export interface AclEntry {
  /** Absent when the collector could not translate the name. */
  sid?: string;
  name: string;
  /** FileSystemRights bitmask; may be negative (generic rights as a signed 32-bit value). */
  rights: number;
  deny: boolean;
  /** InheritanceFlags: ContainerInherit=1, ObjectInherit=2. */
  inheritance: number;
  /** PropagationFlags: NoPropagateInherit=1, InheritOnly=2. */
  propagation: number;
  /** Inherited from a parent folder (IsInherited). The list is in DACL order, as Get-Acl reports it. */
  inherited?: boolean;
}

/** A Windows account or group as the host resolves it. */
export interface Principal {
  name: string;
  sid: string;
  /** SIDs of the members (groups only); meaningless when membersError is set. */
  members: { name: string; sid: string }[];
  /** Why the members could not be read (a domain group from a session without network credentials, an orphaned SID …): membership is unknown. */
  membersError?: string;
}

export interface Binding {
  protocol: "http" | "https";
  port: number;
  /** Empty or absent: the binding answers every host name. */
  hostName?: string;
}

export interface AuthorizationRule {
  access: "allow" | "deny";
  /** `*` all users, `?` anonymous users, otherwise account names. */
  users: string[];
  roles: string[];
  /**
   * HTTP verbs the rule applies to; absent or empty: every verb ("If this value is left blank … the
   * rule will apply to all HTTP verbs", iis-docs configuration/system.webServer/security/authorization/add).
   */
  verbs?: string[];
}

/**
 * An ASP.NET `system.web/authorization` rule (`<allow>`/`<deny>`). ASP.NET evaluates the rules of the
 * lowest configuration level first, in document order, and the first match decides; it applies to
 * requests served by managed handlers (understanding-iis-url-authorization.md, "Differences").
 */
export interface AspNetAuthorizationRule {
  access: "allow" | "deny";
  users: string[];
  roles: string[];
  verbs?: string[];
}

/** What a configured path is in IIS: an application, a virtual directory, or a plain folder (a location path or a folder web.config). */
export type PathKind = "application" | "virtualDirectory" | "folder";

export interface Application {
  /** Virtual path inside the site, always starting with "/" ("/" is the site root). */
  path: string;
  /** Absent: an application (what declarations mean unless they say otherwise). */
  kind?: PathKind;
  /** The pool serving this path when it is not the site's (each IIS application names its own pool). */
  appPool?: AppPool;
  physicalPath?: string;
  /** Enabled methods, in no particular order, without duplicates. */
  authentication: AuthMethod[];
  /** windowsAuthentication/providers in order; absent means IIS's default (Negotiate, NTLM). */
  windowsProviders?: string[];
  /** anonymousAuthentication userName; "" means the app pool identity. Absent means IUSR. */
  anonymousUserName?: string;
  requireSsl: boolean;
  /** URL authorization rules declared at this path, in order. */
  authorization: AuthorizationRule[];
  /**
   * false models `<clear/>`: rules of parent paths (and the server's default Allow *) are not
   * inherited. IIS inherits by default.
   */
  inheritAuthorization: boolean;
  /** The server itself requests this application by the site's host names (loopback check). */
  localClients: boolean;
  /** NTFS ACL of the physical path (observed only; absent when not collected). */
  acl?: AclEntry[];
  /**
   * ASP.NET authorization rules defined at this level (not inherited), in document order; absent:
   * none at this level. Observed: derived from the effective collections of this path and its parent.
   */
  aspNetAuthorization?: AspNetAuthorizationRule[];
  /**
   * Modules enabled for this path (`system.webServer/modules`, native modules also installed in
   * `globalModules`). Absent: not known (declarations assume the modules their methods need).
   */
  modules?: string[];
  /**
   * Intent, not configuration: the vendor's (or the team's) setup allows exactly one authentication
   * method here. IIS itself serves several (mixed mode), so only single-auth-method reads it, as an
   * expectation. Observed applications carry it over from their declaration.
   */
  expectSingleMethod?: boolean;
  /** IP and domain restrictions here (observed: the effective section; declared: this level's, inherited below until another level declares its own). */
  ipSecurity?: IpSecurity;
  /** Dynamic IP restrictions here (same inheritance as ipSecurity). */
  dynamicIpSecurity?: DynamicIpSecurity;
  /** ISAPI filters in force here (observed: the effective collection; declared: this level's). Absent: none known. */
  isapiFilters?: IsapiFilter[];
  /** Handlers served by ISAPI extensions or CGI programs here. Absent: none known. */
  isapiHandlers?: IsapiHandler[];
}

/**
 * What IIS answers a client its IP or dynamic restrictions deny (`denyAction`, IIS 8+):
 * Unauthorized 401, Forbidden 403 (the default), NotFound 404, AbortRequest drops the connection
 * (learn.microsoft.com/iis/configuration/system.webServer/security/ipSecurity, …/dynamicIpSecurity).
 */
export const IP_DENY_ACTIONS = ["Unauthorized", "Forbidden", "NotFound", "AbortRequest"] as const;
export type IpDenyAction = (typeof IP_DENY_ACTIONS)[number];

/** One `system.webServer/security/ipSecurity` entry: an IPv4 address with its mask, or a DNS name (wildcards allowed). */
export interface IpRestrictionEntry {
  ipAddress?: string;
  /** Default 255.255.255.255 (the single address). */
  subnetMask?: string;
  domainName?: string;
  /** Default false: the entry denies. */
  allowed: boolean;
}

/** IP and domain restrictions in force at a path (the effective section). */
export interface IpSecurity {
  /** Addresses no entry matches are allowed (default true); "processed last in ordering". */
  allowUnlisted: boolean;
  denyAction: IpDenyAction;
  /** Domain-name entries need reverse DNS lookups (default false): without them they match nobody. */
  enableReverseDns: boolean;
  /** "The entries in this property are processed in order" (IPSecuritySection class, learn.microsoft.com/iis/wmi-provider/ipsecuritysection-class). */
  entries: IpRestrictionEntry[];
}

/** Dynamic IP restrictions in force at a path; a limit that is not enabled is absent. */
export interface DynamicIpSecurity {
  denyAction: IpDenyAction;
  /** enableLoggingOnlyMode: requests over the limits are logged, not denied. */
  loggingOnly: boolean;
  /** denyByConcurrentRequests (default off, 5). */
  maxConcurrentRequests?: number;
  /** denyByRequestRate (default off, 20 per 200 ms). */
  requestRate?: { maxRequests: number; intervalMs: number };
}

/**
 * Intent: a network the site's users come from, as IIS sees it. With NAT many users share one
 * address; `usersPerAddress` says how many, so dynamic limits can be judged.
 */
export interface ClientNetwork {
  name: string;
  /** IPv4 addresses or CIDR ranges (10.20.0.0/16) the requests arrive from, after any NAT. */
  addresses: string[];
  /** The name reverse DNS gives these addresses (for domain-name restrictions). */
  hostName?: string;
  /** Users behind one address (NAT, a proxy without X-Forwarded-For). */
  usersPerAddress?: number;
  /** Peak concurrent requests from one address, when known better than one per user. */
  peakConcurrentRequests?: number;
  /** Peak requests per second from one address, when known better than one per user. */
  peakRequestsPerSecond?: number;
}

/** An ISAPI filter loaded for a path (`system.webServer/isapiFilters`): it sees every request and may refuse it (401.4). */
export interface IsapiFilter {
  name: string;
  /** The DLL, as configured (environment variables not expanded). */
  path: string;
  enabled: boolean;
}

/** A handler mapping served by an ISAPI extension or a CGI program (`system.webServer/handlers`): it may answer 401.5. */
export interface IsapiHandler {
  name: string;
  /** The request path pattern ("*.dll", "*.exe", "api/*"). */
  requestPath: string;
  kind: "isapi" | "cgi";
  /** The DLL or EXE that serves it. */
  scriptProcessor: string;
  preCondition?: string;
}

/** `system.webServer/security/isapiCgiRestriction`: which ISAPI and CGI binaries IIS may run (server level). */
export interface IsapiCgiRestriction {
  notListedIsapisAllowed: boolean;
  notListedCgisAllowed: boolean;
  entries: { path: string; allowed: boolean }[];
}

export interface RoleAssignment {
  role: string;
  members: string[];
}

export interface Site {
  origin: Origin;
  /** Where findings point: the Pulumi URN or the observed host. */
  resource: string;
  server: string;
  siteName: string;
  physicalPath: string;
  appPool: AppPool;
  bindings: Binding[];
  applications: Application[];
  /** Absent: memberships are not known (not declared, or not collected). */
  roleAssignments?: RoleAssignment[];
  /** The Azure VM hosting the site (its URN when declared). */
  vm?: string;
  /** Where the site's users come from (intent: declared, carried over to scans). Absent: not declared. */
  clientNetworks?: ClientNetwork[];
  /**
   * Field paths that are unknown: dotted, without list indices except the application index
   * ("applications[1].authentication"); "applications.authentication" means in every application.
   */
  unknown: string[];
  /** Why a path in `unknown` is unknown, when the collector said (keyed like `unknown`). */
  unknownReasons?: Record<string, string>;
}

export interface LoopbackSettings {
  disableLoopbackCheck: boolean;
  backConnectionHostNames: string[];
}

export interface ProxySettings {
  enabled: boolean;
  server?: string;
  /** "Bypass proxy server for local addresses": the `<local>` token. */
  bypassLocal: boolean;
  bypassList: string[];
  /**
   * Automatic configuration in force beside (or instead of) the fixed proxy: a PAC file URL
   * (`AutoConfigURL`) or WPAD auto-detection. Which proxy a name gets then depends on a script
   * iisguard does not evaluate.
   */
  automatic?: { autoConfigUrl?: string; autoDetect?: boolean };
}

export interface Host {
  origin: Origin;
  resource: string;
  server: string;
  vm?: string;
  /** AD domain the host is joined to; absent when it is joined to none (or none is declared). */
  domain?: string;
  /** Windows defaults when not declared: loopback check on, no host names listed. */
  loopback: LoopbackSettings;
  proxy?: ProxySettings;
  /** Host clock minus the collector's clock, in seconds (observed only). */
  clockOffsetSeconds?: number;
  /** Groups (roles) resolved on the host, with their members (observed only). */
  principals?: Principal[];
  /** The machine's own NetBIOS name as the host reports it (observed; the loopback check's "own name"). */
  computerName?: string;
  /** The ISAPI and CGI restriction list (absent: not known; IIS's default allows only what is listed). */
  isapiCgiRestriction?: IsapiCgiRestriction;
  unknown: string[];
  /** Why a path in `unknown` is unknown, when the collector said. */
  unknownReasons?: Record<string, string>;
}

export interface VmExtension {
  resource: string;
  name: string;
  publisher: string;
  type: string;
  /** For the AD join extension: the domain in its settings (`Name`). */
  domain?: string;
}

export interface VirtualMachine {
  resource: string;
  name: string;
  windows: boolean;
  extensions: VmExtension[];
  unknown: string[];
}

export interface Fleet {
  sites: Site[];
  hosts: Host[];
  vms: VirtualMachine[];
  /** For an observed fleet: what the stack declared for the same servers, to compare with. */
  declared?: Fleet;
}

export const DOMAIN_JOIN_EXTENSION = { publisher: "Microsoft.Compute", type: "JsonADDomainExtension" } as const;
export const OPENSSH_EXTENSION = { publisher: "Microsoft.Azure.OpenSSH", type: "WindowsOpenSSH" } as const;

export function isExtension(ext: VmExtension, kind: { publisher: string; type: string }): boolean {
  return ext.publisher.toLowerCase() === kind.publisher.toLowerCase() && ext.type.toLowerCase() === kind.type.toLowerCase();
}

export function usesWindowsAuth(site: Site): boolean {
  return site.applications.some((app) => app.authentication.includes("windows"));
}

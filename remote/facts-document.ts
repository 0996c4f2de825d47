// The document remote/scripts/collect-host.ps1 returns, versioned by `schema`. One declared type
// for the script's output that the parser (remote/facts.ts), the emulator's fixtures
// (emulator/host-facts.ts) and the stand-in layer's tests share. It describes what a well-behaved
// host sends; the parser still checks every field, because hosts are not trusted.
import type { CollectedSiteLog } from "../core/logs/collected";

export const FACTS_SCHEMA = 2;

/** A section the script could not read: the reason instead of the data. */
export interface SectionError {
  error: string;
}
export type Section<T> = T | SectionError;

export interface AuthenticationFacts {
  anonymous: { enabled: boolean | null; userName: string };
  basic: { enabled: boolean | null };
  windows: { enabled: boolean | null; providers: string[]; useKernelMode: boolean | null; useAppPoolCredentials: boolean | null };
  digest: { enabled: boolean | null };
  clientCertificate: { enabled: boolean | null };
}

/** One `system.webServer/security/authorization` entry; accessType as a name. */
export interface UrlAuthorizationFacts {
  accessType: string;
  users: string;
  roles: string;
  verbs: string;
}

/** One `system.web/authorization` element: its tag (allow or deny) and attributes. */
export interface AspNetAuthorizationFacts {
  action: string;
  users: string;
  roles: string;
  verbs: string;
}

export interface AceFacts {
  sid: string | null;
  name: string;
  /** FileSystemRights as a signed 32-bit number. */
  rights: number;
  /** AccessControlType: Allow 0, Deny 1. */
  type: number;
  inheritance: number;
  propagation: number;
  inherited: boolean;
}

/** `system.webServer/security/ipSecurity` at a path; denyAction as a name (IIS 8+). */
export interface IpSecurityFacts {
  allowUnlisted: boolean | null;
  denyAction: string;
  enableReverseDns: boolean | null;
  entries: { ipAddress: string; subnetMask: string; domainName: string; allowed: boolean | null }[];
}

/** `system.webServer/security/dynamicIpSecurity` at a path (IIS 8+). */
export interface DynamicIpSecurityFacts {
  denyAction: string;
  enableLoggingOnlyMode: boolean | null;
  denyByConcurrentRequests: { enabled: boolean | null; maxConcurrentRequests: number };
  denyByRequestRate: { enabled: boolean | null; maxRequests: number; requestIntervalInMilliseconds: number };
}

/** One `system.webServer/handlers` entry served by IsapiModule or CgiModule. */
export interface HandlerFacts {
  name: string;
  path: string;
  verb: string;
  modules: string;
  scriptProcessor: string;
  preCondition: string;
}

/** The effective configuration of one path of a site (an application, a virtual directory or a folder). */
export interface PathFacts {
  path: string;
  /** Read only because a deeper path needs what it passes on (ASP.NET rules): not itself judged. */
  ancestorOnly?: true;
  kind?: "application" | "virtualDirectory" | "folder";
  /** As IIS stores it (environment variables not expanded). */
  physicalPath?: string;
  /** The pool of the application the path belongs to. */
  appPool?: string;
  authentication?: Section<AuthenticationFacts>;
  access?: Section<{ sslFlags: string }>;
  /** The effective collection: inherited rules included, <clear/> and <remove> applied. */
  authorization?: Section<{ rules: UrlAuthorizationFacts[] }>;
  /** The effective collection, as the configuration system merges it. */
  aspNetAuthorization?: Section<{ rules: AspNetAuthorizationFacts[] }>;
  /** Modules enabled at the path; `type` empty for native modules. */
  modules?: Section<{ modules: { name: string; type: string }[] }>;
  acl?: Section<{ path: string; entries: AceFacts[] }>;
  ipSecurity?: Section<IpSecurityFacts>;
  dynamicIpSecurity?: Section<DynamicIpSecurityFacts>;
  /** Effective `system.webServer/isapiFilters`. */
  isapiFilters?: Section<{ filters: { name: string; path: string; enabled: boolean | null }[] }>;
  /** Handler mappings served by ISAPI extensions or CGI programs (the others are left out). */
  handlers?: Section<{ handlers: HandlerFacts[] }>;
}

/**
 * A site's `<logFile>` (attributes it does not set come from `<siteDefaults>`):
 * https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/logfile/.
 * Enumerations as names (logFormat IIS, NCSA, W3C, Custom; period MaxSize, Daily, Weekly, Monthly, Hourly).
 */
export interface LogFileFacts {
  /** Environment variables expanded; the site's files are in `<directory>\W3SVC<id>\`. */
  directory: string;
  /** As configured (`%SystemDrive%\inetpub\logs\LogFiles`). */
  configuredDirectory: string;
  logFormat: string;
  enabled: boolean | null;
  period: string;
}

/**
 * What the server-side filter kept of one site's W3C logs (the log-evidence contract, shape owned by
 * core/logs/collected.ts): directives, 401s and each handshake's first success, file by file in time order.
 */
export type SiteLogFacts = CollectedSiteLog;

export interface SiteFacts {
  name: string;
  id: number;
  logFile?: Section<LogFileFacts>;
  bindings: { protocol: string; bindingInformation: string }[];
  paths: Section<PathFacts>[];
}

export interface AppPoolFacts {
  name: string;
  identityType: string;
  userName: string;
  /** SID of IIS AppPool\<name>. */
  sid?: string;
  sidError?: string;
  /** SID of the custom account (SpecificUser). */
  userSid?: string;
  userSidError?: string;
}

export interface PrincipalFacts {
  name: string;
  sid?: string;
  /** The name could not be translated to a SID. */
  error?: string;
  members?: { name: string; sid: string }[];
  membersError?: string;
}

export interface WinInetFacts {
  enable: number | null;
  server: string | null;
  override: string | null;
  autoConfigUrl: string | null;
  /** The binary DefaultConnectionSettings value, base64. */
  defaultConnectionSettings: string | null;
}

export interface FactsDocument {
  schema: typeof FACTS_SCHEMA;
  computer: Section<{ name: string; partOfDomain: boolean; domain: string }>;
  /** The host's clock, ISO 8601 UTC. */
  utcNow: string;
  loopback: Section<{ disableLoopbackCheck: number | null; backConnectionHostNames: string[] }>;
  proxy: Section<{
    winhttp: string;
    proxySettingsPerUser: number | null;
    machine: WinInetFacts;
    users: (WinInetFacts & { sid: string; loaded: boolean })[];
  }>;
  globalModules: Section<{ modules: string[] }>;
  /** `system.webServer/security/isapiCgiRestriction` (applicationHost.config only). */
  isapiCgiRestriction?: Section<{
    notListedIsapisAllowed: boolean | null;
    notListedCgisAllowed: boolean | null;
    entries: { path: string; allowed: boolean | null }[];
  }>;
  appPools: (AppPoolFacts | (SectionError & { name: string }))[];
  sites: (SiteFacts | (SectionError & { name: string }))[];
  principals: PrincipalFacts[];
  /** Only when the collection asked for logs (params.logByteCap > 0): one entry per site. */
  logs?: SiteLogFacts[];
}

// What an emulated Windows host is: IIS sites and their paths with the effective configuration of
// each, app pools, accounts and groups, NTFS ACLs, registry. One description, two renderings: the
// Windows state as on disk for the stand-in layer that real PowerShell reads
// (emulator/windows-fixture.ts), and the fact document collect-host.ps1 returns for that state
// (emulator/host-facts.ts), which the in-process hosts answer with. The contract suite checks that
// the two agree.
import type { PathKind } from "../core/model";
import type { DynamicIpSecurityFacts, HandlerFacts, IpSecurityFacts } from "../remote/facts-document";
import { demoSiteLogs, LOG_FILE_SCHEMA_DEFAULTS, type LogFileConfig, type LogFileContent } from "./site-logs";

export const READ_AND_EXECUTE_SYNC = 1179817;
export const FULL_CONTROL = 2032127;
const CONTAINER_AND_OBJECT_INHERIT = 3;

export const SID = {
  system: "S-1-5-18",
  localService: "S-1-5-19",
  networkService: "S-1-5-20",
  administrators: "S-1-5-32-544",
  users: "S-1-5-32-545",
  iisIusrs: "S-1-5-32-568",
  iusr: "S-1-5-17",
  authenticatedUsers: "S-1-5-11",
  helpdesk: "S-1-5-21-1004336348-1177238915-682003330-1104",
  admins: "S-1-5-21-1004336348-1177238915-682003330-1103",
  pmAdmins: "S-1-5-21-2-3-4-2001",
  tier1: "S-1-5-21-2-3-4-2002",
  tier2: "S-1-5-21-2-3-4-2003",
} as const;

export const POOL_SID = "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415";

export interface Ace {
  identity: string;
  sid: string;
  rights: number;
  type: 0 | 1;
  inheritance: number;
  propagation: number;
  inherited: boolean;
}

export function ace(sid: string, identity: string, rights: number, opts: { deny?: boolean; inherited?: boolean } = {}): Ace {
  return {
    identity,
    sid,
    rights,
    type: opts.deny ? 1 : 0,
    inheritance: CONTAINER_AND_OBJECT_INHERIT,
    propagation: 0,
    inherited: opts.inherited ?? true,
  };
}

export interface UrlRule {
  accessType: "Allow" | "Deny";
  users: string;
  roles: string;
  verbs: string;
}

export interface AspNetRule {
  action: "allow" | "deny";
  users: string;
  roles: string;
  verbs: string;
}

/** A configured path with its effective configuration (all of it: the rendering clears inheritance). */
export interface PathConfig {
  path: string;
  kind: PathKind;
  physicalPath: string;
  appPool: string;
  methods: string[];
  anonymousUserName: string;
  providers: string[];
  sslFlags: string;
  /** The effective URL authorization collection at this path. */
  authorization: UrlRule[];
  /** ASP.NET rules defined at this level (appended to the levels above). */
  aspNet: AspNetRule[];
  acl: Ace[];
  /** Effective IP and domain restrictions (absent: IIS's defaults, no entries). */
  ipSecurity?: IpSecurityFacts;
  /** Effective dynamic IP restrictions (absent: IIS's defaults, both limits off). */
  dynamicIpSecurity?: DynamicIpSecurityFacts;
  /** Effective ISAPI filters (absent: none). */
  isapiFilters?: { name: string; path: string; enabled: boolean }[];
  /** Handler mappings served by ISAPI extensions or CGI programs (absent: none). */
  handlers?: HandlerFacts[];
}

export const DEFAULT_IP_SECURITY: IpSecurityFacts = { allowUnlisted: true, denyAction: "Forbidden", enableReverseDns: false, entries: [] };
export const DEFAULT_DYNAMIC_IP_SECURITY: DynamicIpSecurityFacts = {
  denyAction: "Forbidden",
  enableLoggingOnlyMode: false,
  denyByConcurrentRequests: { enabled: false, maxConcurrentRequests: 5 },
  denyByRequestRate: { enabled: false, maxRequests: 20, requestIntervalInMilliseconds: 200 },
};

export interface PoolConfig {
  name: string;
  identityType: string;
  userName: string;
}

export interface SiteConfig {
  name: string;
  id: number;
  bindings: { protocol: string; bindingInformation: string }[];
  paths: PathConfig[];
  /** The site's own <logFile> attributes (the others come from the host's logDefaults). */
  logFile?: Partial<LogFileConfig>;
  /** Its W3C log files, in <directory>\W3SVC<id>\ (absent: the folder does not exist). */
  logs?: LogFileContent[];
}

export interface WindowsHost {
  computer: { name: string; partOfDomain: boolean; domain: string };
  clockOffsetMs: number;
  pools: PoolConfig[];
  sites: SiteConfig[];
  /** Account name → SID, as NTAccount.Translate maps them. */
  accounts: Record<string, string>;
  /** Group SID → members, or why they cannot be read. */
  groups: Record<string, { members: { name: string; sid: string }[] } | { error: string }>;
  loopback: { disableLoopbackCheck?: number; backConnectionHostNames?: string[] };
  proxy: { perUser?: number; machine: { enable?: number; server?: string; override?: string; autoConfigUrl?: string } };
  winhttp: string;
  /** Modules installed (globalModules) and enabled at the server level (modules). */
  modules: string[];
  /** <siteDefaults><logFile> (absent: the schema's defaults). */
  logDefaults?: LogFileConfig;
  /** The ISAPI and CGI restriction list (absent: IIS's default, nothing listed, nothing unlisted allowed). */
  isapiCgiRestriction?: { notListedIsapisAllowed: boolean; notListedCgisAllowed: boolean; entries: { path: string; allowed: boolean }[] };
}

export const DEFAULT_ISAPI_CGI_RESTRICTION = { notListedIsapisAllowed: false, notListedCgisAllowed: false, entries: [] };

export type HostVariant = "clean" | "anonymous-drift" | "acl-denies-helpdesk" | "clock-skew" | "loopback-missing" | "empty-helpdesk-role";

/** IIS's native modules of a server with the role services the portals need (iis-docs configuration/system.webServer/globalModules). */
export const DEFAULT_MODULES = [
  "AnonymousAuthenticationModule",
  "WindowsAuthenticationModule",
  "BasicAuthenticationModule",
  "UrlAuthorizationModule",
  "StaticFileModule",
  "DefaultDocumentModule",
];

const allowAll: UrlRule = { accessType: "Allow", users: "*", roles: "", verbs: "" };
const allowRole = (role: string): UrlRule => ({ accessType: "Allow", users: "", roles: role, verbs: "" });

export function pathConfig(
  path: string,
  physicalPath: string,
  methods: string[],
  authorization: UrlRule[],
  acl: Ace[],
  extra: Partial<PathConfig> = {},
): PathConfig {
  return {
    path,
    kind: "application",
    physicalPath,
    appPool: "PasswordManager",
    methods,
    anonymousUserName: "IUSR",
    providers: ["Negotiate", "NTLM"],
    sslFlags: "None",
    authorization,
    aspNet: [],
    acl,
    ...extra,
  };
}

/** The reference fleet's password-reset portals as one server runs them, configured as recommended, or a variant. */
export function windowsHost(server: string, variant: HostVariant = "clean"): WindowsHost {
  const baseAcl = [
    ace(SID.system, "NT AUTHORITY\\SYSTEM", FULL_CONTROL),
    ace(SID.administrators, "BUILTIN\\Administrators", FULL_CONTROL),
    ace(SID.users, "BUILTIN\\Users", READ_AND_EXECUTE_SYNC),
    ace(SID.iisIusrs, "BUILTIN\\IIS_IUSRS", READ_AND_EXECUTE_SYNC),
  ];
  // `icacls … /deny` writes an explicit entry, which canonical order puts before the inherited ones.
  const helpdeskAcl =
    variant === "acl-denies-helpdesk"
      ? [ace(SID.helpdesk, "WEB\\Help Desk Operators", 131209, { deny: true, inherited: false }), ...baseAcl]
      : baseAcl;
  return {
    computer: { name: server.toUpperCase(), partOfDomain: true, domain: "corp.example.com" },
    clockOffsetMs: variant === "clock-skew" ? 7 * 60_000 : 0,
    pools: [{ name: "PasswordManager", identityType: "ApplicationPoolIdentity", userName: "" }],
    sites: [
      {
        name: "Default Web Site",
        id: 1,
        bindings: [
          { protocol: "https", bindingInformation: "*:443:pm.corp.example.com" },
          { protocol: "http", bindingInformation: "*:80:pm.corp.example.com" },
        ],
        paths: [
          pathConfig("/", "%SystemDrive%\\inetpub\\wwwroot", ["anonymous"], [allowAll], baseAcl),
          pathConfig("/PM/admin", "C:\\Program Files\\Password Manager\\Admin", ["windows"], [allowRole("Administrators")], baseAcl),
          pathConfig(
            "/PM/helpdesk",
            "C:\\Program Files\\Password Manager\\HelpDesk",
            variant === "anonymous-drift" ? ["anonymous", "windows"] : ["windows"],
            [allowRole("Help Desk Operators")],
            helpdeskAcl,
          ),
          pathConfig("/PM/selfservice", "C:\\Program Files\\Password Manager\\SelfService", ["anonymous"], [allowAll], baseAcl),
        ],
        // Hourly files (the site's own setting; directory and format from <siteDefaults>), with handshakes and an expired-password burst planted.
        logFile: { period: "Hourly" },
        logs: demoSiteLogs(undefined, variant === "acl-denies-helpdesk"),
      },
    ],
    accounts: {
      "IIS AppPool\\PasswordManager": POOL_SID,
      Administrators: SID.admins,
      "Help Desk Operators": SID.helpdesk,
    },
    groups: {
      [SID.admins]: { members: [{ name: "CORP\\pm-admins", sid: SID.pmAdmins }] },
      [SID.helpdesk]: {
        members:
          variant === "empty-helpdesk-role"
            ? []
            : [
                { name: "CORP\\helpdesk-tier1", sid: SID.tier1 },
                { name: "CORP\\helpdesk-tier2", sid: SID.tier2 },
              ],
      },
    },
    loopback: variant === "loopback-missing" ? { backConnectionHostNames: [] } : { backConnectionHostNames: ["pm.corp.example.com"] },
    proxy: { perUser: 0, machine: { enable: 1, server: "proxy.corp.example.com:8080", override: "*.corp.example.com;<local>" } },
    winhttp: "Current WinHTTP proxy settings:\n\n    Direct access (no proxy server).",
    modules: DEFAULT_MODULES,
  };
}

/** Ancestors of a virtual path, root first ("/PM/admin" → "/", "/PM"). */
export function ancestorPaths(path: string): string[] {
  const parts = path.split("/").filter((s) => s !== "");
  return ["/", ...parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join("/")}`)].filter((p) => p !== path);
}

/** A site's effective <logFile>: its own attributes over <siteDefaults> ("the configuration in the <site> section is used for that site"). */
export function effectiveLogFile(host: WindowsHost, site: SiteConfig): LogFileConfig {
  return { ...(host.logDefaults ?? LOG_FILE_SCHEMA_DEFAULTS), ...site.logFile };
}

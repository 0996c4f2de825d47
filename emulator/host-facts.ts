// Fact documents of emulated Windows hosts, in the exact shape remote/scripts/collect-host.ps1
// returns: the reference fleet's password-reset portals, configured as recommended, plus variants
// that reproduce drift and observed-only causes of 401.
const READ_AND_EXECUTE_SYNC = 1179817;
const FULL_CONTROL = 2032127;
const CONTAINER_AND_OBJECT_INHERIT = 3;

const SID = {
  system: "S-1-5-18",
  administrators: "S-1-5-32-544",
  users: "S-1-5-32-545",
  iisIusrs: "S-1-5-32-568",
  iusr: "S-1-5-17",
  authenticatedUsers: "S-1-5-11",
};

export type HostVariant = "clean" | "anonymous-drift" | "acl-denies-helpdesk" | "clock-skew" | "loopback-missing" | "empty-helpdesk-role";

function ace(sid: string, name: string, rights: number, deny = false) {
  return { sid, name, rights, type: deny ? 1 : 0, inheritance: CONTAINER_AND_OBJECT_INHERIT, propagation: 0, inherited: true };
}

function auth(methods: string[], anonymousUserName = "IUSR") {
  return {
    anonymous: { enabled: methods.includes("anonymous"), userName: anonymousUserName },
    basic: { enabled: methods.includes("basic") },
    windows: { enabled: methods.includes("windows"), providers: ["Negotiate", "NTLM"], useKernelMode: true, useAppPoolCredentials: false },
    digest: { enabled: false },
    clientCertificate: { enabled: false },
  };
}

export function hostFacts(server: string, variant: HostVariant = "clean", poolSid = "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415"): Record<string, unknown> {
  const helpdeskSid = "S-1-5-21-1004336348-1177238915-682003330-1104";
  const adminsSid = "S-1-5-21-1004336348-1177238915-682003330-1103";
  const baseAcl = [
    ace(SID.system, "NT AUTHORITY\\SYSTEM", FULL_CONTROL),
    ace(SID.administrators, "BUILTIN\\Administrators", FULL_CONTROL),
    ace(SID.users, "BUILTIN\\Users", READ_AND_EXECUTE_SYNC),
    ace(SID.iisIusrs, "BUILTIN\\IIS_IUSRS", READ_AND_EXECUTE_SYNC),
  ];
  const app = (path: string, physicalPath: string, methods: string[], roles: string[], acl = baseAcl) => ({
    path,
    physicalPath,
    authentication: auth(methods),
    sslFlags: "None",
    authorization: roles.length ? roles.map((r) => ({ accessType: "Allow", users: "", roles: r, verbs: "" })) : [{ accessType: "Allow", users: "*", roles: "", verbs: "" }],
    acl: { path: physicalPath, entries: acl },
  });
  const helpdeskAcl = variant === "acl-denies-helpdesk" ? [ace(helpdeskSid, "WEB\\Help Desk Operators", 131209, true), ...baseAcl] : baseAcl;
  return {
    schema: 1,
    computerName: server.toUpperCase(),
    partOfDomain: true,
    domain: "corp.example.com",
    clockOffsetMs: variant === "clock-skew" ? 7 * 60_000 : 0,
    loopback: { disableLoopbackCheck: null, backConnectionHostNames: variant === "loopback-missing" ? [] : ["pm.corp.example.com"] },
    proxy: {
      winhttp: "Current WinHTTP proxy settings:\n\n    Direct access (no proxy server).",
      proxySettingsPerUser: 0,
      machine: { enable: 1, server: "proxy.corp.example.com:8080", override: "*.corp.example.com;<local>" },
      users: [],
    },
    sites: [
      {
        name: "Default Web Site",
        id: 1,
        physicalPath: "%SystemDrive%\\inetpub\\wwwroot",
        bindings: [
          { protocol: "https", bindingInformation: "*:443:pm.corp.example.com" },
          { protocol: "http", bindingInformation: "*:80:pm.corp.example.com" },
        ],
        appPool: { name: "PasswordManager", identityType: "ApplicationPoolIdentity", userName: "", sid: poolSid },
        applications: [
          app("/", "C:\\inetpub\\wwwroot", ["anonymous"], []),
          app("/PM/admin", "C:\\Program Files\\Password Manager\\Admin", ["windows"], ["Administrators"]),
          app("/PM/helpdesk", "C:\\Program Files\\Password Manager\\HelpDesk", variant === "anonymous-drift" ? ["anonymous", "windows"] : ["windows"], ["Help Desk Operators"], helpdeskAcl),
          app("/PM/selfservice", "C:\\Program Files\\Password Manager\\SelfService", ["anonymous"], []),
        ],
      },
    ],
    principals: [
      { name: "Administrators", sid: adminsSid, members: [{ name: "CORP\\pm-admins", sid: "S-1-5-21-2-3-4-2001" }] },
      {
        name: "Help Desk Operators",
        sid: helpdeskSid,
        members: variant === "empty-helpdesk-role" ? [] : [{ name: "CORP\\helpdesk-tier1", sid: "S-1-5-21-2-3-4-2002" }, { name: "CORP\\helpdesk-tier2", sid: "S-1-5-21-2-3-4-2003" }],
      },
    ],
  };
}

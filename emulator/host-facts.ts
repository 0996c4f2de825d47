// Fact documents of emulated Windows hosts: what remote/scripts/collect-host.ps1 returns for the
// Windows state emulator/windows-host.ts describes (the contract suite runs the real script under
// PowerShell on that state and checks it gives these). The in-process hosts answer with them.
import type { FactsDocument, PathFacts, PrincipalFacts } from "../remote/facts-document";
import {
  ancestorPaths,
  DEFAULT_DYNAMIC_IP_SECURITY,
  DEFAULT_IP_SECURITY,
  DEFAULT_ISAPI_CGI_RESTRICTION,
  effectiveLogFile,
  pathConfig,
  windowsHost,
  type HostVariant,
  type PathConfig,
  type SiteConfig,
  type WindowsHost,
} from "./windows-host";
import { hostLogEvidence, type LogRequest } from "./log-evidence";
import { ANSWER_LIMITS } from "../remote/answer-limits";
import { LOG_DEFAULTS } from "../remote/ssh-defaults";

export type { HostVariant } from "./windows-host";

/** The ASP.NET rule of the framework's root web.config: everyone is allowed unless a lower level says otherwise. */
export const ROOT_ASPNET_RULE = { action: "allow", users: "*", roles: "", verbs: "" } as const;

const expand = (p: string) => p.replace(/%SystemDrive%/gi, "C:");

function splitNames(list: string): string[] {
  return list
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "" && s !== "*" && s !== "?");
}

/** The effective ASP.NET collection at a path: the root rule, then each described level's own rules, root level first. */
function aspNetAt(paths: PathConfig[], path: string) {
  const levels = [...ancestorPaths(path), path];
  return [ROOT_ASPNET_RULE, ...levels.flatMap((level) => paths.find((p) => p.path === level)?.aspNet ?? [])];
}

function pathFacts(host: WindowsHost, paths: PathConfig[], p: PathConfig): PathFacts {
  return {
    path: p.path,
    kind: p.kind,
    physicalPath: p.physicalPath,
    appPool: p.appPool,
    authentication: {
      anonymous: { enabled: p.methods.includes("anonymous"), userName: p.anonymousUserName },
      basic: { enabled: p.methods.includes("basic") },
      windows: { enabled: p.methods.includes("windows"), providers: p.providers, useKernelMode: true, useAppPoolCredentials: false },
      digest: { enabled: p.methods.includes("digest") },
      clientCertificate: { enabled: p.methods.includes("clientCertificate") },
    },
    access: { sslFlags: p.sslFlags },
    authorization: { rules: p.authorization },
    aspNetAuthorization: { rules: aspNetAt(paths, p.path) },
    modules: { modules: host.modules.map((name) => ({ name, type: "" })) },
    acl: {
      path: expand(p.physicalPath),
      entries: p.acl.map((a) => ({
        sid: a.sid,
        name: a.identity,
        rights: a.rights,
        type: a.type,
        inheritance: a.inheritance,
        propagation: a.propagation,
        inherited: a.inherited,
      })),
    },
    ipSecurity: p.ipSecurity ?? DEFAULT_IP_SECURITY,
    dynamicIpSecurity: p.dynamicIpSecurity ?? DEFAULT_DYNAMIC_IP_SECURITY,
    isapiFilters: { filters: p.isapiFilters ?? [] },
    handlers: { handlers: p.handlers ?? [] },
  };
}

/** Paths above a described path that nothing describes: read only for the ASP.NET rules they pass on. */
function ancestorFacts(paths: PathConfig[]): PathFacts[] {
  const described = new Set(paths.map((p) => p.path.toLowerCase()));
  const extra = [...new Set(paths.flatMap((p) => ancestorPaths(p.path)))].filter((a) => !described.has(a.toLowerCase()));
  return extra.map((path) => ({ path, ancestorOnly: true, aspNetAuthorization: { rules: aspNetAt(paths, path) } }));
}

function principals(host: WindowsHost): PrincipalFacts[] {
  const names: string[] = [];
  for (const site of host.sites) {
    for (const p of site.paths)
      for (const r of [...p.authorization, ...p.aspNet])
        for (const role of splitNames(r.roles)) if (!names.some((n) => n.toLowerCase() === role.toLowerCase())) names.push(role);
  }
  return names.map((name) => {
    const sid = Object.entries(host.accounts).find(([account]) => account.toLowerCase() === name.toLowerCase())?.[1];
    if (!sid) return { name, error: "Some or all identity references could not be translated." };
    const group = host.groups[sid];
    if (!group) return { name, sid, membersError: `group ${sid} has no stand-in` };
    return "error" in group ? { name, sid, membersError: group.error } : { name, sid, members: group.members };
  });
}

/** What a scan asks for by default (remote/scan.ts): the in-process hosts answer with the logs of this request. */
export const DEFAULT_LOG_REQUEST: LogRequest = {
  windowHours: LOG_DEFAULTS.windowHours,
  byteCap: LOG_DEFAULTS.byteCapPerSite,
  maxLines: ANSWER_LIMITS.logLines,
  maxBytes: ANSWER_LIMITS.logBytes,
};

function logFileFacts(host: WindowsHost, site: SiteConfig) {
  const logFile = effectiveLogFile(host, site);
  return {
    directory: logFile.directory.replace(/%SystemDrive%/gi, "C:"),
    configuredDirectory: logFile.directory,
    logFormat: logFile.logFormat,
    enabled: logFile.enabled,
    period: logFile.period,
  };
}

/**
 * The document collect-host.ps1 returns for a described host (`clockOffsetMs` is the emulator's: it
 * becomes utcNow), with the `logs` it returns for `logs` (the in-process shell drops them when the
 * collection did not ask for logs).
 */
export function factsOf(host: WindowsHost, logs: LogRequest = DEFAULT_LOG_REQUEST): FactsDocument & { clockOffsetMs: number } {
  return {
    schema: 2,
    clockOffsetMs: host.clockOffsetMs,
    computer: host.computer,
    utcNow: "",
    loopback: {
      disableLoopbackCheck: host.loopback.disableLoopbackCheck ?? null,
      backConnectionHostNames: host.loopback.backConnectionHostNames ?? [],
    },
    proxy: {
      winhttp: host.winhttp,
      proxySettingsPerUser: host.proxy.perUser ?? null,
      machine: {
        enable: host.proxy.machine.enable ?? null,
        server: host.proxy.machine.server ?? null,
        override: host.proxy.machine.override ?? null,
        autoConfigUrl: host.proxy.machine.autoConfigUrl ?? null,
        defaultConnectionSettings: null,
      },
      users: [],
    },
    globalModules: { modules: host.modules },
    isapiCgiRestriction: host.isapiCgiRestriction ?? DEFAULT_ISAPI_CGI_RESTRICTION,
    appPools: host.pools.map((p) => ({
      name: p.name,
      identityType: p.identityType,
      userName: p.userName,
      sid: host.accounts[`IIS AppPool\\${p.name}`],
    })),
    sites: host.sites.map((s) => ({
      name: s.name,
      id: s.id,
      logFile: logFileFacts(host, s),
      bindings: s.bindings,
      paths: [...s.paths.map((p) => pathFacts(host, s.paths, p)), ...ancestorFacts(s.paths)],
    })),
    principals: principals(host),
    logs: hostLogEvidence(
      host.sites.map((s) => ({ name: s.name, id: s.id, logFile: effectiveLogFile(host, s), logs: s.logs })),
      logs,
    ),
  };
}

export function hostFacts(server: string, variant: HostVariant = "clean"): Record<string, unknown> {
  return factsOf(windowsHost(server, variant)) as unknown as Record<string, unknown>;
}

/** The facts of one more configured path (an application with `methods`, everyone allowed): for tests that grow a host's answer. */
export function appFacts(path: string, methods: string[] = ["windows"]): PathFacts {
  const p = pathConfig(path, "C:\\inetpub\\extra", methods, [{ accessType: "Allow", users: "*", roles: "", verbs: "" }], []);
  return pathFacts(windowsHost("extra"), [p], p);
}

// Writes the Windows state of an emulated host as the stand-in layer reads it
// (emulator/powershell/standin-layer.ps1): applicationHost.config with the sites, pools and one
// <location> tag per configured path, the framework's root web.config, content folders under
// files/, and machine.json for accounts, groups, ACLs and the registry.
import * as fs from "fs";
import * as path from "path";
import {
  DEFAULT_DYNAMIC_IP_SECURITY,
  DEFAULT_IP_SECURITY,
  DEFAULT_ISAPI_CGI_RESTRICTION,
  effectiveLogFile,
  type AspNetRule,
  type PathConfig,
  type UrlRule,
  type WindowsHost,
} from "./windows-host";
import { LOG_ANCHOR_MS, LOG_FILE_SCHEMA_DEFAULTS, logFileBytes, type LogFileConfig } from "./site-logs";

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function urlRules(rules: UrlRule[]): string {
  return rules
    .map((r) => `<add accessType="${r.accessType}" users="${xml(r.users)}" roles="${xml(r.roles)}" verbs="${xml(r.verbs)}" />`)
    .join("");
}

function aspNetRules(rules: AspNetRule[]): string {
  return rules.map((r) => `<${r.action} users="${xml(r.users)}" roles="${xml(r.roles)}" verbs="${xml(r.verbs)}" />`).join("");
}

function ipSecurity(p: PathConfig): string {
  const ip = p.ipSecurity ?? DEFAULT_IP_SECURITY;
  const entries = ip.entries.map(
    (e) =>
      `<add${e.ipAddress ? ` ipAddress="${xml(e.ipAddress)}"` : ""}${e.subnetMask && e.subnetMask !== "255.255.255.255" ? ` subnetMask="${xml(e.subnetMask)}"` : ""}${e.domainName ? ` domainName="${xml(e.domainName)}"` : ""} allowed="${e.allowed}" />`,
  );
  const dyn = p.dynamicIpSecurity ?? DEFAULT_DYNAMIC_IP_SECURITY;
  return [
    `<ipSecurity allowUnlisted="${ip.allowUnlisted}" denyAction="${xml(ip.denyAction)}" enableReverseDns="${ip.enableReverseDns}"><clear />${entries.join("")}</ipSecurity>`,
    `<dynamicIpSecurity denyAction="${xml(dyn.denyAction)}" enableLoggingOnlyMode="${dyn.enableLoggingOnlyMode}">`,
    `<denyByConcurrentRequests enabled="${dyn.denyByConcurrentRequests.enabled}" maxConcurrentRequests="${dyn.denyByConcurrentRequests.maxConcurrentRequests}" />`,
    `<denyByRequestRate enabled="${dyn.denyByRequestRate.enabled}" maxRequests="${dyn.denyByRequestRate.maxRequests}" requestIntervalInMilliseconds="${dyn.denyByRequestRate.requestIntervalInMilliseconds}" />`,
    `</dynamicIpSecurity>`,
  ].join("");
}

function isapi(p: PathConfig): string {
  const filters = (p.isapiFilters ?? [])
    .map((f) => `<filter name="${xml(f.name)}" path="${xml(f.path)}" enabled="${f.enabled}" />`)
    .join("");
  const handlers = (p.handlers ?? [])
    .map(
      (h) =>
        `<add name="${xml(h.name)}" path="${xml(h.path)}" verb="${xml(h.verb)}" modules="${xml(h.modules)}" scriptProcessor="${xml(h.scriptProcessor)}" preCondition="${xml(h.preCondition)}" />`,
    )
    .join("");
  return `<isapiFilters><clear />${filters}</isapiFilters><handlers><clear />${handlers}</handlers>`;
}

/** Every section of the path written out, inheritance cleared: the path's configuration is exactly what the description says. */
function location(site: string, p: PathConfig): string {
  const on = (m: string) => String(p.methods.includes(m));
  const where = p.path === "/" ? site : `${site}${p.path}`;
  return [
    `<location path="${xml(where)}"><system.webServer><security>`,
    `<authentication>`,
    `<anonymousAuthentication enabled="${on("anonymous")}" userName="${xml(p.anonymousUserName)}" />`,
    `<basicAuthentication enabled="${on("basic")}" />`,
    `<windowsAuthentication enabled="${on("windows")}" useKernelMode="true" useAppPoolCredentials="false"><providers><clear />${p.providers.map((v) => `<add value="${xml(v)}" />`).join("")}</providers></windowsAuthentication>`,
    `<digestAuthentication enabled="${on("digest")}" />`,
    `<iisClientCertificateMappingAuthentication enabled="${on("clientCertificate")}" />`,
    `</authentication>`,
    `<access sslFlags="${xml(p.sslFlags)}" />`,
    `<authorization><clear />${urlRules(p.authorization)}</authorization>`,
    ipSecurity(p),
    `</security>`,
    isapi(p),
    `</system.webServer>`,
    p.aspNet.length ? `<system.web><authorization>${aspNetRules(p.aspNet)}</authorization></system.web>` : "",
    `</location>`,
  ].join("\n");
}

function isapiCgiRestriction(host: WindowsHost): string {
  const r = host.isapiCgiRestriction ?? DEFAULT_ISAPI_CGI_RESTRICTION;
  const entries = r.entries.map((e) => `<add path="${xml(e.path)}" allowed="${e.allowed}" />`).join("");
  return `<isapiCgiRestriction notListedIsapisAllowed="${r.notListedIsapisAllowed}" notListedCgisAllowed="${r.notListedCgisAllowed}">${entries}</isapiCgiRestriction>`;
}

/** A <logFile> element with the attributes given (those left out are inherited or the schema's). */
function logFileXml(attributes: Partial<LogFileConfig>): string {
  return `<logFile${Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${xml(String(v))}"`)
    .join("")} />`;
}

function applicationHostConfig(host: WindowsHost): string {
  const sites = host.sites.map((s) => {
    const apps = s.paths.filter((p) => p.kind === "application");
    const vdirs = s.paths.filter((p) => p.kind === "virtualDirectory");
    const appXml = apps.map((a) => {
      const own = vdirs.filter(
        (v) =>
          v.path.toLowerCase().startsWith(`${a.path.replace(/\/$/, "").toLowerCase()}/`) &&
          !apps.some((o) => o !== a && o.path.length > a.path.length && v.path.toLowerCase().startsWith(`${o.path.toLowerCase()}/`)),
      );
      const vdirXml = [
        `<virtualDirectory path="/" physicalPath="${xml(a.physicalPath)}" />`,
        ...own.map(
          (v) =>
            `<virtualDirectory path="${xml(v.path.slice(a.path === "/" ? 0 : a.path.length))}" physicalPath="${xml(v.physicalPath)}" />`,
        ),
      ];
      return `<application path="${xml(a.path)}" applicationPool="${xml(a.appPool)}">${vdirXml.join("")}</application>`;
    });
    return `<site name="${xml(s.name)}" id="${s.id}">${appXml.join("")}${s.logFile ? logFileXml(s.logFile) : ""}<bindings>${s.bindings.map((b) => `<binding protocol="${xml(b.protocol)}" bindingInformation="${xml(b.bindingInformation)}" />`).join("")}</bindings></site>`;
  });
  const pools = host.pools.map(
    (p) => `<add name="${xml(p.name)}"><processModel identityType="${xml(p.identityType)}" userName="${xml(p.userName)}" /></add>`,
  );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<configuration>`,
    `<system.applicationHost><applicationPools>${pools.join("")}</applicationPools><sites><siteDefaults>${logFileXml(host.logDefaults ?? LOG_FILE_SCHEMA_DEFAULTS)}</siteDefaults>${sites.join("")}</sites></system.applicationHost>`,
    `<system.webServer>`,
    `<globalModules>${host.modules.map((m) => `<add name="${xml(m)}" image="%windir%\\System32\\inetsrv\\${xml(m)}.dll" />`).join("")}</globalModules>`,
    `<modules>${host.modules.map((m) => `<add name="${xml(m)}" />`).join("")}</modules>`,
    `<security><authentication><anonymousAuthentication enabled="true" userName="IUSR" /><windowsAuthentication enabled="false"><providers><add value="Negotiate" /><add value="NTLM" /></providers></windowsAuthentication></authentication>`,
    `<authorization><add accessType="Allow" users="*" /></authorization>`,
    isapiCgiRestriction(host),
    `</security>`,
    `</system.webServer>`,
    ...host.sites.flatMap((s) => s.paths.map((p) => location(s.name, p))),
    `</configuration>`,
    "",
  ].join("\n");
}

/** The .NET Framework's root web.config: ASP.NET allows everyone unless a lower level says otherwise. */
const ROOT_WEB_CONFIG = `<?xml version="1.0" encoding="UTF-8"?>\n<configuration><system.web><authorization><allow users="*" /></authorization></system.web></configuration>\n`;

function registry(host: WindowsHost): Record<string, Record<string, unknown>> {
  const lsa = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
  const inet = "HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";
  const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return {
    [lsa]: defined({ DisableLoopbackCheck: host.loopback.disableLoopbackCheck }),
    [`${lsa}\\MSV1_0`]: defined({ BackConnectionHostNames: host.loopback.backConnectionHostNames }),
    "HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\CurrentVersion\\Internet Settings": defined({
      ProxySettingsPerUser: host.proxy.perUser,
    }),
    [inet]: defined({
      ProxyEnable: host.proxy.machine.enable,
      ProxyServer: host.proxy.machine.server,
      ProxyOverride: host.proxy.machine.override,
      AutoConfigURL: host.proxy.machine.autoConfigUrl,
    }),
  };
}

/** Writes the host's Windows state into `dir` (created). Extra files (web.config below a content folder …) can be added after. */
export function writeWindowsFixture(host: WindowsHost, dir: string): void {
  fs.mkdirSync(path.join(dir, "files"), { recursive: true });
  fs.writeFileSync(path.join(dir, "applicationHost.config"), applicationHostConfig(host));
  fs.writeFileSync(path.join(dir, "rootWeb.config"), ROOT_WEB_CONFIG);
  const acls: Record<string, unknown> = {};
  for (const s of host.sites) for (const p of s.paths) acls[p.physicalPath.replace(/%SystemDrive%/gi, "C:")] = p.acl;
  const machine = {
    computer: host.computer,
    clockOffsetMs: host.clockOffsetMs,
    env: { SystemDrive: "C:", windir: "C:\\Windows" },
    registry: registry(host),
    // The accounts ACL entries name translate to the SIDs the entries carry.
    accounts: {
      ...Object.fromEntries(host.sites.flatMap((s) => s.paths.flatMap((p) => p.acl.map((a) => [a.identity, a.sid])))),
      ...host.accounts,
    },
    groups: host.groups,
    acls,
    winhttp: host.winhttp,
  };
  fs.writeFileSync(path.join(dir, "machine.json"), JSON.stringify(machine, null, 2));
  writeSiteLogs(host, dir);
}

/** Each site's log files under files/<drive>/… of <directory>\W3SVC<id>, last written when the description says. */
function writeSiteLogs(host: WindowsHost, dir: string): void {
  for (const site of host.sites) {
    if (!site.logs) continue;
    const m = /^([A-Za-z]):\\?(.*)$/.exec(effectiveLogFile(host, site).directory.replace(/%SystemDrive%/gi, "C:"));
    if (!m) throw new Error(`site ${site.name}: log directory is not a local Windows path`);
    const folder = path.join(dir, "files", m[1].toUpperCase(), ...m[2].split("\\").filter((p) => p !== ""), `W3SVC${site.id}`);
    fs.mkdirSync(folder, { recursive: true });
    for (const file of site.logs) {
      const target = path.join(folder, file.name);
      fs.writeFileSync(target, logFileBytes(file));
      const written = new Date(LOG_ANCHOR_MS - file.ageHours * 3_600_000);
      fs.utimesSync(target, written, written);
    }
  }
}

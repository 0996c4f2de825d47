// The fact document remote/scripts/collect-host.ps1 returns, and its translation into the one
// model. Pure. The document comes from a machine we do not control: every field is checked, and a
// field that cannot be read becomes an unknown model path, never a guess and never a crash.
import { Reader, show } from "../core/declared/reader";
import {
  APP_POOL_IDENTITIES,
  type AclEntry,
  type Application,
  type AppPool,
  type AuthMethod,
  type AuthorizationRule,
  type Binding,
  type Host,
  type Principal,
  type ProxySettings,
  type RoleAssignment,
  type Site,
} from "../core/model";

export const FACTS_SCHEMA = 1;

export interface ObservedHost {
  host: Host;
  sites: Site[];
  /** Fields of the document that were malformed, with why (they became unknown). */
  problems: string[];
}

type Obj = Record<string, unknown>;

function splitList(value: unknown): string[] {
  if (typeof value !== "string") return [];
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

/** "*:443:pm.corp.example.com" or "10.0.0.4:80:" → port and host name. */
export function parseBindingInformation(protocol: string, info: string): Binding | undefined {
  const m = /^(.*):(\d{1,5}):(.*)$/.exec(info);
  if (!m || (protocol !== "http" && protocol !== "https")) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { protocol, port, ...(m[3] ? { hostName: m[3] } : {}) };
}

function readAuthentication(r: Reader, o: Obj | undefined, path: string): { methods: AuthMethod[]; providers?: string[]; anonymousUserName?: string } {
  if (!o) return { methods: [] };
  const methods: AuthMethod[] = [];
  const enabled = (name: string) => r.boolean(r.field(r.object(r.field(o, name), `${path}.${name}`, true) ?? {}, "enabled"), `${path}.${name}.enabled`, false);
  for (const m of ["anonymous", "basic", "windows", "digest", "clientCertificate"] as const) if (enabled(m)) methods.push(m);
  const windows = r.object(r.field(o, "windows"), `${path}.windows`, true) ?? {};
  const anonymous = r.object(r.field(o, "anonymous"), `${path}.anonymous`, true) ?? {};
  const providers = r.strings(r.field(windows, "providers"), `${path}.windows.providers`, false);
  const anonymousUserName = r.string(r.field(anonymous, "userName"), `${path}.anonymous.userName`, { required: false });
  return { methods, ...(providers ? { providers } : {}), ...(anonymousUserName !== undefined ? { anonymousUserName } : {}) };
}

function readAuthorization(r: Reader, value: unknown, path: string): AuthorizationRule[] {
  return (r.list(value, path, false) ?? []).flatMap((item, i) => {
    const o = r.object(item, `${path}[${i}]`, true);
    if (!o) return [];
    const type = r.field(o, "accessType");
    const access = type === "Allow" || type === 0 ? "allow" : type === "Deny" || type === 1 ? "deny" : undefined;
    if (!access) return r.problem(`${path}[${i}].accessType`, `${show(type)} is not Allow or Deny`) ?? [];
    return [{ access, users: splitList(r.field(o, "users")), roles: splitList(r.field(o, "roles")) }];
  });
}

function readAcl(r: Reader, value: unknown, path: string): AclEntry[] | undefined {
  const o = r.object(value, path, false);
  if (!o) return undefined;
  if (r.field(o, "error") !== undefined) return r.problem(path, `the collector could not read the ACL: ${show(r.field(o, "error"))}`);
  return (r.list(r.field(o, "entries"), `${path}.entries`, true) ?? []).flatMap((item, i) => {
    const e = r.object(item, `${path}.entries[${i}]`, true);
    if (!e) return [];
    const rights = r.integer(r.field(e, "rights"), `${path}.entries[${i}].rights`, -(2 ** 31), 2 ** 32 - 1, true);
    const type = r.integer(r.field(e, "type"), `${path}.entries[${i}].type`, 0, 1, true);
    const sid = r.string(r.field(e, "sid"), `${path}.entries[${i}].sid`, { required: false });
    if (rights === undefined || type === undefined) return [];
    return [
      {
        ...(sid ? { sid } : {}),
        name: r.string(r.field(e, "name"), `${path}.entries[${i}].name`, { required: false }) ?? "",
        rights,
        deny: type === 1,
        inheritance: r.integer(r.field(e, "inheritance"), `${path}.entries[${i}].inheritance`, 0, 3, false) ?? 0,
        propagation: r.integer(r.field(e, "propagation"), `${path}.entries[${i}].propagation`, 0, 3, false) ?? 0,
      },
    ];
  });
}

function readApplication(r: Reader, value: unknown, path: string): Application | undefined {
  const o = r.object(value, path, true);
  if (!o) return undefined;
  const appPath = r.string(r.field(o, "path"), `${path}.path`, { required: true, nonEmpty: true });
  if (appPath === undefined) return undefined;
  const auth = readAuthentication(r, r.object(r.field(o, "authentication"), `${path}.authentication`, true), `${path}.authentication`);
  const physicalPath = r.string(r.field(o, "physicalPath"), `${path}.physicalPath`, { required: false });
  const acl = readAcl(r, r.field(o, "acl"), `${path}.acl`);
  if (acl === undefined && r.field(o, "acl") !== undefined) r.unknown.add(`${path}.acl`);
  const sslFlags = r.string(r.field(o, "sslFlags"), `${path}.sslFlags`, { required: false }) ?? "";
  return {
    path: appPath.startsWith("/") ? appPath : `/${appPath}`,
    ...(physicalPath ? { physicalPath } : {}),
    authentication: auth.methods,
    ...(auth.providers ? { windowsProviders: auth.providers } : {}),
    ...(auth.anonymousUserName !== undefined ? { anonymousUserName: auth.anonymousUserName } : {}),
    requireSsl: sslFlags.split(",").some((f) => f.trim() === "Ssl"),
    // The collector reads the effective collection at each location: inheritance is already applied.
    authorization: readAuthorization(r, r.field(o, "authorization"), `${path}.authorization`),
    inheritAuthorization: false,
    localClients: false,
    ...(acl ? { acl } : {}),
  };
}

function readAppPool(r: Reader, value: unknown, path: string): AppPool {
  const o = r.object(value, path, true) ?? {};
  const identity = r.oneOf(r.field(o, "identityType"), `${path}.identityType`, APP_POOL_IDENTITIES, false, "an app pool identity") ?? "ApplicationPoolIdentity";
  const userName = r.string(r.field(o, "userName"), `${path}.userName`, { required: false });
  const sid = r.string(r.field(o, "sid"), `${path}.sid`, { required: false });
  return {
    name: r.string(r.field(o, "name"), `${path}.name`, { required: true }) ?? "(unknown)",
    identity,
    ...(identity === "SpecificUser" && userName ? { userName } : {}),
    ...(sid ? { sid } : {}),
  };
}

function readPrincipals(r: Reader, value: unknown): { principals: Principal[]; unresolved: string[] } {
  const principals: Principal[] = [];
  const unresolved: string[] = [];
  (r.list(value, "principals", false) ?? []).forEach((item, i) => {
    const o = r.object(item, `principals[${i}]`, true);
    if (!o) return;
    const name = r.string(r.field(o, "name"), `principals[${i}].name`, { required: true }) ?? "";
    const sid = r.string(r.field(o, "sid"), `principals[${i}].sid`, { required: false });
    if (r.field(o, "error") !== undefined || !sid) return void unresolved.push(name);
    const members = (r.list(r.field(o, "members"), `principals[${i}].members`, false) ?? []).flatMap((m, j) => {
      const mo = r.object(m, `principals[${i}].members[${j}]`, true);
      const mName = mo && r.string(r.field(mo, "name"), `principals[${i}].members[${j}].name`, { required: true });
      const mSid = mo && r.string(r.field(mo, "sid"), `principals[${i}].members[${j}].sid`, { required: true });
      return mName && mSid ? [{ name: mName, sid: mSid }] : [];
    });
    principals.push({ name, sid, members });
  });
  return { principals, unresolved };
}

function toProxy(enable: unknown, server: unknown, override: unknown): ProxySettings {
  const entries = typeof override === "string" ? override.split(";").map((s) => s.trim()).filter((s) => s !== "") : [];
  return {
    enabled: enable === 1 || enable === true,
    ...(typeof server === "string" && server ? { server } : {}),
    bypassLocal: entries.some((e) => e.toLowerCase() === "<local>"),
    bypassList: entries.filter((e) => e.toLowerCase() !== "<local>"),
  };
}

/** WinINet settings that apply to the users who browse from the host; undefined when not determinable. */
function readProxy(r: Reader, value: unknown): ProxySettings | undefined {
  const o = r.object(value, "proxy", false);
  if (!o) return undefined;
  const machine = r.object(r.field(o, "machine"), "proxy.machine", false) ?? {};
  if (r.field(o, "proxySettingsPerUser") === 0) return toProxy(r.field(machine, "enable"), r.field(machine, "server"), r.field(machine, "override"));
  const users = (r.list(r.field(o, "users"), "proxy.users", false) ?? []).filter((u): u is Obj => typeof u === "object" && u !== null && (u as Obj).loaded === true);
  if (users.length === 0) return undefined;
  return toProxy(users[0].enable, users[0].server, users[0].override);
}

export interface ParseContext {
  /** The inventory name of the server (what declarations call it). */
  server: string;
  /** The collector's clock when the answer arrived (ms since epoch). */
  receivedAt: number;
}

export function parseHostFacts(doc: unknown, ctx: ParseContext): ObservedHost {
  const r = new Reader();
  const o = r.object(doc, "(document)", true) ?? {};
  if (r.field(o, "schema") !== FACTS_SCHEMA) r.problem("schema", `expected ${FACTS_SCHEMA}, got ${show(r.field(o, "schema"))}`);
  const resource = `host:${ctx.server}`;
  const { principals, unresolved } = readPrincipals(r, r.field(o, "principals"));

  const sites: Site[] = (r.list(r.field(o, "sites"), "sites", true) ?? []).flatMap((item, i) => {
    const sr = new Reader(); // unknowns are per site
    const so = sr.object(item, `sites[${i}]`, true);
    if (!so) return [];
    const applications = (sr.list(sr.field(so, "applications"), "applications", true) ?? [])
      .map((a, j) => readApplication(sr, a, `applications[${j}]`))
      .filter((a): a is Application => a !== undefined);
    const bindings = (sr.list(sr.field(so, "bindings"), "bindings", true) ?? []).flatMap((b, j) => {
      const bo = sr.object(b, `bindings[${j}]`, true);
      if (!bo) return [];
      const protocol = String(sr.field(bo, "protocol") ?? "");
      const parsed = parseBindingInformation(protocol, String(sr.field(bo, "bindingInformation") ?? ""));
      return parsed ? [parsed] : []; // net.tcp, ftp … are not HTTP bindings: not ours to judge
    });
    const roles = [...new Set(applications.flatMap((a) => a.authorization.flatMap((x) => x.roles)))];
    const roleAssignments: RoleAssignment[] = roles.flatMap((role) => {
      const p = principals.find((x) => x.name.toLowerCase() === role.toLowerCase());
      return p ? [{ role, members: p.members.map((m) => m.name) }] : [];
    });
    if (roles.some((role) => unresolved.some((u) => u.toLowerCase() === role.toLowerCase()))) sr.unknown.add("roleAssignments");
    r.problems.push(...sr.problems.map((p) => ({ path: `sites[${i}].${p.path}`, message: p.message })));
    for (const p of sr.problems) {
      const app = /^applications\[\d+\]/.exec(p.path)?.[0];
      sr.unknown.add(app ? `${app}.${p.path.slice(app.length + 1).split(/[.[]/)[0] || "authentication"}` : p.path.split(/[.[]/)[0]);
    }
    return [
      {
        origin: "observed" as const,
        resource,
        server: ctx.server,
        siteName: sr.string(sr.field(so, "name"), "name", { required: true }) ?? `(site ${i})`,
        physicalPath: sr.string(sr.field(so, "physicalPath"), "physicalPath", { required: false }) ?? "",
        appPool: readAppPool(sr, sr.field(so, "appPool"), "appPool"),
        bindings,
        applications,
        roleAssignments,
        unknown: [...sr.unknown],
      },
    ];
  });

  const hostUnknown: string[] = [];
  const loopback = r.object(r.field(o, "loopback"), "loopback", false);
  if (!loopback) hostUnknown.push("loopback");
  const names = loopback ? (r.list(r.field(loopback, "backConnectionHostNames"), "loopback.backConnectionHostNames", false) ?? []) : [];
  const proxy = readProxy(r, r.field(o, "proxy"));
  if (!proxy) hostUnknown.push("proxy");
  const utc = Date.parse(String(r.field(o, "utcNow") ?? ""));
  const domain = r.field(o, "partOfDomain") === true ? r.string(r.field(o, "domain"), "domain", { required: false }) : undefined;
  const host: Host = {
    origin: "observed",
    resource,
    server: ctx.server,
    ...(domain ? { domain } : {}),
    loopback: {
      disableLoopbackCheck: loopback ? r.field(loopback, "disableLoopbackCheck") === 1 : false,
      backConnectionHostNames: names.flat().filter((n): n is string => typeof n === "string" && n.trim() !== ""),
    },
    ...(proxy ? { proxy } : {}),
    ...(Number.isNaN(utc) ? {} : { clockOffsetSeconds: Math.round((utc - ctx.receivedAt) / 1000) }),
    principals,
    unknown: hostUnknown,
  };
  return { host, sites, problems: r.problems.map((p) => `${p.path}: ${p.message}`) };
}

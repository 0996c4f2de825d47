// The sections of one path of a fact document (remote/facts-document.ts) as model values. Pure.
import { Reader, show } from "../core/spec/reader";
import type { AclEntry, AuthMethod, AuthorizationRule, Binding } from "../core/model";
import { nameKey } from "../core/names";

type Obj = Record<string, unknown>;
type Unknowns = { add(path: string, reason: string): void };

function splitList(value: unknown): string[] {
  if (typeof value !== "string") return [];
  return value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** "*:443:pm.corp.example.com" or "10.0.0.4:80:" → port and host name. */
export function parseBindingInformation(protocol: string, info: string): Binding | undefined {
  const m = /^(.*):(\d{1,5}):(.*)$/.exec(info);
  if (!m || (protocol !== "http" && protocol !== "https")) return undefined;
  const port = Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return { protocol, port, ...(m[3] ? { hostName: m[3] } : {}) };
}

/** A flag the script sends as true/false; null (the attribute could not be read) is reported, not taken as false. */
function flag(r: Reader, o: Obj, name: string, path: string): boolean {
  const value = r.field(o, name);
  if (value === true || value === false) return value;
  r.problem(`${path}.${name}`, `must be true or false, got ${show(value)}`);
  return false;
}

export function readAuthentication(
  r: Reader,
  o: Obj,
  path: string,
): { methods: AuthMethod[]; providers?: string[]; anonymousUserName?: string } {
  const methods: AuthMethod[] = [];
  const before = r.problems.length;
  for (const m of ["anonymous", "basic", "windows", "digest", "clientCertificate"] as const) {
    const method = r.object(r.field(o, m), `${path}.${m}`, true);
    if (method && flag(r, method, "enabled", `${path}.${m}`)) methods.push(m);
  }
  const windows = r.object(r.field(o, "windows"), `${path}.windows`, false) ?? {};
  const anonymous = r.object(r.field(o, "anonymous"), `${path}.anonymous`, false) ?? {};
  const providers = r.strings(r.field(windows, "providers"), `${path}.windows.providers`, false);
  const anonymousUserName = r.string(r.field(anonymous, "userName"), `${path}.anonymous.userName`, { required: false });
  // Half an authentication section is not an answer: the caller turns problems into an unknown.
  if (r.problems.length > before) throw new MalformedSection(`${path} is malformed`);
  return { methods, ...(providers ? { providers } : {}), ...(anonymousUserName !== undefined ? { anonymousUserName } : {}) };
}

export class MalformedSection extends Error {}

/** sslFlags as names ("Ssl,Ssl128"): `Ssl` requires TLS (iis-docs configuration/system.webServer/security/access). */
export function readSslFlags(r: Reader, o: Obj, path: string): boolean {
  const flags = r.string(r.field(o, "sslFlags"), `${path}.sslFlags`, { required: false }) ?? "";
  return flags.split(",").some((f) => f.trim() === "Ssl");
}

export function readUrlRules(r: Reader, o: Obj, path: string): AuthorizationRule[] {
  return (r.list(r.field(o, "rules"), `${path}.rules`, true) ?? []).flatMap((item, i) => {
    const rule = r.object(item, `${path}.rules[${i}]`, true);
    if (!rule) return [];
    const type = r.field(rule, "accessType");
    const access = type === "Allow" || type === 0 ? "allow" : type === "Deny" || type === 1 ? "deny" : undefined;
    if (!access) return r.problem(`${path}.rules[${i}].accessType`, `${show(type)} is not Allow or Deny`) ?? [];
    const verbs = splitList(r.field(rule, "verbs"));
    return [
      { access, users: splitList(r.field(rule, "users")), roles: splitList(r.field(rule, "roles")), ...(verbs.length ? { verbs } : {}) },
    ];
  });
}

export interface RawAspNetRule {
  access: "allow" | "deny";
  users: string[];
  roles: string[];
  verbs: string[];
}

export function readAspNetRules(r: Reader, o: Obj, path: string): RawAspNetRule[] | undefined {
  const before = r.problems.length;
  const rules = (r.list(r.field(o, "rules"), `${path}.rules`, true) ?? []).flatMap((item, i) => {
    const rule = r.object(item, `${path}.rules[${i}]`, true);
    if (!rule) return [];
    const action = r.field(rule, "action");
    if (action !== "allow" && action !== "deny")
      return r.problem(`${path}.rules[${i}].action`, `${show(action)} is not allow or deny`) ?? [];
    return [
      {
        access: action,
        users: splitList(r.field(rule, "users")),
        roles: splitList(r.field(rule, "roles")),
        verbs: splitList(r.field(rule, "verbs")),
      },
    ] as RawAspNetRule[];
  });
  return r.problems.length > before ? undefined : rules;
}

const ruleKey = (x: RawAspNetRule) =>
  JSON.stringify([x.access, x.users.map((s) => s.toLowerCase()), x.roles.map((s) => s.toLowerCase()), x.verbs.map((s) => s.toUpperCase())]);

/**
 * The ASP.NET rules a level defines itself: its effective collection minus its parent's, as a
 * multiset, keeping document order. This holds whether the configuration system appends a level's
 * elements after the inherited ones or prepends them (collections may declare either,
 * mergeAppend in the IIS schema): the level's own elements are the ones the parent does not have.
 * The root level keeps everything above it (the framework's root web.config). Undefined when this
 * level's or the parent's collection could not be read.
 */
export function ownAspNetRules(merged: Map<string, RawAspNetRule[] | undefined>, path: string): RawAspNetRule[] | undefined {
  const own = merged.get(nameKey(path));
  if (own === undefined) return undefined;
  if (path === "/") return own;
  // The script reads every path above a judged one; a missing parent means a damaged document.
  const parent = merged.get(nameKey(path.slice(0, path.lastIndexOf("/")) || "/"));
  if (parent === undefined) return undefined;
  const inherited = new Map<string, number>();
  for (const rule of parent) inherited.set(ruleKey(rule), (inherited.get(ruleKey(rule)) ?? 0) + 1);
  return own.filter((rule) => {
    const left = inherited.get(ruleKey(rule)) ?? 0;
    if (left === 0) return true;
    inherited.set(ruleKey(rule), left - 1);
    return false;
  });
}

/** Effective modules at a path: managed ones (with a type) and native ones also installed in globalModules. */
export function readModules(r: Reader, o: Obj, path: string, globalModules: string[] | undefined): string[] | undefined {
  const modules = (r.list(r.field(o, "modules"), `${path}.modules`, true) ?? []).flatMap((item, i) => {
    const m = r.object(item, `${path}.modules[${i}]`, true);
    const name = m && r.string(r.field(m, "name"), `${path}.modules[${i}].name`, { required: true, nonEmpty: true });
    return m && name ? [{ name, managed: typeof m.type === "string" && m.type.trim() !== "" }] : [];
  });
  if (modules.some((m) => !m.managed) && globalModules === undefined) return undefined;
  const installed = new Set((globalModules ?? []).map((g) => nameKey(g)));
  return modules.filter((m) => m.managed || installed.has(nameKey(m.name))).map((m) => m.name);
}

/** The ACL in DACL order, as Get-Acl reports it; an entry that cannot be read makes the whole ACL unknown. */
export function readAcl(r: Reader, u: Unknowns, o: Obj, path: string, modelPath: string): AclEntry[] | undefined {
  const before = r.problems.length;
  const entries = (r.list(r.field(o, "entries"), `${path}.entries`, true) ?? []).flatMap((item, i) => {
    const e = r.object(item, `${path}.entries[${i}]`, true);
    if (!e) return [];
    const at = `${path}.entries[${i}]`;
    const rights = r.integer(r.field(e, "rights"), `${at}.rights`, -(2 ** 31), 2 ** 32 - 1, true);
    const type = r.integer(r.field(e, "type"), `${at}.type`, 0, 1, true);
    const sid = r.string(r.field(e, "sid"), `${at}.sid`, { required: false });
    if (rights === undefined || type === undefined) return [];
    return [
      {
        ...(sid ? { sid } : {}),
        name: r.string(r.field(e, "name"), `${at}.name`, { required: false }) ?? "",
        rights,
        deny: type === 1,
        inheritance: r.integer(r.field(e, "inheritance"), `${at}.inheritance`, 0, 3, false) ?? 0,
        propagation: r.integer(r.field(e, "propagation"), `${at}.propagation`, 0, 3, false) ?? 0,
        inherited: r.field(e, "inherited") === true,
      },
    ];
  });
  // Dropping one entry could turn a Deny into an Allow: a damaged ACL is unknown, not shortened.
  if (r.problems.length > before) {
    u.add(modelPath, `${path} has malformed entries`);
    return undefined;
  }
  return entries;
}

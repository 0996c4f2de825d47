// The fact document remote/scripts/collect-host.ps1 returns (remote/facts-document.ts), translated
// into the one model. Pure. The document comes from a machine we do not control: every field is
// checked, and a field that cannot be read — malformed, or a section the script reported as
// unreadable — becomes an unknown model path with its reason, never a guess and never a crash.
import { Reader, show } from "../core/spec/reader";
import {
  APP_POOL_IDENTITIES,
  type Application,
  type AspNetAuthorizationRule,
  type Binding,
  type AppPool,
  type Host,
  type Principal,
  type RoleAssignment,
  type Site,
} from "../core/model";
import { FACTS_SCHEMA } from "./facts-document";
import {
  MalformedSection,
  ownAspNetRules,
  readAcl,
  readAspNetRules,
  readAuthentication,
  readModules,
  readSslFlags,
  readUrlRules,
  type RawAspNetRule,
} from "./facts-path";
import { readProxy } from "./facts-proxy";
import { readLogs } from "./facts-logs";
import type { CollectedSiteLog } from "../core/logs/collected";
import {
  readDynamicIpSecurityFacts,
  readHandlerFacts,
  readIpSecurityFacts,
  readIsapiCgiRestrictionFacts,
  readIsapiFilterFacts,
} from "./facts-restrictions";

export { FACTS_SCHEMA } from "./facts-document";
export { parseBindingInformation } from "./facts-path";
import { parseBindingInformation } from "./facts-path";
import { appField } from "../core/unknown-paths";
import { nameKey, sameName } from "../core/names";

export interface ObservedHost {
  host: Host;
  sites: Site[];
  /** Fields of the document that were malformed or unreadable, with why (they became unknown). */
  problems: string[];
  /**
   * Log evidence, beside the model and never in it (issue #14): present when the collection asked
   * for logs, one entry per site whose entry was well formed.
   */
  logs?: CollectedSiteLog[];
}

type Obj = Record<string, unknown>;

/** Unknown model paths of one object, each with the reason it is unknown. */
class Unknowns {
  readonly paths = new Set<string>();
  readonly reasons: Record<string, string> = {};
  add(path: string, reason: string): void {
    this.paths.add(path);
    if (!(path in this.reasons)) this.reasons[path] = reason;
  }
}

/** The section's data, or undefined with its reason recorded when the script could not read it (or sent something else). */
function section(r: Reader, u: Unknowns, value: unknown, docPath: string, modelPath: string): Obj | undefined {
  const o = r.object(value, docPath, false);
  if (!o) {
    u.add(modelPath, value === undefined || value === null ? `${docPath} was not collected` : `${docPath} is malformed`);
    return undefined;
  }
  const error = r.field(o, "error");
  if (error !== undefined) {
    const why = `the collector could not read it: ${show(error)}`;
    r.problem(docPath, why);
    u.add(modelPath, why);
    return undefined;
  }
  return o;
}

// Well-known SIDs of the built-in service accounts a pool can run as (learn.microsoft.com/windows/win32/secauthz/well-known-sids).
const SERVICE_ACCOUNT_SIDS: Record<string, string> = { LocalSystem: "S-1-5-18", LocalService: "S-1-5-19", NetworkService: "S-1-5-20" };

function readAppPools(r: Reader, value: unknown): Map<string, AppPool | { error: string }> {
  const pools = new Map<string, AppPool | { error: string }>();
  (r.list(value, "appPools", false) ?? []).forEach((item, i) => {
    const o = r.object(item, `appPools[${i}]`, true);
    const name = o && r.string(r.field(o, "name"), `appPools[${i}].name`, { required: true });
    if (!o || name === undefined) return;
    if (r.field(o, "error") !== undefined)
      return void pools.set(nameKey(name), { error: `pool '${name}' could not be read: ${show(r.field(o, "error"))}` });
    const identity =
      r.oneOf(r.field(o, "identityType"), `appPools[${i}].identityType`, APP_POOL_IDENTITIES, false, "an app pool identity") ??
      "ApplicationPoolIdentity";
    const userName = r.string(r.field(o, "userName"), `appPools[${i}].userName`, { required: false });
    const sid = r.string(r.field(o, "sid"), `appPools[${i}].sid`, { required: false }) || undefined;
    const userSid = r.string(r.field(o, "userSid"), `appPools[${i}].userSid`, { required: false }) || undefined;
    const identitySid =
      identity === "ApplicationPoolIdentity" ? sid : identity === "SpecificUser" ? userSid : SERVICE_ACCOUNT_SIDS[identity];
    pools.set(nameKey(name), {
      name,
      identity,
      ...(identity === "SpecificUser" && userName ? { userName } : {}),
      ...(sid ? { sid } : {}),
      ...(identitySid ? { identitySid } : {}),
    });
  });
  return pools;
}

function readPrincipals(r: Reader, value: unknown): Principal[] {
  const principals: Principal[] = [];
  (r.list(value, "principals", false) ?? []).forEach((item, i) => {
    const o = r.object(item, `principals[${i}]`, true);
    if (!o) return;
    const name = r.string(r.field(o, "name"), `principals[${i}].name`, { required: true });
    const sid = r.string(r.field(o, "sid"), `principals[${i}].sid`, { required: false });
    // A name the host could not translate stays out: rules treat a role without a principal as unknown.
    if (name === undefined || !sid || r.field(o, "error") !== undefined) return;
    const membersError = r.field(o, "membersError");
    if (membersError !== undefined) return void principals.push({ name, sid, members: [], membersError: String(show(membersError)) });
    const problemsBefore = r.problems.length;
    const members = (r.list(r.field(o, "members"), `principals[${i}].members`, true) ?? []).flatMap((m, j) => {
      const mo = r.object(m, `principals[${i}].members[${j}]`, true);
      const mName = mo && r.string(r.field(mo, "name"), `principals[${i}].members[${j}].name`, { required: true });
      const mSid = mo && r.string(r.field(mo, "sid"), `principals[${i}].members[${j}].sid`, { required: true });
      return mName && mSid ? [{ name: mName, sid: mSid }] : [];
    });
    // A member list that is not a list of members is not "no members": membership is unknown.
    if (r.problems.length > problemsBefore)
      return void principals.push({ name, sid, members: [], membersError: "the collector's member list is malformed" });
    principals.push({ name, sid, members });
  });
  return principals;
}

interface SiteContext {
  server: string;
  resource: string;
  pools: Map<string, AppPool | { error: string }>;
  principals: Principal[];
  globalModules: string[] | undefined;
}

/** One path of a site as an application of the model; unknowns are recorded under `applications[index]`. */
function readPath(
  r: Reader,
  u: Unknowns,
  o: Obj,
  docPath: string,
  index: number,
  ctx: SiteContext,
  aspNetOwn: RawAspNetRule[] | undefined,
  sitePool: string | undefined,
): Application | undefined {
  const app = appField(index, "");
  const path = r.string(r.field(o, "path"), `${docPath}.path`, { required: true, nonEmpty: true });
  if (path === undefined) return undefined;
  const kind =
    r.oneOf(r.field(o, "kind"), `${docPath}.kind`, ["application", "virtualDirectory", "folder"] as const, false, "a path kind") ??
    "application";
  const physicalPath = r.string(r.field(o, "physicalPath"), `${docPath}.physicalPath`, { required: false });
  const authentication = readPathAuthentication(r, u, o, docPath, app);
  const access = section(r, u, r.field(o, "access"), `${docPath}.access`, `${app}.requireSsl`);
  const urlRules = section(r, u, r.field(o, "authorization"), `${docPath}.authorization`, `${app}.authorization`);
  const acl = section(r, u, r.field(o, "acl"), `${docPath}.acl`, `${app}.acl`);
  const modules = section(r, u, r.field(o, "modules"), `${docPath}.modules`, `${app}.modules`);
  if (aspNetOwn === undefined) u.add(`${app}.aspNetAuthorization`, `${docPath}.aspNetAuthorization could not be read here or above`);
  const appPool = readOwnAppPool(r, u, o, docPath, app, path, ctx.pools, sitePool);
  const problemsBefore = r.problems.length;
  const authorization = urlRules ? readUrlRules(r, urlRules, `${docPath}.authorization`) : [];
  // A rule that cannot be read could be the Deny that matters: the collection is unknown, not shortened.
  if (r.problems.length > problemsBefore) u.add(`${app}.authorization`, `${docPath}.authorization has malformed rules`);
  const aclEntries = acl ? readAcl(r, u, acl, `${docPath}.acl`, `${app}.acl`) : undefined;
  const effectiveModules = modules ? readModules(r, modules, `${docPath}.modules`, ctx.globalModules) : undefined;
  if (modules && effectiveModules === undefined) u.add(`${app}.modules`, "globalModules could not be read");
  const restrictions = readPathRestrictions(r, u, o, docPath, app);
  return {
    path: path.startsWith("/") ? path : `/${path}`,
    ...(kind !== "application" ? { kind } : {}),
    ...(physicalPath ? { physicalPath } : {}),
    ...(appPool ? { appPool } : {}),
    authentication: authentication.methods,
    ...(authentication.providers ? { windowsProviders: authentication.providers } : {}),
    ...(authentication.anonymousUserName !== undefined ? { anonymousUserName: authentication.anonymousUserName } : {}),
    requireSsl: access ? readSslFlags(r, access, `${docPath}.access`) : false,
    // The effective collection at this path: inheritance is already applied by IIS's configuration system.
    authorization,
    inheritAuthorization: false,
    localClients: false,
    ...(aclEntries ? { acl: aclEntries } : {}),
    ...(aspNetOwn && aspNetOwn.length > 0 ? { aspNetAuthorization: modelAspNetRules(aspNetOwn) } : {}),
    ...(effectiveModules ? { modules: effectiveModules } : {}),
    ...restrictions,
  };
}

/** A path's authentication; an unreadable or malformed section leaves no method, its reason recorded as unknown. */
function readPathAuthentication(r: Reader, u: Unknowns, o: Obj, docPath: string, app: string): ReturnType<typeof readAuthentication> {
  const auth = section(r, u, r.field(o, "authentication"), `${docPath}.authentication`, `${app}.authentication`);
  if (!auth) return { methods: [] };
  try {
    return readAuthentication(r, auth, `${docPath}.authentication`);
  } catch (e) {
    if (!(e instanceof MalformedSection)) throw e;
    u.add(`${app}.authentication`, e.message);
    return { methods: [] };
  }
}

/**
 * The pool the path names, when it is not the site's own: the model records a pool on an application
 * only where it differs from the site's. A pool that is missing or unreadable makes the path's pool unknown.
 */
function readOwnAppPool(
  r: Reader,
  u: Unknowns,
  o: Obj,
  docPath: string,
  app: string,
  path: string,
  pools: SiteContext["pools"],
  sitePool: string | undefined,
): AppPool | undefined {
  const poolName = r.string(r.field(o, "appPool"), `${docPath}.appPool`, { required: false });
  if (poolName === undefined) return undefined;
  const pool = pools.get(nameKey(poolName));
  if (pool === undefined || "error" in pool) {
    u.add(`${app}.appPool`, pool ? pool.error : `application pool '${poolName}' does not exist: IIS answers 503 for ${path}`);
    return undefined;
  }
  return sitePool !== undefined && sameName(poolName, sitePool) ? undefined : pool;
}

type PathRestrictions = Pick<Application, "ipSecurity" | "dynamicIpSecurity" | "isapiFilters" | "isapiHandlers">;

/** The IP and ISAPI restrictions of a path, only those that were read. */
function readPathRestrictions(r: Reader, u: Unknowns, o: Obj, docPath: string, app: string): PathRestrictions {
  // Each section unknown as a whole when it could not be read or is malformed (a dropped Deny could admit a network).
  const optional = <T>(field: string, modelField: keyof PathRestrictions, read: (o: Obj, at: string) => T | undefined): T | undefined => {
    const o2 = section(r, u, r.field(o, field), `${docPath}.${field}`, `${app}.${modelField}`);
    const value = o2 ? read(o2, `${docPath}.${field}`) : undefined;
    if (o2 && value === undefined) u.add(`${app}.${modelField}`, `${docPath}.${field} is malformed`);
    return value;
  };
  const ipSecurity = optional("ipSecurity", "ipSecurity", (x, at) => readIpSecurityFacts(r, x, at));
  const dynamicIpSecurity = optional("dynamicIpSecurity", "dynamicIpSecurity", (x, at) => readDynamicIpSecurityFacts(r, x, at));
  const isapiFilters = optional("isapiFilters", "isapiFilters", (x, at) => readIsapiFilterFacts(r, x, at));
  const isapiHandlers = optional("handlers", "isapiHandlers", (x, at) => readHandlerFacts(r, x, at));
  return {
    ...(ipSecurity ? { ipSecurity } : {}),
    ...(dynamicIpSecurity ? { dynamicIpSecurity } : {}),
    ...(isapiFilters ? { isapiFilters } : {}),
    ...(isapiHandlers ? { isapiHandlers } : {}),
  };
}

/** The ASP.NET rules set at the path itself as the model states them: no verb list where a rule names none. */
function modelAspNetRules(own: RawAspNetRule[]): AspNetAuthorizationRule[] {
  return own.map(({ access, users, roles, verbs }) => ({ access, users, roles, ...(verbs.length ? { verbs } : {}) }));
}

const SITE_FIELDS = ["applications", "bindings", "physicalPath", "appPool", "roleAssignments"];

/** One path entry of a site's document, with where it is in the document. */
interface PathEntry {
  o: Obj;
  docPath: string;
  path: string;
}

function readSite(r: Reader, item: unknown, i: number, ctx: SiteContext): Site | undefined {
  const so = r.object(item, `sites[${i}]`, true);
  if (!so) return undefined;
  const name = r.string(r.field(so, "name"), `sites[${i}].name`, { required: true }) ?? `(site ${i})`;
  const base = { origin: "observed" as const, resource: ctx.resource, server: ctx.server, siteName: name };
  const error = r.field(so, "error");
  const rawPaths = error === undefined ? r.list(r.field(so, "paths"), `sites[${i}].paths`, true) : undefined;
  if (rawPaths === undefined) {
    const why = error !== undefined ? `the collector could not read site '${name}': ${show(error)}` : `sites[${i}].paths is malformed`;
    if (error !== undefined) r.problem(`sites[${i}]`, why);
    return { ...base, ...unreadableSiteFields(why) };
  }
  const u = new Unknowns();
  const entries = sortedPathEntries(r, rawPaths, i);
  const aspNetMerged = readAspNetRulesByPath(r, entries);
  const judged = pathsToJudge(r, entries);
  const root = judged.find((e) => e.path === "/");
  const { sitePoolName, appPool } = readSitePool(r, u, root, ctx.pools);
  const applications: Application[] = [];
  for (const e of judged) {
    const own = ownAspNetRules(aspNetMerged, e.path);
    const app = readPath(r, u, e.o, e.docPath, applications.length, ctx, own, sitePoolName);
    if (app) applications.push(app);
  }
  if (u.reasons.appPool && !root) for (const f of SITE_FIELDS) u.add(f, "the site has no readable root application");
  const bindings = readBindings(r, so, i);
  const roleAssignments = observedRoleAssignments(applications, ctx.principals);
  return {
    ...base,
    physicalPath: root && typeof root.o.physicalPath === "string" ? root.o.physicalPath : "",
    appPool,
    bindings,
    applications,
    roleAssignments,
    unknown: [...u.paths],
    ...(u.paths.size ? { unknownReasons: u.reasons } : {}),
  };
}

/** A site the collector could not read (or whose path list is malformed): every field unknown, for one reason. */
function unreadableSiteFields(why: string): Omit<Site, "origin" | "resource" | "server" | "siteName"> {
  const u = new Unknowns();
  for (const f of SITE_FIELDS) u.add(f, why);
  return {
    physicalPath: "",
    appPool: { name: "(unknown)", identity: "ApplicationPoolIdentity" },
    bindings: [],
    applications: [],
    unknown: [...u.paths],
    unknownReasons: u.reasons,
  };
}

/** The site's path entries that are objects, in a stable order (by path), whatever order the collector sent. */
function sortedPathEntries(r: Reader, rawPaths: unknown[], i: number): PathEntry[] {
  return rawPaths
    .map((p, j) => ({ o: r.object(p, `sites[${i}].paths[${j}]`, true), docPath: `sites[${i}].paths[${j}]` }))
    .filter((e): e is { o: Obj; docPath: string } => e.o !== undefined)
    .map((e) => ({ ...e, path: typeof e.o.path === "string" ? e.o.path : "" }))
    .sort((a, b) => (nameKey(a.path) < nameKey(b.path) ? -1 : nameKey(a.path) > nameKey(b.path) ? 1 : 0));
}

/** The ASP.NET rules read at every path, ancestors included (they pass rules on); undefined where unreadable. */
function readAspNetRulesByPath(r: Reader, entries: PathEntry[]): Map<string, RawAspNetRule[] | undefined> {
  const aspNetMerged = new Map<string, RawAspNetRule[] | undefined>();
  for (const e of entries) {
    const s = r.object(r.field(e.o, "aspNetAuthorization"), `${e.docPath}.aspNetAuthorization`, false);
    aspNetMerged.set(
      nameKey(e.path),
      s && r.field(s, "error") === undefined ? readAspNetRules(r, s, `${e.docPath}.aspNetAuthorization`) : undefined,
    );
  }
  return aspNetMerged;
}

/**
 * The paths the rules judge: not the ancestors read only for what they pass on, nor the paths the
 * collector could not read (those are reported as problems).
 */
function pathsToJudge(r: Reader, entries: PathEntry[]): PathEntry[] {
  const judged = entries.filter((e) => r.field(e.o, "ancestorOnly") !== true && r.field(e.o, "error") === undefined);
  for (const e of entries.filter((x) => r.field(x.o, "error") !== undefined))
    r.problem(e.docPath, `the collector could not read path ${show(e.path)}: ${show(r.field(e.o, "error"))}`);
  return judged;
}

/**
 * The site's pool, the one its root application names; when it is missing or unreadable the site's
 * appPool is unknown and the model holds a stand-in with the name the root gave.
 */
function readSitePool(
  r: Reader,
  u: Unknowns,
  root: PathEntry | undefined,
  pools: SiteContext["pools"],
): { sitePoolName: string | undefined; appPool: AppPool } {
  const rootPool = root ? r.field(root.o, "appPool") : undefined;
  const sitePoolName = typeof rootPool === "string" ? rootPool : undefined;
  const sitePool = sitePoolName === undefined ? undefined : pools.get(nameKey(sitePoolName));
  if (sitePool && !("error" in sitePool)) return { sitePoolName, appPool: sitePool };
  u.add(
    "appPool",
    sitePool ? sitePool.error : `the site's root application names pool ${show(sitePoolName)}, which does not exist: IIS answers 503`,
  );
  return { sitePoolName, appPool: { name: sitePoolName ?? "(unknown)", identity: "ApplicationPoolIdentity" } };
}

/** The site's HTTP bindings. */
function readBindings(r: Reader, so: Obj, i: number): Binding[] {
  return (r.list(r.field(so, "bindings"), `sites[${i}].bindings`, true) ?? []).flatMap((b, j) => {
    const bo = r.object(b, `sites[${i}].bindings[${j}]`, true);
    if (!bo) return [];
    const parsed = parseBindingInformation(String(r.field(bo, "protocol") ?? ""), String(r.field(bo, "bindingInformation") ?? ""));
    return parsed ? [parsed] : []; // net.tcp, ftp … are not HTTP bindings: not ours to judge
  });
}

/** Members of every role the site's rules name, where the host could read them (the rules treat the others as unknown). */
function observedRoleAssignments(applications: Application[], principals: Principal[]): RoleAssignment[] {
  const roles = new Map<string, string>();
  for (const a of applications)
    for (const rule of [...a.authorization, ...(a.aspNetAuthorization ?? [])])
      for (const role of rule.roles) roles.set(nameKey(role), role);
  // Principals by name once, not a search per role: a host's rules may name thousands of roles.
  const byName = new Map<string, Principal>();
  for (const p of principals) if (!byName.has(nameKey(p.name))) byName.set(nameKey(p.name), p);
  return [...roles.values()].flatMap((role) => {
    const p = byName.get(nameKey(role));
    return p && p.membersError === undefined ? [{ role, members: p.members.map((m) => m.name) }] : [];
  });
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
  const hu = new Unknowns();
  const principals = readPrincipals(r, r.field(o, "principals"));
  const modulesSection = section(r, hu, r.field(o, "globalModules"), "globalModules", "modules");
  const globalModules = modulesSection ? r.strings(r.field(modulesSection, "modules"), "globalModules.modules", true) : undefined;
  const siteCtx: SiteContext = { server: ctx.server, resource, pools: readAppPools(r, r.field(o, "appPools")), principals, globalModules };

  const rawSites = r.list(r.field(o, "sites"), "sites", true);
  if (rawSites === undefined) hu.add("sites", "the document's site list is missing or malformed");
  const sites: Site[] = [];
  (rawSites ?? []).forEach((item, i) => {
    const site = readSite(r, item, i, siteCtx);
    // An entry that is not a site at all cannot be matched to a declaration: the host's sites are then not fully known.
    if (site) sites.push(site);
    else hu.add("sites", `sites[${i}] is not a site: ${show(item)}`);
  });

  const computer = section(r, hu, r.field(o, "computer"), "computer", "domain");
  const computerName = computer ? r.string(r.field(computer, "name"), "computer.name", { required: false }) : undefined;
  const domain =
    computer && r.field(computer, "partOfDomain") === true
      ? r.string(r.field(computer, "domain"), "computer.domain", { required: false })
      : undefined;
  const loopback = section(r, hu, r.field(o, "loopback"), "loopback", "loopback");
  const names = loopback ? r.strings(r.field(loopback, "backConnectionHostNames"), "loopback.backConnectionHostNames", false) : undefined;
  if (loopback && names === undefined && r.field(loopback, "backConnectionHostNames") !== undefined)
    hu.add("loopback", "BackConnectionHostNames is malformed");
  const proxy = readProxy(r, hu, section(r, hu, r.field(o, "proxy"), "proxy", "proxy"));
  const restrictionSection = section(r, hu, r.field(o, "isapiCgiRestriction"), "isapiCgiRestriction", "isapiCgiRestriction");
  const isapiCgiRestriction = restrictionSection ? readIsapiCgiRestrictionFacts(r, restrictionSection, "isapiCgiRestriction") : undefined;
  if (restrictionSection && !isapiCgiRestriction) hu.add("isapiCgiRestriction", "isapiCgiRestriction is malformed");
  const utc = Date.parse(String(r.field(o, "utcNow") ?? ""));
  const host: Host = {
    origin: "observed",
    resource,
    server: ctx.server,
    ...(domain ? { domain } : {}),
    loopback: {
      disableLoopbackCheck: loopback ? r.field(loopback, "disableLoopbackCheck") === 1 : false,
      backConnectionHostNames: names ?? [],
    },
    ...(proxy ? { proxy } : {}),
    ...(Number.isNaN(utc) ? {} : { clockOffsetSeconds: Math.round((utc - ctx.receivedAt) / 1000) }),
    principals,
    ...(computerName ? { computerName } : {}),
    ...(isapiCgiRestriction ? { isapiCgiRestriction } : {}),
    unknown: [...hu.paths],
    ...(hu.paths.size ? { unknownReasons: hu.reasons } : {}),
  };
  if (Number.isNaN(utc)) host.unknown.push("clockOffsetSeconds");
  const logs = readLogs(r, r.field(o, "logs"));
  return { host, sites, problems: r.problems.map((p) => `${p.path}: ${p.message}`), ...(logs ? { logs } : {}) };
}

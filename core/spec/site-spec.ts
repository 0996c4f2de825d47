// The declared form of an IIS site: validated and normalized from what a user wrote (component
// args) or what a resource carries (its registered outputs). Defaults are IIS's own.
import {
  APP_POOL_IDENTITIES,
  AUTH_METHODS,
  type Application,
  type AppPool,
  type AuthMethod,
  type AuthorizationRule,
  type Binding,
  type RoleAssignment,
  type Site,
} from "../model";
import { readIsapiFilters, readIsapiHandlers } from "./isapi-spec";
import { readClientNetworks, readDynamicIpSecurity, readIpSecurity } from "./ip-spec";
import { Reader, show, type SpecProblem } from "./reader";
import { nameKey } from "../names";

export type SiteSpec = Omit<Site, "origin" | "resource" | "unknown">;

export interface Normalized<T> {
  spec: T;
  unknown: string[];
  problems: SpecProblem[];
}

const PLACEHOLDER = "(unknown)";

function normalizeVirtualPath(r: Reader, value: unknown, path: string): string | undefined {
  const raw = r.string(value, path, { required: true, nonEmpty: true });
  if (raw === undefined) return undefined;
  if (/[?#*"<>|]/.test(raw)) return r.problem(path, `${show(raw)} is not a virtual path (no ? # * " < > |)`);
  const trimmed = raw.trim().replace(/\\/g, "/").replace(/\/+/g, "/");
  const withSlash = trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
  return withSlash.length > 1 ? withSlash.replace(/\/$/, "") : withSlash;
}

/** An HTTP method is a token (RFC 9110 §9.1, §5.6.2): letters, digits and !#$%&'*+-.^_`|~. */
const HTTP_METHOD = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

function readVerbs(r: Reader, value: unknown, path: string): string[] | undefined {
  const verbs = r.strings(value, path, false);
  if (verbs === undefined) return undefined;
  verbs.forEach((v, i) => {
    if (!HTTP_METHOD.test(v.trim()))
      r.problem(`${path}[${i}]`, `${show(v)} is not an HTTP method (one verb per entry, such as "GET" or "POST")`);
  });
  return verbs.length > 0 ? verbs.map((v) => v.trim().toUpperCase()) : undefined;
}

/** IIS URL authorization rules and ASP.NET authorization rules share one declared shape: access, users, roles, verbs. */
function readAuthorization(r: Reader, value: unknown, path: string, field: "authorization" | "aspNetAuthorization"): AuthorizationRule[] {
  const items = r.list(value, path, false) ?? [];
  const rules: AuthorizationRule[] = [];
  items.forEach((item, i) => {
    const p = `${path}[${i}]`;
    const o = r.object(item, p, true);
    if (!o) return;
    const access = r.oneOf(r.field(o, "access"), `${p}.access`, ["allow", "deny"] as const, true, "an access type");
    const users = r.strings(r.field(o, "users"), `${p}.users`, false) ?? [];
    const roles = r.strings(r.field(o, "roles"), `${p}.roles`, false) ?? [];
    const verbs = readVerbs(r, r.field(o, "verbs"), `${p}.verbs`);
    if (users.length === 0 && roles.length === 0 && ![...r.unknown].some((u) => u.endsWith(field) || u.includes(`${field}.`))) {
      r.problem(p, "names no users and no roles");
    }
    if (access) rules.push({ access, users, roles, ...(verbs ? { verbs } : {}) });
  });
  return rules;
}

function readAuthentication(r: Reader, value: unknown, path: string): AuthMethod[] {
  const methods: AuthMethod[] = [];
  (r.list(value, path, true) ?? []).forEach((item, i) => {
    const m = r.oneOf(item, `${path}[${i}]`, AUTH_METHODS, true, "an authentication method");
    if (m && !methods.includes(m)) methods.push(m);
  });
  return methods;
}

function readApplication(r: Reader, value: unknown, path: string): Application | undefined {
  const o = r.object(value, path, true);
  if (!o) return undefined;
  const appPath = normalizeVirtualPath(r, r.field(o, "path"), `${path}.path`);
  const providers = r.strings(r.field(o, "windowsProviders"), `${path}.windowsProviders`, false);
  const anonymousUserName = r.string(r.field(o, "anonymousUserName"), `${path}.anonymousUserName`, { required: false });
  const physicalPath = r.string(r.field(o, "physicalPath"), `${path}.physicalPath`, { required: false, nonEmpty: true });
  const app: Application = {
    path: appPath ?? PLACEHOLDER,
    authentication: readAuthentication(r, r.field(o, "authentication"), `${path}.authentication`),
    requireSsl: r.boolean(r.field(o, "requireSsl"), `${path}.requireSsl`, false),
    authorization: readAuthorization(r, r.field(o, "authorization"), `${path}.authorization`, "authorization"),
    inheritAuthorization: r.boolean(r.field(o, "inheritAuthorization"), `${path}.inheritAuthorization`, true),
    localClients: r.boolean(r.field(o, "localClients"), `${path}.localClients`, false),
  };
  if (physicalPath !== undefined) app.physicalPath = physicalPath;
  if (providers !== undefined) app.windowsProviders = providers;
  if (anonymousUserName !== undefined) app.anonymousUserName = anonymousUserName;
  if (r.boolean(r.field(o, "expectSingleMethod"), `${path}.expectSingleMethod`, false)) app.expectSingleMethod = true;
  const ipSecurity = readIpSecurity(r, r.field(o, "ipSecurity"), `${path}.ipSecurity`);
  if (ipSecurity) app.ipSecurity = ipSecurity;
  const dynamicIpSecurity = readDynamicIpSecurity(r, r.field(o, "dynamicIpSecurity"), `${path}.dynamicIpSecurity`);
  if (dynamicIpSecurity) app.dynamicIpSecurity = dynamicIpSecurity;
  const isapiFilters = readIsapiFilters(r, r.field(o, "isapiFilters"), `${path}.isapiFilters`);
  if (isapiFilters) app.isapiFilters = isapiFilters;
  const isapiHandlers = readIsapiHandlers(r, r.field(o, "isapiHandlers"), `${path}.isapiHandlers`);
  if (isapiHandlers) app.isapiHandlers = isapiHandlers;
  const aspNet = r.field(o, "aspNetAuthorization");
  if (aspNet !== undefined && aspNet !== null)
    app.aspNetAuthorization = readAuthorization(r, aspNet, `${path}.aspNetAuthorization`, "aspNetAuthorization");
  return app;
}

function readBinding(r: Reader, value: unknown, path: string): Binding | undefined {
  const o = r.object(value, path, true);
  if (!o) return undefined;
  const protocol = r.oneOf(r.field(o, "protocol"), `${path}.protocol`, ["http", "https"] as const, true, "a binding protocol");
  const port = r.integer(r.field(o, "port"), `${path}.port`, 1, 65535, true);
  const hostName = r.string(r.field(o, "hostName"), `${path}.hostName`, { required: false });
  if (hostName && !/^[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(hostName.trim())) {
    r.problem(`${path}.hostName`, `${show(hostName)} is not a host name`);
  }
  if (!protocol || port === undefined) return undefined;
  return { protocol, port, ...(hostName && hostName.trim() ? { hostName: hostName.trim() } : {}) };
}

function readAppPool(r: Reader, value: unknown, path: string): AppPool {
  const o = r.object(value, path, true) ?? {};
  const identity =
    r.oneOf(r.field(o, "identity"), `${path}.identity`, APP_POOL_IDENTITIES, false, "an app pool identity") ?? "ApplicationPoolIdentity";
  const userName = r.string(r.field(o, "userName"), `${path}.userName`, { required: identity === "SpecificUser", nonEmpty: true });
  return {
    name: r.string(r.field(o, "name"), `${path}.name`, { required: true, nonEmpty: true }) ?? PLACEHOLDER,
    identity,
    ...(userName ? { userName } : {}),
  };
}

function readRoleAssignments(r: Reader, value: unknown, path: string): RoleAssignment[] | undefined {
  const items = r.list(value, path, false);
  if (items === undefined) return undefined;
  return items.flatMap((item, i) => {
    const o = r.object(item, `${path}[${i}]`, true);
    if (!o) return [];
    const role = r.string(r.field(o, "role"), `${path}[${i}].role`, { required: true, nonEmpty: true });
    const members = r.strings(r.field(o, "members"), `${path}[${i}].members`, true) ?? [];
    return role ? [{ role, members }] : [];
  });
}

export function normalizeSite(raw: unknown): Normalized<SiteSpec> {
  const r = new Reader();
  const o = r.object(raw, "(args)", true) ?? {};
  const applications = (r.list(r.field(o, "applications"), "applications", true) ?? [])
    .map((a, i) => readApplication(r, a, `applications[${i}]`))
    .filter((a): a is Application => a !== undefined);
  const seen = new Map<string, number>();
  applications.forEach((a, i) => {
    const key = nameKey(a.path);
    if (seen.has(key) && a.path !== PLACEHOLDER)
      r.problem(`applications[${i}].path`, `${show(a.path)} is declared twice (also applications[${seen.get(key)}])`);
    seen.set(key, i);
  });
  const spec: SiteSpec = {
    server: r.string(r.field(o, "server"), "server", { required: true, nonEmpty: true })?.trim() ?? PLACEHOLDER,
    siteName: r.string(r.field(o, "siteName"), "siteName", { required: true, nonEmpty: true }) ?? PLACEHOLDER,
    physicalPath: r.string(r.field(o, "physicalPath"), "physicalPath", { required: true, nonEmpty: true }) ?? PLACEHOLDER,
    appPool: readAppPool(r, r.field(o, "appPool"), "appPool"),
    bindings: (r.list(r.field(o, "bindings"), "bindings", true) ?? [])
      .map((b, i) => readBinding(r, b, `bindings[${i}]`))
      .filter((b): b is Binding => b !== undefined),
    applications,
  };
  const roles = readRoleAssignments(r, r.field(o, "roleAssignments"), "roleAssignments");
  if (roles !== undefined) spec.roleAssignments = roles;
  const vm = r.string(r.field(o, "vm"), "vm", { required: false, nonEmpty: true });
  if (vm !== undefined) spec.vm = vm;
  const clientNetworks = readClientNetworks(r, r.field(o, "clientNetworks"), "clientNetworks");
  if (clientNetworks !== undefined) spec.clientNetworks = clientNetworks;
  if (Array.isArray(r.field(o, "bindings")) && spec.bindings.length === 0 && r.problems.every((p) => !p.path.startsWith("bindings"))) {
    r.problem("bindings", "must list at least one binding");
  }
  return { spec, unknown: [...r.unknown], problems: r.problems };
}

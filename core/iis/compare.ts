// Canonical text forms of configuration values, so declared and observed values compare as IIS
// would see them (order-free where IIS ignores order, case-free where Windows is) and print well.
import { effectiveRules } from "./authorization";
import type { Application, Binding, Host, Site } from "../model";

const sorted = (xs: string[]) => [...xs].sort((a, b) => a.localeCompare(b)).join(", ") || "(none)";

export function bindingsText(bs: Binding[]): string {
  return sorted(bs.map((b) => `${b.protocol}:${b.port}:${(b.hostName ?? "").toLowerCase()}`));
}
export function methodsText(app: Application): string {
  return sorted(app.authentication);
}
export function providersText(app: Application): string {
  return (app.windowsProviders ?? ["Negotiate", "NTLM"]).join(", ");
}
export function authorizationText(ancestors: Application[], app: Application): string {
  return sorted(
    effectiveRules(ancestors, app).map(
      (r) => `${r.access} users=[${sorted(r.users.map((u) => u.toLowerCase()))}] roles=[${sorted(r.roles.map((x) => x.toLowerCase()))}]`,
    ),
  );
}
/** Expands the environment variables IIS paths commonly carry, for comparison. */
export function pathText(p: string | undefined): string {
  return (p ?? "")
    .replace(/%SystemDrive%/gi, "C:")
    .replace(/[\\/]+$/, "")
    .toLowerCase();
}
export function membersText(site: Site, role: string): string | undefined {
  const a = site.roleAssignments?.find((x) => x.role.toLowerCase() === role.toLowerCase());
  return a ? sorted(a.members.map((m) => m.toLowerCase())) : undefined;
}
export function proxyText(h: Host): string {
  if (!h.proxy?.enabled) return "no proxy";
  return `${h.proxy.server ?? "(unnamed)"} bypass [${sorted([...h.proxy.bypassList, ...(h.proxy.bypassLocal ? ["<local>"] : [])].map((x) => x.toLowerCase()))}]`;
}

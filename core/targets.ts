// Stable names for what a finding is about. Waivers and baselines match on these strings.
import type { Application, Host, Site, VirtualMachine } from "./model";

export function siteTarget(site: Site): string {
  return `${site.server}/${site.siteName}`;
}
export function applicationTarget(site: Site, app: Application): string {
  return app.path === "/" ? `${siteTarget(site)}/` : `${siteTarget(site)}${app.path}`;
}
export function hostTarget(host: Host): string {
  return host.server;
}
export function vmTarget(vm: VirtualMachine): string {
  return vm.name;
}

/**
 * Whether a target names something on `server`: the server itself or a path below it. The one
 * place targets are read back: a plain prefix test would put "web10/…" on "web1".
 */
export function isOnServer(target: string, server: string): boolean {
  const t = target.toLowerCase();
  const s = server.toLowerCase();
  return t === s || t.startsWith(`${s}/`);
}

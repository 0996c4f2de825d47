// The names clients use to reach a site: the host names of its bindings, or the server's own name
// when no binding names one.
import type { Site } from "../model";
import { sameName, usesWindowsAuth } from "../model";

/** A name clients use for a site. */
export interface ClientName {
  hostName: string;
  site: Site;
}

export function siteHostNames(site: Site): string[] {
  const names: string[] = [];
  for (const b of site.bindings) {
    const name = b.hostName?.trim();
    if (name && !names.some((n) => sameName(n, name))) names.push(name);
  }
  return names;
}

export function clientHostNames(site: Site): string[] {
  const names = siteHostNames(site);
  return names.length > 0 ? names : [site.server];
}

/** The client names of every site that uses Windows authentication. */
export function windowsAuthClientNames(sites: readonly Site[]): ClientName[] {
  return sites.filter(usesWindowsAuth).flatMap((site) => clientHostNames(site).map((hostName) => ({ hostName, site })));
}

/** True when the name is the machine itself as the loopback check sees it (its short name or localhost). */
export function isOwnMachineName(name: string, server: string): boolean {
  const shortServer = server.split(".")[0];
  return sameName(name, "localhost") || sameName(name, shortServer) || /^127\.|^::1$/.test(name);
}

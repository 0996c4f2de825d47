// The names clients use to reach a site: the host names of its bindings, or the server's own name
// when no binding names one.
import type { Site } from "../model";
import { usesWindowsAuth } from "../model";
import { sameName } from "../names";

/** A name clients use for a site. */
export interface ClientName {
  hostName: string;
  site: Site;
}

/**
 * The key two host names share when Windows treats them as one: DNS names compare without regard
 * to case (RFC 4343), and IIS matches the Host header the same way. NFC first, so a composed and a
 * decomposed accent are one name as `sameName` has them.
 */
export function hostNameKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

/**
 * The distinct host names of a site's bindings, first spelling kept, in binding order. One Map
 * lookup per binding: comparing each name with every name kept so far made 20,000 bindings cost
 * 200 million comparisons, several times per evaluation.
 */
export function siteHostNames(site: Site): string[] {
  const names = new Map<string, string>();
  for (const b of site.bindings) {
    const name = b.hostName?.trim();
    if (!name) continue;
    const key = hostNameKey(name);
    if (!names.has(key)) names.set(key, name);
  }
  return [...names.values()];
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

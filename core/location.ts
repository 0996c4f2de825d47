// Where a finding is: structured fields, rendered to a name in one place. Waivers match and
// reports show the rendered name; everything that needs a part of it (which server, which site)
// reads the field — never the name parsed back, where "web10/…" once passed for "web1".
import type { Application, Host, Site, VirtualMachine } from "./model";
import { sameName } from "./names";

/** A server, a site on it, an application of that site, or an Azure VM (declared only). */
export interface Location {
  server?: string;
  site?: string;
  /** The application's virtual path ("/PM/admin", "/" for the root application). */
  path?: string;
  vm?: string;
}

export const hostLocation = (server: string): Location => ({ server });
export const siteLocation = (site: Pick<Site, "server" | "siteName">): Location => ({ server: site.server, site: site.siteName });
export const applicationLocation = (site: Pick<Site, "server" | "siteName">, app: Pick<Application, "path">): Location => ({
  server: site.server,
  site: site.siteName,
  path: app.path,
});
export const vmLocation = (vm: Pick<VirtualMachine, "name">): Location => ({ vm: vm.name });

/** The one rendering of a location: "web01/Default Web Site/PM/admin", "web01/Default Web Site/" (root app), "web01", or the VM's name. */
export function locationName(l: Location): string {
  if (l.server === undefined) return l.vm ?? "";
  if (l.site === undefined) return l.server;
  const site = `${l.server}/${l.site}`;
  if (l.path === undefined) return site;
  return l.path === "/" ? `${site}/` : `${site}${l.path}`;
}

/** Whether the finding is about `server` itself or something on it (names compared as Windows does). */
export function isOnServer(l: Location, server: string): boolean {
  return l.server !== undefined && sameName(l.server, server);
}

// Names used in rule messages ("{target} enables …"): the rendered location of the subject.
export const siteTarget = (site: Site): string => locationName(siteLocation(site));
export const applicationTarget = (site: Site, app: Application): string => locationName(applicationLocation(site, app));
export const hostTarget = (host: Host): string => host.server;
export const vmTarget = (vm: VirtualMachine): string => vm.name;

/** What the location names below its server ("Default Web Site/PM/admin"; "" for the server or a VM). */
export function belowServer(l: Location): string {
  if (l.server === undefined || l.site === undefined) return "";
  const name = locationName(l);
  return name.slice(l.server.length + 1);
}

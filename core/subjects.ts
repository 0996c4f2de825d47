// Joins the fleet into the subjects rules look at: an application with its site's ancestors and
// host, a site with its host and VM, a host with the fleet, a VM with what runs on it.
import type { Application, Fleet, Host, Site, VirtualMachine } from "./model";
import { windowsAuthClientNames } from "./iis/host-names";
import { sameName } from "./model";
import type { Subject, SubjectKind } from "./rule";

const IMPLICIT_ROOT: Application = {
  path: "/",
  authentication: ["anonymous"],
  requireSsl: false,
  authorization: [],
  inheritAuthorization: true,
  localClients: false,
};

function isAncestorPath(parent: string, child: string): boolean {
  if (parent === child) return false;
  if (parent === "/") return true;
  return child.toLowerCase().startsWith(`${parent.toLowerCase()}/`);
}

export function ancestorsOf(site: Site, app: Application): Application[] {
  if (app.path === "/") return [];
  const declared = site.applications
    .filter((other) => isAncestorPath(other.path, app.path))
    .sort((a, b) => a.path.length - b.path.length);
  return declared[0]?.path === "/" ? declared : [IMPLICIT_ROOT, ...declared];
}

/** Hosts by lower-cased server name (the first one wins), so joining sites to hosts is not quadratic. */
function sitesByServer(sites: Site[]): (server: string) => Site[] {
  const index = new Map<string, Site[]>();
  for (const s of sites) index.set(s.server.toLowerCase(), [...(index.get(s.server.toLowerCase()) ?? []), s]);
  return (server) => index.get(server.toLowerCase()) ?? [];
}

function hostIndex(fleet: Fleet): (server: string) => Host | undefined {
  const index = new Map<string, Host>();
  for (const h of fleet.hosts) if (!index.has(h.server.toLowerCase())) index.set(h.server.toLowerCase(), h);
  return (server) => index.get(server.toLowerCase());
}

function vmFor(fleet: Fleet, site: Site, host: Host | undefined): VirtualMachine | undefined {
  const ref = site.vm ?? host?.vm;
  return ref === undefined ? undefined : fleet.vms.find((vm) => vm.resource === ref);
}

export function subjectsOf(fleet: Fleet, kind: SubjectKind): Subject[] {
  switch (kind) {
    case "application": {
      const hostOf = hostIndex(fleet);
      return fleet.sites.flatMap((site) => {
        const host = hostOf(site.server);
        return site.applications.map((app) => ({ kind, site, app, ancestors: ancestorsOf(site, app), host }));
      });
    }
    case "site": {
      const hostOf = hostIndex(fleet);
      return fleet.sites.map((site) => {
        const host = hostOf(site.server);
        return { kind, site, host, vm: vmFor(fleet, site, host) };
      });
    }
    case "host": {
      const intranetNames = windowsAuthClientNames(fleet.sites);
      return fleet.hosts.map((host) => ({ kind, host, intranetNames }));
    }
    case "drift": {
      const declared = fleet.declared;
      if (!declared) return [];
      const declaredHost = hostIndex(declared);
      const observedHost = hostIndex(fleet);
      const declaredSites = sitesByServer(declared.sites);
      const observedSites = sitesByServer(fleet.sites);
      const servers = new Map<string, string>();
      for (const x of [...fleet.sites, ...fleet.hosts]) servers.set(x.server.toLowerCase(), x.server);
      return [...servers.values()].map((server) => ({
        kind,
        server,
        declaredSites: declaredSites(server),
        observedSites: observedSites(server),
        declaredHost: declaredHost(server),
        observedHost: observedHost(server),
      }));
    }
    case "vm":
      return fleet.vms.map((vm) => {
        const hosts = fleet.hosts.filter((h) => h.vm === vm.resource);
        const sites = fleet.sites.filter((s) => s.vm === vm.resource || (s.vm === undefined && hosts.some((h) => sameName(h.server, s.server))));
        return { kind, vm, sites, hosts };
      });
  }
}

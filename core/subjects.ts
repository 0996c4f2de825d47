// Joins the fleet into the subjects rules look at: an application with its site's ancestors and
// host, a site with its host and VM, a host with the fleet, a VM with what runs on it.
import type { Application, Fleet, Host, Site, VirtualMachine } from "./model";
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

/** Hosts by lower-cased server name, built once per fleet: a linear search per site made joins quadratic. */
const hostIndex = new WeakMap<Fleet, Map<string, Host>>();

export function hostFor(fleet: Fleet, server: string): Host | undefined {
  let index = hostIndex.get(fleet);
  if (!index) {
    index = new Map();
    for (const h of fleet.hosts) if (!index.has(h.server.toLowerCase())) index.set(h.server.toLowerCase(), h);
    hostIndex.set(fleet, index);
  }
  return index.get(server.toLowerCase());
}

function vmFor(fleet: Fleet, site: Site, host: Host | undefined): VirtualMachine | undefined {
  const ref = site.vm ?? host?.vm;
  return ref === undefined ? undefined : fleet.vms.find((vm) => vm.resource === ref);
}

export function subjectsOf(fleet: Fleet, kind: SubjectKind): Subject[] {
  switch (kind) {
    case "application":
      return fleet.sites.flatMap((site) => {
        const host = hostFor(fleet, site.server);
        return site.applications.map((app) => ({ kind, site, app, ancestors: ancestorsOf(site, app), host }));
      });
    case "site":
      return fleet.sites.map((site) => {
        const host = hostFor(fleet, site.server);
        return { kind, site, host, vm: vmFor(fleet, site, host) };
      });
    case "host":
      return fleet.hosts.map((host) => ({ kind, host, fleet }));
    case "drift": {
      const declared = fleet.declared;
      if (!declared) return [];
      const servers = new Map<string, string>();
      for (const x of [...fleet.sites, ...fleet.hosts]) servers.set(x.server.toLowerCase(), x.server);
      return [...servers.values()].map((server) => ({
        kind,
        server,
        declaredSites: declared.sites.filter((s) => sameName(s.server, server)),
        observedSites: fleet.sites.filter((s) => sameName(s.server, server)),
        declaredHost: hostFor(declared, server),
        observedHost: hostFor(fleet, server),
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

// Joins the fleet into the subjects rules look at: an application with its site's ancestors and
// host, a site with its host and VM, a host with the fleet, a VM with what runs on it.
import type { Application, Fleet, Host, Site, VirtualMachine } from "./model";
import { windowsAuthClientNames } from "./iis/host-names";
import { Directory } from "./iis/membership";
import type { ApplicationSubject, DriftSubject, HostSubject, SiteSubject, Subject, SubjectKind, VmSubject } from "./rule";
import { nameKey } from "./names";

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
  return nameKey(child).startsWith(`${nameKey(parent)}/`);
}

/** Root first, as IIS applies configuration: by path length, then in declaration order. */
function rootFirst(found: Application[], order: (a: Application) => number): Application[] {
  const sorted = found.sort((a, b) => a.path.length - b.path.length || order(a) - order(b));
  return sorted[0]?.path === "/" ? sorted : [IMPLICIT_ROOT, ...sorted];
}

/** The applications above `app` in one site (for one application; see ancestorIndex for all of them). */
export function ancestorsOf(site: Site, app: Application): Application[] {
  if (app.path === "/") return [];
  const order = new Map(site.applications.map((a, i) => [a, i] as const));
  return rootFirst(
    site.applications.filter((other) => isAncestorPath(other.path, app.path)),
    (a) => order.get(a) ?? 0,
  );
}

interface PathNode {
  children: Map<string, PathNode>;
  /** Applications whose lower-cased path ends at this node, with their index in the site. */
  apps: { app: Application; index: number }[];
}

/**
 * `ancestorsOf` for every application of a site, in time linear in the length of their paths (plus
 * what is returned): the paths, lower-cased and split at `/`, go into a tree, and an application's
 * ancestors are the applications on the way down to it. A path is an ancestor exactly when its
 * segments are a proper prefix of the other's (that is `startsWith(parent + "/")`), and `/` is
 * everyone's. Comparing every application with every other was quadratic in a site's applications.
 */
export function ancestorIndex(site: Site): (app: Application) => Application[] {
  const root: PathNode = { children: new Map(), apps: [] };
  const slash: { app: Application; index: number }[] = [];
  const order = new Map<Application, number>();
  site.applications.forEach((app, index) => {
    if (!order.has(app)) order.set(app, index);
    if (app.path === "/") return void slash.push({ app, index });
    let node = root;
    for (const segment of nameKey(app.path).split("/")) {
      let next = node.children.get(segment);
      if (!next) node.children.set(segment, (next = { children: new Map(), apps: [] }));
      node = next;
    }
    node.apps.push({ app, index });
  });
  return (app) => {
    if (app.path === "/") return [];
    const found = slash.map((s) => s.app);
    const segments = nameKey(app.path).split("/");
    let node: PathNode | undefined = root;
    for (let i = 0; i < segments.length - 1 && node; i++) {
      node = node.children.get(segments[i]);
      if (node) for (const a of node.apps) found.push(a.app);
    }
    return rootFirst(found, (a) => order.get(a) ?? 0);
  };
}

/** Sites by lower-cased server name, so joining sites to hosts is not quadratic. */
function sitesByServer(sites: Site[]): (server: string) => Site[] {
  const index = new Map<string, Site[]>();
  for (const s of sites) {
    const key = nameKey(s.server);
    let list = index.get(key);
    if (!list) index.set(key, (list = []));
    list.push(s);
  }
  return (server) => index.get(nameKey(server)) ?? [];
}

function hostIndex(fleet: Fleet): (server: string) => Host | undefined {
  const index = new Map<string, Host>();
  for (const h of fleet.hosts) if (!index.has(nameKey(h.server))) index.set(nameKey(h.server), h);
  return (server) => index.get(nameKey(server));
}

/** VMs by resource (the first one wins, as `find` did). */
function vmIndex(fleet: Fleet): (site: Site, host: Host | undefined) => VirtualMachine | undefined {
  const index = new Map<string, VirtualMachine>();
  for (const vm of fleet.vms) if (!index.has(vm.resource)) index.set(vm.resource, vm);
  return (site, host) => {
    const ref = site.vm ?? host?.vm;
    return ref === undefined ? undefined : index.get(ref);
  };
}

export function subjectsOf(fleet: Fleet, kind: SubjectKind): Subject[] {
  switch (kind) {
    case "application":
      return applicationSubjects(fleet);
    case "site":
      return siteSubjects(fleet);
    case "host":
      return hostSubjects(fleet);
    case "drift":
      return driftSubjects(fleet);
    case "vm":
      return vmSubjects(fleet);
  }
}

function applicationSubjects(fleet: Fleet): ApplicationSubject[] {
  const hostOf = hostIndex(fleet);
  return fleet.sites.flatMap((site) => {
    const host = hostOf(site.server);
    const ancestors = ancestorIndex(site);
    // The site's memberships are joined once for all its applications (a site may have thousands).
    const directory = Directory.forSite(site, host);
    return site.applications.map((app) => ({ kind: "application", site, app, ancestors: ancestors(app), host, directory }));
  });
}

function siteSubjects(fleet: Fleet): SiteSubject[] {
  const hostOf = hostIndex(fleet);
  const vmOf = vmIndex(fleet);
  return fleet.sites.map((site) => {
    const host = hostOf(site.server);
    return { kind: "site", site, host, vm: vmOf(site, host) };
  });
}

function hostSubjects(fleet: Fleet): HostSubject[] {
  // Grouped by server once per evaluation: each host sees only the names it requests itself.
  const callingItself = fleet.sites.filter((s) => s.applications.some((a) => a.localClients && a.authentication.includes("windows")));
  const localByServer = groupBy(windowsAuthClientNames(callingItself), (name) => nameKey(name.site.server));
  return fleet.hosts.map((host) => ({ kind: "host", host, localNames: localByServer.get(nameKey(host.server)) ?? [] }));
}

/** One subject per server the observed fleet names (once per name as Windows compares them), with what is declared for it. */
function driftSubjects(fleet: Fleet): DriftSubject[] {
  const declared = fleet.declared;
  if (!declared) return [];
  const declaredHost = hostIndex(declared);
  const observedHost = hostIndex(fleet);
  const declaredSites = sitesByServer(declared.sites);
  const observedSites = sitesByServer(fleet.sites);
  const servers = new Map<string, string>();
  for (const x of [...fleet.sites, ...fleet.hosts]) servers.set(nameKey(x.server), x.server);
  return [...servers.values()].map((server) => ({
    kind: "drift",
    server,
    declaredSites: declaredSites(server),
    observedSites: observedSites(server),
    declaredHost: declaredHost(server),
    observedHost: observedHost(server),
  }));
}

/** A VM with its hosts and its sites: those that name it and those on its hosts that name no VM. */
function vmSubjects(fleet: Fleet): VmSubject[] {
  // Grouped once: filtering every host and site for every VM was quadratic in a declared fleet.
  const hostsOf = groupBy(fleet.hosts, (h) => h.vm);
  const sitesOf = groupBy(fleet.sites, (s) => s.vm);
  // Same server join as sites to hosts (lower-cased names).
  const undeclaredVmSites = sitesByServer(fleet.sites.filter((s) => s.vm === undefined));
  const inFleetOrder = fleetOrder(fleet.sites);
  return fleet.vms.map((vm) => {
    const hosts = hostsOf.get(vm.resource) ?? [];
    const viaHost = new Set(hosts.flatMap((h) => undeclaredVmSites(h.server)));
    return { kind: "vm", vm, sites: inFleetOrder([...new Set([...(sitesOf.get(vm.resource) ?? []), ...viaHost])]), hosts };
  });
}

/** Sorts some of `sites` into their order in `sites` (a site listed twice by its first place), one lookup per comparison. */
function fleetOrder(sites: readonly Site[]): (some: Site[]) => Site[] {
  const position = new Map<Site, number>();
  sites.forEach((s, i) => void (position.has(s) || position.set(s, i)));
  return (some) => (some.length < 2 ? some : some.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0)));
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    let list = groups.get(k);
    if (!list) groups.set(k, (list = []));
    list.push(item);
  }
  return groups;
}

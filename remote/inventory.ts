// Which hosts to scan and what they should look like. Two sources:
// - a `pulumi stack export` file: its iisguard:index:Site and iisguard:index:Host resources are the
//   declaration, and their servers the hosts (connected to by name on port 22);
// - a YAML inventory listing hosts (address, port, user), optionally pointing at a stack export.
// Errors name the file, the field and the value.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { show } from "../core/declared/reader";
import type { Fleet } from "../core/model";
import { adaptFleet, type ResourceLike } from "../policies/adapters/fleet";
import type { HostTarget } from "./collector";

export class InventoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InventoryError";
  }
}

export interface Inventory {
  targets: HostTarget[];
  declared: Fleet;
  /** Declarations that could not be read (reported, not dropped). */
  unreadable: string[];
  proxyUserSids: string[];
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InventoryError(`${file}: cannot read: ${(e as Error).message}`);
  }
}

/** The declaration in a `pulumi stack export` (deployment v3) file. */
export function readStackExport(file: string): { declared: Fleet; unreadable: string[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(readText(file));
  } catch (e) {
    if (e instanceof InventoryError) throw e;
    throw new InventoryError(`${file}: not JSON: ${(e as Error).message}`);
  }
  const resources = (doc as { deployment?: { resources?: unknown } })?.deployment?.resources;
  if (!Array.isArray(resources)) throw new InventoryError(`${file}: deployment.resources: expected the list of a \`pulumi stack export\`, got ${show(resources)}`);
  const like: ResourceLike[] = resources.flatMap((r: Record<string, unknown>, i) => {
    if (typeof r !== "object" || r === null || typeof r.urn !== "string" || typeof r.type !== "string") {
      throw new InventoryError(`${file}: deployment.resources[${i}]: a resource needs urn and type`);
    }
    const deps = (r.propertyDependencies ?? {}) as Record<string, string[]>;
    return [
      {
        type: r.type,
        urn: r.urn,
        name: r.urn.split("::").pop() ?? r.urn,
        props: ((r.outputs ?? r.inputs ?? {}) as Record<string, unknown>),
        propertyDependencies: Object.fromEntries(Object.entries(deps).map(([k, urns]) => [k, (Array.isArray(urns) ? urns : []).map((urn) => ({ urn }))])),
      },
    ];
  });
  const { fleet, unreadable } = adaptFleet(like);
  return { declared: fleet, unreadable: unreadable.map((u) => `${file}: ${u.message}`) };
}

function serversOf(fleet: Fleet): string[] {
  const seen = new Map<string, string>();
  for (const x of [...fleet.sites, ...fleet.hosts]) if (!x.unknown.includes("server")) seen.set(x.server.toLowerCase(), x.server);
  return [...seen.values()];
}

export function inventoryFromStackExport(file: string): Inventory {
  const { declared, unreadable } = readStackExport(file);
  return { targets: serversOf(declared).map((server) => ({ server })), declared, unreadable, proxyUserSids: [] };
}

/**
 * YAML inventory:
 *   stackExport: stack.json          # optional: the declaration to compare with
 *   defaults: { username: svc-iisguard, port: 22 }
 *   proxyUserSids: [S-1-5-21-…]      # optional: users whose proxy settings matter
 *   hosts:
 *     - server: web01                # the name declarations use
 *       address: 10.40.1.4           # optional, defaults to server
 *       port: 22                     # optional
 */
export function inventoryFromYaml(file: string): Inventory {
  let doc: Record<string, unknown>;
  try {
    doc = YAML.parse(readText(file)) ?? {};
  } catch (e) {
    if (e instanceof InventoryError) throw e;
    throw new InventoryError(`${file}: not YAML: ${(e as Error).message}`);
  }
  if (typeof doc !== "object" || Array.isArray(doc)) throw new InventoryError(`${file}: expected a mapping with 'hosts'`);
  const problems: string[] = [];
  const defaults = (doc.defaults ?? {}) as Record<string, unknown>;
  const port = (v: unknown, where: string): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 65535) return void problems.push(`${file}: ${where}: a port between 1 and 65535 is expected, got ${show(v)}`);
    return v;
  };
  const str = (v: unknown, where: string): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v.trim() === "") return void problems.push(`${file}: ${where}: a non-empty string is expected, got ${show(v)}`);
    return v.trim();
  };
  const defaultPort = port(defaults.port, "defaults.port");
  const defaultUser = str(defaults.username, "defaults.username");
  let declared: Fleet = { sites: [], hosts: [], vms: [] };
  let unreadable: string[] = [];
  if (doc.stackExport !== undefined) {
    const exportFile = str(doc.stackExport, "stackExport");
    if (exportFile) ({ declared, unreadable } = readStackExport(path.resolve(path.dirname(file), exportFile)));
  }
  if (!Array.isArray(doc.hosts)) problems.push(`${file}: hosts: a list of hosts is expected, got ${show(doc.hosts)}`);
  const targets: HostTarget[] = [];
  const seen = new Set<string>();
  (Array.isArray(doc.hosts) ? doc.hosts : []).forEach((h: Record<string, unknown>, i: number) => {
    const where = `hosts[${i}]`;
    if (typeof h !== "object" || h === null) return void problems.push(`${file}: ${where}: expected a mapping, got ${show(h)}`);
    const server = str(h.server, `${where}.server`);
    if (!server) return void (h.server === undefined && problems.push(`${file}: ${where}.server: is required`));
    if (seen.has(server.toLowerCase())) return void problems.push(`${file}: ${where}.server: ${show(server)} is listed twice`);
    seen.add(server.toLowerCase());
    const address = str(h.address, `${where}.address`);
    const p = port(h.port, `${where}.port`) ?? defaultPort;
    const username = str(h.username, `${where}.username`) ?? defaultUser;
    targets.push({ server, ...(address ? { address } : {}), ...(p ? { port: p } : {}), ...(username ? { username } : {}) });
  });
  const sids = Array.isArray(doc.proxyUserSids) ? doc.proxyUserSids : [];
  sids.forEach((s, i) => typeof s === "string" && /^S-1-[0-9]+(-[0-9]+)+$/.test(s) ? undefined : problems.push(`${file}: proxyUserSids[${i}]: ${show(s)} is not a SID`));
  if (problems.length > 0) throw new InventoryError(problems.join("\n"));
  return { targets, declared, unreadable, proxyUserSids: sids as string[] };
}

/** Shard i of n (1-based): a host's shard depends only on its name, so shards stay stable as the fleet changes. */
export function shardOf(targets: HostTarget[], index: number, count: number): HostTarget[] {
  return targets.filter((t) => createHash("sha256").update(t.server.toLowerCase()).digest().readUInt32BE(0) % count === index - 1);
}

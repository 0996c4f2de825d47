// Which hosts to scan and what they should look like. Two sources:
// - a `pulumi stack export` file: its iisguard:index:Site and iisguard:index:Host resources are the
//   declaration, and their servers the hosts (connected to by name on port 22);
// - a YAML inventory listing hosts (address, port, user), optionally pointing at a stack export.
// Errors name the file, the field and the value.
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { show } from "../core/spec/reader";
import { parseJsonFile, parseYamlFile } from "../core/schemas/parse";
import { schemaProblems, type Schema } from "../core/schemas/validate";
import type { Fleet } from "../core/model";
import { adaptFleet, type ResourceLike } from "../adapters/resources";
import type { HostTarget } from "./collector";
import { nameKey } from "../core/names";

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
  /** Servers the stack export declares that the YAML inventory does not list: never checked, so reported. */
  notInInventory: string[];
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InventoryError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The declaration in a `pulumi stack export` (deployment v3) file. */
export function readStackExport(file: string): { declared: Fleet; unreadable: string[] } {
  let doc: unknown;
  try {
    doc = parseJsonFile(readText(file), file);
  } catch (e) {
    if (e instanceof InventoryError) throw e;
    throw new InventoryError((e as Error).message);
  }
  const resources = (doc as { deployment?: { resources?: unknown } })?.deployment?.resources;
  if (!Array.isArray(resources))
    throw new InventoryError(`${file}: deployment.resources: expected the list of a \`pulumi stack export\`, got ${show(resources)}`);
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
        props: (r.outputs ?? r.inputs ?? {}) as Record<string, unknown>,
        propertyDependencies: Object.fromEntries(
          Object.entries(deps).map(([k, urns]) => [k, (Array.isArray(urns) ? urns : []).map((urn) => ({ urn }))]),
        ),
      },
    ];
  });
  const { fleet, unreadable } = adaptFleet(like);
  return { declared: fleet, unreadable: unreadable.map((u) => `${file}: ${u.message}`) };
}

function serversOf(fleet: Fleet): string[] {
  const seen = new Map<string, string>();
  for (const x of [...fleet.sites, ...fleet.hosts]) if (!x.unknown.includes("server")) seen.set(nameKey(x.server), x.server);
  return [...seen.values()];
}

export function inventoryFromStackExport(file: string): Inventory {
  const { declared, unreadable } = readStackExport(file);
  return { targets: serversOf(declared).map((server) => ({ server })), declared, unreadable, proxyUserSids: [], notInInventory: [] };
}

/** The declared servers no inventory host names, compared as Windows compares names (one Set lookup by `nameKey` each). */
export function serversNotListed(declaredServers: string[], listed: HostTarget[]): string[] {
  const keys = new Set(listed.map((t) => nameKey(t.server)));
  return declaredServers.filter((server) => !keys.has(nameKey(server)));
}

/** One line of text: not blank, no control characters (a host name is printed in reports and logs). */
const oneLine: Schema = {
  type: "string",
  pattern: "^(?=.*\\S)[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]+$",
  "x-expected": "a non-empty string without control characters is expected",
};
const port: Schema = { type: "integer", minimum: 1, maximum: 65535, "x-expected": "a port between 1 and 65535 is expected" };

/** The YAML inventory's schema: every key known (a misspelt `adress:` is an error, not a silent default). */
export const INVENTORY_SCHEMA: Schema = {
  type: "object",
  "x-expected": "a mapping with 'hosts' is expected",
  additionalProperties: false,
  required: ["hosts"],
  properties: {
    stackExport: oneLine,
    defaults: {
      type: "object",
      "x-expected": "a mapping is expected",
      additionalProperties: false,
      properties: { username: oneLine, port },
    },
    proxyUserSids: {
      type: "array",
      "x-expected": "a list of SIDs is expected",
      items: { type: "string", pattern: "^S-1-[0-9]+(-[0-9]+)+$", "x-expected": "a SID (S-1-5-21-…) is expected" },
    },
    hosts: {
      type: "array",
      "x-expected": "a list of hosts is expected",
      items: {
        type: "object",
        "x-expected": "a mapping is expected",
        additionalProperties: false,
        required: ["server"],
        properties: { server: oneLine, address: oneLine, port, username: oneLine },
      },
    },
  },
};

interface InventoryDoc {
  stackExport?: string;
  defaults?: { username?: string; port?: number };
  proxyUserSids?: string[];
  hosts: { server: string; address?: string; port?: number; username?: string }[];
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
  let doc: unknown;
  try {
    doc = parseYamlFile(readText(file), file) ?? {};
  } catch (e) {
    if (e instanceof InventoryError) throw e;
    throw new InventoryError((e as Error).message);
  }
  const problems = schemaProblems(INVENTORY_SCHEMA, doc, file);
  if (problems.length > 0) throw new InventoryError(problems.join("\n"));
  const inv = doc as InventoryDoc;
  const targets: HostTarget[] = [];
  const seen = new Set<string>();
  inv.hosts.forEach((h, i) => {
    const server = h.server.trim();
    if (seen.has(nameKey(server))) return void problems.push(`${file}: hosts[${i}].server: ${show(server)} is listed twice`);
    seen.add(nameKey(server));
    const p = h.port ?? inv.defaults?.port;
    const username = h.username?.trim() ?? inv.defaults?.username?.trim();
    targets.push({
      server,
      ...(h.address ? { address: h.address.trim() } : {}),
      ...(p ? { port: p } : {}),
      ...(username ? { username } : {}),
    });
  });
  if (problems.length > 0) throw new InventoryError(problems.join("\n"));
  let declared: Fleet = { sites: [], hosts: [], vms: [] };
  let unreadable: string[] = [];
  if (inv.stackExport !== undefined) ({ declared, unreadable } = readStackExport(path.resolve(path.dirname(file), inv.stackExport.trim())));
  return {
    targets,
    declared,
    unreadable,
    proxyUserSids: inv.proxyUserSids ?? [],
    notInInventory: serversNotListed(serversOf(declared), targets),
  };
}

/** Shard i of n (1-based): a host's shard depends only on its name, so shards stay stable as the fleet changes. */
export function shardOf(targets: HostTarget[], index: number, count: number): HostTarget[] {
  // The hash input stays the lower-cased name (not nameKey): changing it would move hosts between
  // shards for every fleet already sharded; names that differ only in case still land together.
  return targets.filter((t) => createHash("sha256").update(t.server.toLowerCase()).digest().readUInt32BE(0) % count === index - 1);
}

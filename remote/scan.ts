// The nightly scan: collect from every host concurrently, turn what was observed into the one
// model, run the same rules on it plus drift against the declaration. A host that cannot be read
// becomes an unknown outcome with its reason; it never stops the scan, and an interrupted scan
// still accounts for every host.
import { evaluate } from "../core/engine";
import { couldNotRead } from "../core/outcomes";
import type { Finding } from "../core/finding";
import type { Fleet, Site } from "../core/model";
import type { HostResult, ScanReport } from "../core/report/scan-report";
import type { CollectParams, Collector, HostTarget } from "./collector";
import type { ObservedHost } from "./facts";
import { probe, type ProbeOptions, type ProbeResult } from "./http-probe";
import { RemoteError } from "./remote-error";
import { nameKey, sameName } from "../core/names";
import { ANSWER_LIMITS } from "./answer-limits";
import { LOG_DEFAULTS } from "./ssh-defaults";
import { hostLogs, type HostLogs } from "../core/logs/host-logs";
import { correlate } from "../core/logs/correlate";

export interface ScanInput {
  targets: HostTarget[];
  /** What the stack declares for these servers (empty when scanning without a stack). */
  declared: Fleet;
  /** SIDs of users whose WinINet proxy settings matter. */
  proxyUserSids?: string[];
}

export interface ScanOptions {
  concurrency: number;
  signal?: AbortSignal;
  onHostDone?: (result: HostResult, done: number, total: number) => void;
  version: string;
  now?: () => Date;
  /** Probe every binding and application of a host that was read. */
  probe?: ProbeOptions;
  /** Log evidence read on each host (issue #14): hours of files and bytes per site; byteCap 0 reads none. Default LOG_DEFAULTS. */
  logs?: LogOptions;
}

export interface LogOptions {
  windowHours: number;
  byteCap: number;
}

async function probeHost(target: HostTarget, facts: ObservedHost, opts: ProbeOptions): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const site of facts.sites) {
    for (const binding of site.bindings) {
      for (const app of site.applications)
        results.push(await probe({ address: target.address ?? target.server, binding, path: app.path }, opts));
    }
  }
  return results;
}

const addressOf = (t: HostTarget) => `${t.address ?? t.server}:${t.port ?? 22}`;

/** What to ask each host for: the roles and paths its declared sites name (sites indexed by server once per scan). */
function paramsIndex(declared: Fleet, proxyUserSids: string[], logs: LogOptions): (server: string) => CollectParams {
  // What may travel for a whole host is the answer limits' own figure: the script stops keeping lines there.
  const logParams = {
    logWindowHours: logs.windowHours,
    logByteCap: logs.byteCap,
    logMaxLines: ANSWER_LIMITS.logLines,
    logMaxBytes: ANSWER_LIMITS.logBytes,
  };
  const byServer = new Map<string, Site[]>();
  for (const s of declared.sites) {
    const key = nameKey(s.server);
    let list = byServer.get(key);
    if (!list) byServer.set(key, (list = []));
    list.push(s);
  }
  return (server) => {
    const sites = byServer.get(nameKey(server)) ?? [];
    const roles = sites.flatMap((s) => [
      ...(s.roleAssignments ?? []).map((r) => r.role),
      ...s.applications.flatMap((a) => a.authorization.flatMap((r) => r.roles)),
    ]);
    const paths = sites.flatMap((s) => s.applications.map((a) => ({ site: s.siteName, path: a.path })));
    return { roles: [...new Set(roles)], userSids: proxyUserSids, paths, ...logParams };
  };
}

/**
 * Carries over what only a declaration can say: that the server requests an application itself
 * (localClients), that its setup allows exactly one authentication method (expectSingleMethod),
 * where its users come from (clientNetworks) and which VM it runs on. Configuration is never copied: it is observed.
 */
function withIntent(observed: Site, declared: Site | undefined): Site {
  if (!declared) return observed;
  return {
    ...observed,
    ...(declared.vm ? { vm: declared.vm } : {}),
    ...(declared.clientNetworks ? { clientNetworks: declared.clientNetworks } : {}),
    applications: observed.applications.map((a) => {
      const d = declared.applications.find((x) => sameName(x.path, a.path));
      return d ? { ...a, localClients: d.localClients, ...(d.expectSingleMethod ? { expectSingleMethod: true } : {}) } : a;
    }),
  };
}

/**
 * The host's log evidence: each site's collected lines analysed with that site's observed
 * application paths (so that 401s are attributed to the applications findings name) over the window
 * ending at the host's own clock, which dates its log entries.
 */
function logsOf(facts: ObservedHost, logs: LogOptions, receivedAtMs: number): HostLogs {
  const appsBySite = new Map(facts.sites.map((s) => [nameKey(s.siteName), s.applications.map((a) => a.path)]));
  return hostLogs({
    collected: facts.logs,
    asked: logs.byteCap > 0,
    applicationsOf: (site) => appsBySite.get(nameKey(site)) ?? [],
    nowMs: receivedAtMs + (facts.host.clockOffsetSeconds ?? 0) * 1000,
    windowHours: logs.windowHours,
  });
}

async function pool<T>(items: T[], concurrency: number, signal: AbortSignal | undefined, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}

/** What reading one host needs, the same for every host of a scan. */
interface HostReading {
  collector: Collector;
  paramsFor: (server: string) => CollectParams;
  /** Where each host's facts go as soon as they are read, for the fleet the rules judge. */
  observed: Map<string, ObservedHost>;
  probe?: ProbeOptions;
  logs: LogOptions;
}

/** One host read (then probed, its logs analysed), or failed with the reason: a host never stops the scan. */
async function scanHost(target: HostTarget, reading: HostReading): Promise<HostResult> {
  const started = Date.now();
  try {
    const facts = await reading.collector.collect(target, reading.paramsFor(target.server));
    const receivedAt = Date.now(); // the clock the collector measured the host's offset against
    reading.observed.set(target.server, facts);
    const probes = reading.probe ? await probeHost(target, facts, reading.probe) : undefined;
    return {
      server: target.server,
      address: addressOf(target),
      status: "ok",
      durationMs: Date.now() - started,
      sites: facts.sites.length,
      ...(facts.problems.length ? { problems: facts.problems } : {}),
      ...(probes ? { probes } : {}),
      logs: logsOf(facts, reading.logs, receivedAt),
    };
  } catch (e) {
    const err = e instanceof RemoteError ? e : new RemoteError("remote-failure", `${target.server}: ${(e as Error)?.message ?? String(e)}`);
    return {
      server: target.server,
      address: addressOf(target),
      status: "failed",
      reason: err.message,
      errorKind: err.kind,
      durationMs: Date.now() - started,
      sites: 0,
    };
  }
}

/** A host the scan was interrupted before reading: reported, so that every host is accounted for. */
function notScanned(t: HostTarget): HostResult {
  return {
    server: t.server,
    address: addressOf(t),
    status: "not-scanned",
    reason: "the scan was interrupted before this host was read",
    durationMs: 0,
    sites: 0,
  };
}

/** The fleet the rules judge: every host read, its sites with what their declarations intend. */
function observedFleet(declared: Fleet, observed: Map<string, ObservedHost>): Fleet {
  const fleet: Fleet = { sites: [], hosts: [], vms: [], declared };
  // Declared sites by server and name (Windows compares names case-insensitively): one lookup per observed site.
  const declaredByName = new Map<string, Site>();
  for (const d of declared.sites) {
    const key = `${nameKey(d.server)}\u0000${nameKey(d.siteName)}`;
    if (!declaredByName.has(key)) declaredByName.set(key, d);
  }
  const declaredSite = (server: string, siteName: string) => declaredByName.get(`${nameKey(server)}\u0000${nameKey(siteName)}`);
  for (const [server, facts] of observed) {
    fleet.hosts.push(facts.host);
    for (const site of facts.sites) fleet.sites.push(withIntent(site, declaredSite(server, site.siteName)));
  }
  return fleet;
}

export async function scan(input: ScanInput, collector: Collector, opts: ScanOptions): Promise<ScanReport> {
  const now = opts.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const results = new Map<string, HostResult>();
  const observed = new Map<string, ObservedHost>();
  let done = 0;
  const logs = opts.logs ?? { windowHours: LOG_DEFAULTS.windowHours, byteCap: LOG_DEFAULTS.byteCapPerSite };
  const paramsFor = paramsIndex(input.declared, input.proxyUserSids ?? [], logs);
  const reading: HostReading = { collector, paramsFor, observed, probe: opts.probe, logs };

  await pool(input.targets, opts.concurrency, opts.signal, async (target) => {
    const result = await scanHost(target, reading);
    results.set(target.server, result);
    opts.onHostDone?.(result, ++done, input.targets.length);
  });

  const hosts: HostResult[] = input.targets.map((t) => results.get(t.server) ?? notScanned(t));
  const fleet = observedFleet(input.declared, observed);
  const judged: Finding[] = evaluate(fleet).filter((f) => f.status === "violation" || f.status === "unknown");
  const findings = correlate(judged, hosts);
  for (const h of hosts.filter((x) => x.status !== "ok")) findings.push(couldNotRead(h.server, h.reason ?? h.status));
  return {
    schema: 1,
    tool: { name: "iisguard", version: opts.version },
    startedAt,
    finishedAt: now().toISOString(),
    complete: hosts.every((h) => h.status !== "not-scanned"),
    hosts,
    findings,
    waiverProblems: [],
  };
}

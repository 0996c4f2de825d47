// `iisguard scan`: read the inventory, collect from every host concurrently, evaluate, compare
// with a baseline, apply waivers, and render the report in every format asked for.
import * as fs from "fs";
import { version } from "../../package.json";
import { FORMATS, type FormatName } from "../../core/report";
import { parseJsonReport } from "../../core/report/json";
import { atLeast, compareWithBaseline, missingFromInventory, summarize, type ScanReport } from "../../core/report/scan-report";
import type { Severity } from "../../core/rule";
import { applyWaivers, type ParsedWaivers } from "../../core/waivers";
import type { Collector } from "../../remote/collector";
import { InventoryError, inventoryFromStackExport, inventoryFromYaml, shardOf, type Inventory } from "../../remote/inventory";
import { scan } from "../../remote/scan";
import type { HostResult } from "../../core/report/scan-report";
import type { ProbeOptions } from "../../remote/http-probe";
import { UsageError } from "../errors";

export interface ScanCommandOptions {
  inventory?: string;
  stackExport?: string;
  concurrency: number;
  shard?: { index: number; count: number };
  baseline?: string;
  waivers?: ParsedWaivers;
  failOn: Severity;
  signal?: AbortSignal;
  onHostDone?: (result: HostResult, done: number, total: number) => void;
  onStart?: (total: number) => void;
  probe?: ProbeOptions;
  /** A partial report of an earlier run: its hosts that were read are kept, the others scanned. */
  resume?: string;
  /** Declared servers the inventory does not list are expected: reported, but the scan is not incomplete for them. */
  allowNotInInventory?: boolean;
}

export interface ScanOutcome {
  report: ScanReport;
  /** 0 clean · 1 findings at or above --fail-on · 2 waiver problems · 3 incomplete (a host unread, an unknown outcome, a declared server not in the inventory). */
  exitCode: 0 | 1 | 2 | 3;
}

/** Where the hosts come from: exactly one of an inventory and a stack export (checked before anything is read). */
export function requireOneInventory(opts: Pick<ScanCommandOptions, "inventory" | "stackExport">): void {
  if (!!opts.inventory === !!opts.stackExport) throw new UsageError("pass exactly one of --inventory <file.yaml> and --stack-export <file.json>");
}

export function loadInventory(opts: Pick<ScanCommandOptions, "inventory" | "stackExport">): Inventory {
  requireOneInventory(opts);
  try {
    return opts.inventory ? inventoryFromYaml(opts.inventory) : inventoryFromStackExport(opts.stackExport!);
  } catch (e) {
    if (e instanceof InventoryError) throw new UsageError(e.message);
    throw e;
  }
}

export function exitCodeOf(report: ScanReport, failOn: Severity): ScanOutcome["exitCode"] {
  if (report.waiverProblems.length > 0) return 2;
  const open = report.findings.filter((f) => !f.waiver && f.status === "violation");
  if (open.some((f) => atLeast(f.severity, failOn))) return 1;
  const s = summarize(report);
  return s.unknown > 0 || s.hostsFailed > 0 || !report.complete || missingFromInventory(report).length > 0 ? 3 : 0;
}

export async function scanCommand(opts: ScanCommandOptions, collector: Collector): Promise<ScanOutcome> {
  const inventory = loadInventory(opts);
  const targets = opts.shard ? shardOf(inventory.targets, opts.shard.index, opts.shard.count) : inventory.targets;
  if (inventory.targets.length === 0) throw new UsageError(`${opts.inventory ?? opts.stackExport}: no hosts to scan`);
  const baseline = opts.baseline ? readBaseline(opts.baseline, "--baseline") : undefined;
  const earlier = opts.resume ? readBaseline(opts.resume, "--resume") : undefined;
  if (earlier) checkResumeMatches(earlier, targets, opts.resume!);
  const kept = new Set((earlier?.hosts ?? []).filter((h) => h.status === "ok").map((h) => h.server.toLowerCase()));
  const toScan = targets.filter((t) => !kept.has(t.server.toLowerCase()));
  opts.onStart?.(toScan.length);
  let report = await scan({ targets: toScan, declared: inventory.declared, proxyUserSids: inventory.proxyUserSids }, collector, {
    concurrency: opts.concurrency,
    signal: opts.signal,
    onHostDone: opts.onHostDone,
    version,
    ...(opts.probe ? { probe: opts.probe } : {}),
  });
  if (earlier) report = resumed(report, earlier, targets.map((t) => t.server), kept);
  if (opts.shard) report.shard = `${opts.shard.index}/${opts.shard.count}`;
  // A shard reports only its own share of the unlisted servers, hashed as hosts are, so merged shards list each once.
  const notListed = opts.shard ? shardOf(inventory.notInInventory.map((server) => ({ server })), opts.shard.index, opts.shard.count).map((t) => t.server) : inventory.notInInventory;
  if (notListed.length > 0) report.notInInventory = { servers: notListed, allowed: !!opts.allowNotInInventory };
  if (opts.waivers) {
    const { findings, problems } = applyWaivers(report.findings, opts.waivers, new Date());
    report = { ...report, findings, waiverProblems: problems };
  }
  if (baseline) report = compareWithBaseline(report, baseline);
  return { report, exitCode: exitCodeOf(report, opts.failOn) };
}

function readBaseline(file: string, flag: string): ScanReport {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot read: ${(e as Error).message}`);
  }
  try {
    return parseJsonReport(text, file);
  } catch (e) {
    throw new UsageError(`${flag} ${(e as Error).message}`);
  }
}

/**
 * A --resume file continues a run of the same inventory (and shard): a host this run would not
 * scan is refused, not copied into the report as if it had been read now.
 */
function checkResumeMatches(earlier: ScanReport, targets: { server: string }[], file: string): void {
  const ours = new Set(targets.map((t) => t.server.toLowerCase()));
  const foreign = earlier.hosts.filter((h) => !ours.has(h.server.toLowerCase())).map((h) => h.server);
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 5).map((s) => JSON.stringify(s)).join(", ");
  throw new UsageError(
    `--resume ${file}: ${foreign.length} host${foreign.length === 1 ? " is" : "s are"} not in this scan's inventory: ${shown}${foreign.length > 5 ? ", …" : ""}; resume a report of the same inventory and shard`,
  );
}

/** The earlier run's hosts that were read, with their findings, joined with this run's, in inventory order. */
function resumed(now: ScanReport, earlier: ScanReport, order: string[], kept: Set<string>): ScanReport {
  const ofKept = (target: string) => kept.has(target.split("/")[0].toLowerCase());
  const hosts = [...earlier.hosts.filter((h) => kept.has(h.server.toLowerCase())), ...now.hosts];
  const position = new Map(order.map((s, i) => [s.toLowerCase(), i]));
  hosts.sort((a, b) => (position.get(a.server.toLowerCase()) ?? 0) - (position.get(b.server.toLowerCase()) ?? 0));
  return {
    ...now,
    startedAt: earlier.startedAt,
    hosts,
    findings: [...earlier.findings.filter((f) => ofKept(f.target)).map(({ baseline: _b, ...f }) => f), ...now.findings],
  };
}

export function renderAll(report: ScanReport, formats: FormatName[]): { format: FormatName; extension: string; text: string }[] {
  return formats.map((format) => ({ format, extension: FORMATS[format].extension, text: FORMATS[format].render(report) }));
}

// `iisguard scan`: its flags, and the plain function they feed — read the inventory, collect from
// every host concurrently, evaluate, compare with a baseline, apply waivers. Rendering and exit
// codes are the caller's (cli/main.ts for the process; the demo and tests call scanCommand).
import { Command, Option } from "commander";
import * as fs from "fs";
import { version } from "../../package.json";
import { FORMATS, renderFormats, type FormatName } from "../../core/report";
import { compareWithBaseline, SEVERITIES, type HostResult, type ScanReport } from "../../core/report/scan-report";
import type { Severity } from "../../core/rule";
import { applyWaivers, type ParsedWaivers } from "../../core/waivers";
import { nameKey } from "../../core/names";
import { SshCollector, type Collector } from "../../remote/collector";
import type { ProbeOptions } from "../../remote/http-probe";
import { InventoryError, inventoryFromStackExport, inventoryFromYaml, shardOf, type Inventory } from "../../remote/inventory";
import { scan, type LogOptions } from "../../remote/scan";
import { LOG_DEFAULTS, SSH_DEFAULTS } from "../../remote/ssh-defaults";
import { UsageError } from "../errors";
import { formatList, int, logByteCap, logWindowHours, ms, shard } from "../options";
import { checkOutputTarget } from "../output-target";
import { writeReports } from "../report-output";
import { exitCodeOf, type ScanExitCode } from "../scan-exit-code";
import { watchScan } from "../scan-interrupts";
import { checkResumeMatches, readReportFile, resumed } from "../scan-resume";
import { collectorOptions, defaultKnownHosts, PASSPHRASE_ENV } from "../ssh-config";
import { readWaiverFile } from "../waiver-file";

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
  /** Log evidence to read on each host (--log-window, --log-bytes, --no-logs); default LOG_DEFAULTS. */
  logs?: LogOptions;
  /** Declared servers the inventory does not list are expected: reported, but the scan is not incomplete for them. */
  allowNotInInventory?: boolean;
}

export interface ScanOutcome {
  report: ScanReport;
  exitCode: ScanExitCode;
}

/** Where the hosts come from: exactly one of an inventory and a stack export (checked before anything is read). */
export function requireOneInventory(opts: Pick<ScanCommandOptions, "inventory" | "stackExport">): void {
  if (!!opts.inventory === !!opts.stackExport)
    throw new UsageError("pass exactly one of --inventory <file.yaml> and --stack-export <file.json>");
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

export async function scanCommand(opts: ScanCommandOptions, collector: Collector): Promise<ScanOutcome> {
  const inventory = loadInventory(opts);
  const targets = opts.shard ? shardOf(inventory.targets, opts.shard.index, opts.shard.count) : inventory.targets;
  if (inventory.targets.length === 0) throw new UsageError(`${opts.inventory ?? opts.stackExport}: no hosts to scan`);
  const baseline = opts.baseline ? readReportFile(opts.baseline, "--baseline") : undefined;
  const earlier = opts.resume ? readReportFile(opts.resume, "--resume") : undefined;
  if (earlier) checkResumeMatches(earlier, targets, opts.resume!);
  const kept = new Set((earlier?.hosts ?? []).filter((h) => h.status === "ok").map((h) => nameKey(h.server)));
  const toScan = targets.filter((t) => !kept.has(nameKey(t.server)));
  opts.onStart?.(toScan.length);
  let report = await scan({ targets: toScan, declared: inventory.declared, proxyUserSids: inventory.proxyUserSids }, collector, {
    concurrency: opts.concurrency,
    signal: opts.signal,
    onHostDone: opts.onHostDone,
    version,
    ...(opts.probe ? { probe: opts.probe } : {}),
    ...(opts.logs ? { logs: opts.logs } : {}),
  });
  if (earlier)
    report = resumed(
      report,
      earlier,
      targets.map((t) => t.server),
      kept,
    );
  if (opts.shard) report.shard = `${opts.shard.index}/${opts.shard.count}`;
  // A shard reports only its own share of the unlisted servers, hashed as hosts are, so merged shards list each once.
  const notListed = opts.shard
    ? shardOf(
        inventory.notInInventory.map((server) => ({ server })),
        opts.shard.index,
        opts.shard.count,
      ).map((t) => t.server)
    : inventory.notInInventory;
  if (notListed.length > 0) report.notInInventory = { servers: notListed, allowed: !!opts.allowNotInInventory };
  if (opts.waivers) {
    const { findings, problems } = applyWaivers(report.findings, opts.waivers, new Date());
    report = { ...report, findings, waiverProblems: problems };
  }
  if (baseline) report = compareWithBaseline(report, baseline);
  return { report, exitCode: exitCodeOf(report, opts.failOn) };
}

/** The scan's default budgets in milliseconds (the benchmark scans with them too). */
export const SCAN_TIMEOUTS = {
  connectTimeout: SSH_DEFAULTS.connectTimeoutMs,
  commandTimeout: SSH_DEFAULTS.commandTimeoutMs,
  hostTimeout: SSH_DEFAULTS.hostTimeoutMs,
} as const;

const scanFormats = formatList(FORMATS);
export const extensionsOf = (list: FormatName[]): string[] => list.map((f) => FORMATS[f].extension);

function readCaBundle(file: string): Buffer {
  try {
    const pem = fs.readFileSync(file);
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new Error("no PEM certificate in it");
    return pem;
  } catch (e) {
    throw new UsageError(`--ca-bundle ${file}: ${(e as Error).message}`);
  }
}

function scanFlags(command: Command): Command {
  return command
    .option("--inventory <file>", "YAML inventory of hosts (may point at a stack export)")
    .option("--stack-export <file>", "`pulumi stack export` output: scan the servers its iisguard Sites and Hosts declare")
    .option("-u, --user <name>", "SSH user", process.env.IISGUARD_SSH_USER ?? "iisguard")
    .option("-i, --identity <file>", `private key; an encrypted key's passphrase is read from ${PASSPHRASE_ENV}`)
    .option("--agent", "authenticate with the SSH agent at SSH_AUTH_SOCK", false)
    .option("--known-hosts <file>", "OpenSSH known_hosts used to verify host keys", defaultKnownHosts())
    .option("--accept-new-host-keys", "record keys of hosts absent from known_hosts (a changed key is still refused)", false)
    .option("--bastion <[user@]host[:port]>", "reach every host through this jump host")
    .option("-c, --concurrency <n>", "hosts collected at once", int("--concurrency", 1), 32)
    .option("--connect-timeout <ms>", "TCP + SSH handshake budget", ms("--connect-timeout"), SCAN_TIMEOUTS.connectTimeout)
    .option("--command-timeout <ms>", "budget for the collection command", ms("--command-timeout"), SCAN_TIMEOUTS.commandTimeout)
    .option("--host-timeout <ms>", "budget for a whole host", ms("--host-timeout"), SCAN_TIMEOUTS.hostTimeout)
    .option("--max-output <bytes>", "largest answer accepted from a host", int("--max-output", 1024), SSH_DEFAULTS.maxOutputBytes)
    .option("-f, --format <list>", `comma-separated: ${Object.keys(FORMATS).join(", ")}`, scanFormats, ["text"] as FormatName[])
    .option("-o, --output <dir>", "write every format to this directory (atomically) instead of stdout")
    .option("--name <basename>", "file name of the reports in --output", "iisguard-scan")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when an unwaived violation is at least this severe").choices(SEVERITIES).default("low"),
    )
    .option("--baseline <file>", "previous JSON report: mark findings new or existing, list resolved ones")
    .option("--waivers <file>", "YAML or JSON list of {rule, target, reason, expires?}")
    .option("--resume <file>", "JSON report of an interrupted run: keep the hosts it read, scan the rest")
    .option("--shard <i/n>", "scan only shard i of n (hosts split by name hash)", shard)
    .option("--probe", "also send an unauthenticated request to every binding and application: the schemes clients meet", false)
    .option("--probe-timeout <ms>", "budget per probe request", ms("--probe-timeout"), 5000)
    .option("--ca-bundle <file>", "PEM bundle of the internal CAs that sign the sites' certificates (for --probe)")
    .option(
      "--log-window <duration>",
      "read each site's W3C logs last written within this long (30m, 24h, 7d) for 401 evidence",
      logWindowHours,
      LOG_DEFAULTS.windowHours,
    )
    .option("--log-bytes <size>", "bytes of log read per site, newest first (16MiB, 512k, 1G)", logByteCap, LOG_DEFAULTS.byteCapPerSite)
    .option("--no-logs", "read no logs")
    .option(
      "--allow-not-in-inventory",
      "servers the inventory's stackExport declares but its hosts do not list are expected: still reported, but not an incomplete scan (exit 3)",
      false,
    )
    .option("--no-progress", "no progress bar even on a terminal");
}

export function registerScanCommand(program: Command, setExitCode: (code: number) => void): void {
  scanFlags(
    program
      .command("scan")
      .description("collect what is deployed on every host over SSH, run the rules on it and report drift and 401 risks"),
  ).action(async (o) => {
    requireOneInventory(o);
    if (o.output) checkOutputTarget(o.output, o.name, extensionsOf(o.format));
    const collector = new SshCollector(
      collectorOptions({
        user: o.user,
        identity: o.identity,
        agent: o.agent,
        knownHosts: o.knownHosts,
        acceptNewHostKeys: o.acceptNewHostKeys,
        bastion: o.bastion,
        connectTimeout: o.connectTimeout,
        commandTimeout: o.commandTimeout,
        hostTimeout: o.hostTimeout,
        maxOutputBytes: o.maxOutput,
      }),
    );
    const waivers = o.waivers ? { waivers: readWaiverFile(o.waivers), problems: [] } : undefined;
    const probe = o.probe ? { timeoutMs: o.probeTimeout, ...(o.caBundle ? { ca: readCaBundle(o.caBundle) } : {}) } : undefined;
    const watch = watchScan(o.progress);
    try {
      const { report, exitCode } = await scanCommand(
        {
          inventory: o.inventory,
          stackExport: o.stackExport,
          concurrency: o.concurrency,
          shard: o.shard,
          baseline: o.baseline,
          resume: o.resume,
          waivers,
          failOn: o.failOn as Severity,
          probe,
          logs: { windowHours: o.logWindow, byteCap: o.logs ? o.logBytes : 0 },
          allowNotInInventory: o.allowNotInInventory,
          signal: watch.signal,
          onStart: watch.onStart,
          onHostDone: watch.onHostDone,
        },
        collector,
      );
      watch.close();
      writeReports(renderFormats(report, o.format), o.output, o.name);
      setExitCode(exitCode);
    } finally {
      watch.close();
    }
  });
}

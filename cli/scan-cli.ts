// Flags of `iisguard scan` and `iisguard merge`, turned into the plain command functions' options.
import { Command, InvalidArgumentError, Option } from "commander";
import { SingleBar } from "cli-progress";
import * as fs from "fs";
import * as path from "path";
import { FORMATS, type FormatName } from "../core/report";
import { SEVERITIES } from "../core/report/scan-report";
import type { Severity } from "../core/rule";
import { SshCollector } from "../remote/collector";
import { mergeReports } from "./commands/merge";
import { UsageError } from "./errors";
import { exitCodeOf, renderAll, requireOneInventory, scanCommand } from "./commands/scan";
import { collectorOptions, defaultKnownHosts, PASSPHRASE_ENV } from "./ssh-config";
import { readWaiverFile } from "./waiver-file";
import { checkOutputTarget } from "./output-target";
import { writeAtomic } from "./write-atomic";
import { SSH_DEFAULTS } from "../remote/ssh-defaults";

const int = (name: string, min: number, max = Number.MAX_SAFE_INTEGER) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return n;
};
/**
 * Node's timers take at most 2^31 - 1 ms (about 24.8 days); a longer delay is set to 1 ms with a
 * TimeoutOverflowWarning (https://nodejs.org/api/timers.html#settimeoutcallback-delay-args), which
 * would time every host out at once.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;
const ms = (name: string) => int(name, 1, MAX_TIMER_MS);
function formats(value: string): FormatName[] {
  const list = value.split(",").map((f) => f.trim()).filter((f) => f !== "");
  for (const f of list) if (!(f in FORMATS)) throw new InvalidArgumentError(`unknown format ${JSON.stringify(f)} (known: ${Object.keys(FORMATS).join(", ")})`);
  return list as FormatName[];
}
function shard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n, got ${JSON.stringify(value)}`);
  return { index, count };
}

const extensionsOf = (list: FormatName[]): string[] => list.map((f) => FORMATS[f].extension);

/** Writes each rendered format to `<dir>/<name>.<ext>`; without a directory, the first goes to stdout. */
function emit(rendered: ReturnType<typeof renderAll>, outputDir: string | undefined, name: string): void {
  if (!outputDir) return void process.stdout.write(rendered[0].text);
  for (const r of rendered) writeAtomic(path.join(outputDir, `${name}.${r.extension}`), r.text);
  process.stderr.write(`reports written to ${outputDir}: ${rendered.map((r) => `${name}.${r.extension}`).join(", ")}\n`);
}

function readCaBundle(file: string): Buffer {
  try {
    const pem = fs.readFileSync(file);
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) throw new Error("no PEM certificate in it");
    return pem;
  } catch (e) {
    throw new UsageError(`--ca-bundle ${file}: ${(e as Error).message}`);
  }
}

/** The scan's default budgets in milliseconds (the benchmark scans with them too). */
export const SCAN_TIMEOUTS = { connectTimeout: SSH_DEFAULTS.connectTimeoutMs, commandTimeout: SSH_DEFAULTS.commandTimeoutMs, hostTimeout: SSH_DEFAULTS.hostTimeoutMs } as const;

export function registerScanCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("scan")
    .description("collect what is deployed on every host over SSH, run the rules on it and report drift and 401 risks")
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
    .option("-f, --format <list>", `comma-separated: ${Object.keys(FORMATS).join(", ")}`, formats, ["text"] as FormatName[])
    .option("-o, --output <dir>", "write every format to this directory (atomically) instead of stdout")
    .option("--name <basename>", "file name of the reports in --output", "iisguard-scan")
    .addOption(new Option("--fail-on <severity>", "exit 1 when an unwaived violation is at least this severe").choices(SEVERITIES).default("low"))
    .option("--baseline <file>", "previous JSON report: mark findings new or existing, list resolved ones")
    .option("--waivers <file>", "YAML or JSON list of {rule, target, reason, expires?}")
    .option("--resume <file>", "JSON report of an interrupted run: keep the hosts it read, scan the rest")
    .option("--shard <i/n>", "scan only shard i of n (hosts split by name hash)", shard)
    .option("--allow-not-in-inventory", "servers the inventory's stackExport declares but its hosts do not list are expected: still reported, but not an incomplete scan (exit 3)", false)
    .option("--probe", "also send an unauthenticated request to every binding and application: the schemes clients meet", false)
    .option("--probe-timeout <ms>", "budget per probe request", ms("--probe-timeout"), 5000)
    .option("--ca-bundle <file>", "PEM bundle of the internal CAs that sign the sites' certificates (for --probe)")
    .option("--no-progress", "no progress bar even on a terminal")
    .action(async (o) => {
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
      const abort = new AbortController();
      let interrupts = 0;
      const onSignal = (signal: NodeJS.Signals) => {
        if (++interrupts > 1) process.exit(130);
        process.stderr.write(`\n${signal}: finishing the hosts in progress and writing a partial report (again to quit at once)\n`);
        abort.abort();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      const bar = o.progress && process.stderr.isTTY ? new SingleBar({ format: "scanning {bar} {value}/{total} hosts | {failed} failed | {eta_formatted} left", stream: process.stderr, hideCursor: true }) : undefined;
      let failed = 0;
      try {
        const { report, exitCode } = await scanCommand(
          {
            inventory: o.inventory,
            stackExport: o.stackExport,
            concurrency: o.concurrency,
            shard: o.shard,
            baseline: o.baseline,
            resume: o.resume,
            allowNotInInventory: o.allowNotInInventory,
            waivers,
            failOn: o.failOn as Severity,
            probe,
            signal: abort.signal,
            onStart: (total) => bar?.start(total, 0, { failed: 0 }),
            onHostDone: (result, done) => {
              if (result.status !== "ok") failed++;
              bar?.update(done, { failed });
            },
          },
          collector,
        );
        bar?.stop();
        emit(renderAll(report, o.format), o.output, o.name);
        setExitCode(exitCode);
      } finally {
        bar?.stop();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });

  program
    .command("merge")
    .description("join the JSON reports of a sharded scan")
    .argument("<reports...>", "JSON reports of the shards")
    .option("-f, --format <list>", `comma-separated: ${Object.keys(FORMATS).join(", ")}`, formats, ["json"] as FormatName[])
    .option("-o, --output <dir>", "write every format to this directory instead of stdout")
    .option("--name <basename>", "file name of the reports in --output", "iisguard-scan")
    .addOption(new Option("--fail-on <severity>", "exit 1 when an unwaived violation is at least this severe").choices(SEVERITIES).default("low"))
    .action((files: string[], o) => {
      if (o.output) checkOutputTarget(o.output, o.name, extensionsOf(o.format));
      const report = mergeReports(files);
      emit(renderAll(report, o.format), o.output, o.name);
      setExitCode(exitCodeOf(report, o.failOn as Severity));
    });
}


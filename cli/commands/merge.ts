// `iisguard merge`: join the JSON reports of a sharded scan into one report.
import { Command, Option } from "commander";
import * as fs from "fs";
import { FORMATS, renderFormats, type FormatName } from "../../core/report";
import type { Severity } from "../../core/rule";
import { parseJsonReport } from "../../core/report/json";
import { SEVERITIES, type ScanReport } from "../../core/report/scan-report";
import { UsageError } from "../errors";
import { nameKey } from "../../core/names";
import { formatList } from "../options";
import { checkOutputTarget } from "../output-target";
import { writeReports } from "../report-output";
import { exitCodeOf } from "../scan-exit-code";

export function mergeReports(files: string[]): ScanReport {
  if (files.length === 0) throw new UsageError("merge: pass the JSON reports of the shards");
  const reports = files.map((f) => {
    try {
      return parseJsonReport(fs.readFileSync(f, "utf8"), f);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  });
  const seen = new Map<string, string>();
  for (const [i, r] of reports.entries()) {
    for (const h of r.hosts) {
      const other = seen.get(nameKey(h.server));
      if (other) throw new UsageError(`merge: host ${h.server} is in both ${other} and ${files[i]}: shards must not overlap`);
      seen.set(nameKey(h.server), files[i]);
    }
  }
  const times = reports.flatMap((r) => [r.startedAt, r.finishedAt]).sort();
  return {
    schema: 1,
    tool: reports[0].tool,
    startedAt: times[0],
    finishedAt: times[times.length - 1],
    complete: reports.every((r) => r.complete),
    hosts: reports.flatMap((r) => r.hosts),
    findings: reports.flatMap((r) => r.findings),
    ...(reports.some((r) => r.resolved) ? { resolved: reports.flatMap((r) => r.resolved ?? []) } : {}),
    waiverProblems: mergeWaiverProblems(reports),
    ...mergeNotInInventory(reports),
  };
}

/**
 * Each shard lists its own share of the declared servers the inventory leaves out; a server named
 * by two reports (the same shard merged twice) is listed once. Allowed only if every shard allowed it.
 */
function mergeNotInInventory(reports: ScanReport[]): Pick<ScanReport, "notInInventory"> {
  const listed = reports.filter((r) => r.notInInventory);
  if (listed.length === 0) return {};
  const servers = new Map<string, string>();
  for (const r of listed) for (const s of r.notInInventory!.servers) if (!servers.has(nameKey(s))) servers.set(nameKey(s), s);
  return { notInInventory: { servers: [...servers.values()], allowed: listed.every((r) => r.notInInventory!.allowed) } };
}

/** A waiver unused in one shard may be used in another: it is unused only if every shard says so. */
function mergeWaiverProblems(reports: ScanReport[]): ScanReport["waiverProblems"] {
  const all = reports.flatMap((r) => r.waiverProblems);
  const unique = new Map(all.map((p) => [`${p.kind}|${p.where}`, p]));
  return [...unique.values()].filter(
    (p) => p.kind !== "unused" || reports.every((r) => r.waiverProblems.some((q) => q.kind === "unused" && q.where === p.where)),
  );
}

export function registerMergeCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("merge")
    .description("join the JSON reports of a sharded scan")
    .argument("<reports...>", "JSON reports of the shards")
    .option("-f, --format <list>", `comma-separated: ${Object.keys(FORMATS).join(", ")}`, formatList(FORMATS), ["json"] as FormatName[])
    .option("-o, --output <dir>", "write every format to this directory instead of stdout")
    .option("--name <basename>", "file name of the reports in --output", "iisguard-scan")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when an unwaived violation is at least this severe").choices(SEVERITIES).default("low"),
    )
    .action((files: string[], o) => {
      const formats = o.format as FormatName[];
      if (o.output)
        checkOutputTarget(
          o.output,
          o.name,
          formats.map((f) => FORMATS[f].extension),
        );
      const report = mergeReports(files);
      writeReports(renderFormats(report, formats), o.output, o.name);
      setExitCode(exitCodeOf(report, o.failOn as Severity));
    });
}

// `iisguard merge`: join the JSON reports of a sharded scan into one report.
import * as fs from "fs";
import { parseJsonReport } from "../../core/report/json";
import type { ScanReport } from "../../core/report/scan-report";
import { UsageError } from "../errors";
import { hostNameKey } from "../../core/iis/host-names";

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
      const other = seen.get(h.server.toLowerCase());
      if (other) throw new UsageError(`merge: host ${h.server} is in both ${other} and ${files[i]}: shards must not overlap`);
      seen.set(h.server.toLowerCase(), files[i]);
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
  for (const r of listed) for (const s of r.notInInventory!.servers) if (!servers.has(hostNameKey(s))) servers.set(hostNameKey(s), s);
  return { notInInventory: { servers: [...servers.values()], allowed: listed.every((r) => r.notInInventory!.allowed) } };
}

/** A waiver unused in one shard may be used in another: it is unused only if every shard says so. */
function mergeWaiverProblems(reports: ScanReport[]): ScanReport["waiverProblems"] {
  const all = reports.flatMap((r) => r.waiverProblems);
  const unique = new Map(all.map((p) => [`${p.kind}|${p.where}`, p]));
  return [...unique.values()].filter((p) => p.kind !== "unused" || reports.every((r) => r.waiverProblems.some((q) => q.kind === "unused" && q.where === p.where)));
}

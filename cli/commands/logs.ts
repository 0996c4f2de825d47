// `iisguard logs <files or folders…>`: what the servers' own W3C logs say about 401s, offline.
// Files are streamed (constant memory in their size); one analysis per log folder (a site), joined.
import type { Command } from "commander";
import * as path from "path";
import { W3CAnalyzer, DEFAULTS } from "../../core/logs/analyzer";
import { mergeEvidence, type LogEvidence } from "../../core/logs/evidence";
import { NewestEntry } from "../../core/logs/newest-entry";
import { LOG_FORMATS, LOG_RENDERERS, type LogFormat, type LogsReport } from "../../core/logs/render";
import { readStackExport } from "../../remote/inventory";
import { UsageError } from "../errors";
import { discoverLogFiles, streamLines, type LogFile } from "../log-files";
import { checkOutputTarget } from "../output-target";
import { iisguardPackage } from "../package-root";
import { writeReports } from "../report-output";
import { duration, formatList, int, isoTime } from "../options";

export interface LogsOptions {
  inputs: string[];
  /** Window length in ms, ending at `untilMs` or at the newest entry. */
  windowMs?: number;
  untilMs?: number;
  applications?: string[];
  stackExport?: string;
  handshakeWithinMs?: number;
}

/** Application paths declared in a stack export, for attribution (every declared site's applications). */
function applicationsOf(stackExport: string): string[] {
  let declared;
  try {
    ({ declared } = readStackExport(stackExport));
  } catch (e) {
    throw new UsageError(`--stack-export ${stackExport}: ${(e as Error).message}`);
  }
  return declared.sites.flatMap((s) => s.applications.map((a) => a.path));
}

const byFolder = (files: LogFile[]): LogFile[][] => {
  const out = new Map<string, LogFile[]>();
  for (const f of files) out.set(f.folder, [...(out.get(f.folder) ?? []), f]);
  return [...out.values()];
};

/** The newest entry among the last file of every folder (the files are in time order). */
async function newestEntryMs(folders: LogFile[][]): Promise<number> {
  let newest = -Infinity;
  for (const files of folders) {
    const finder = new NewestEntry();
    await streamLines(files[files.length - 1].path, finder, DEFAULTS.maxLineLength);
    newest = Math.max(newest, finder.newestMs);
  }
  if (!Number.isFinite(newest))
    throw new UsageError("--window: no dated entry in the newest files to measure the window from; pass --until");
  return newest;
}

export async function logsCommand(o: LogsOptions): Promise<{ report: LogsReport; exitCode: number }> {
  const files = discoverLogFiles(o.inputs);
  const folders = byFolder(files);
  const applications = [...(o.applications ?? []), ...(o.stackExport ? applicationsOf(o.stackExport) : [])];
  let window: { fromMs: number; toMs: number } | undefined;
  if (o.windowMs !== undefined) {
    const toMs = o.untilMs ?? (await newestEntryMs(folders));
    window = { fromMs: toMs - o.windowMs, toMs };
  } else if (o.untilMs !== undefined) window = { fromMs: 0, toMs: o.untilMs };
  const parts: LogEvidence[] = [];
  for (const folder of folders) {
    const analyzer = new W3CAnalyzer({ window, applications, site: folder[0].site, handshakeWithinMs: o.handshakeWithinMs });
    for (const file of folder) {
      analyzer.beginFile(path.relative(process.cwd(), file.path) || file.path);
      await streamLines(file.path, analyzer, DEFAULTS.maxLineLength);
    }
    parts.push(analyzer.result());
  }
  const evidence = mergeEvidence(parts);
  const report: LogsReport = {
    tool: { name: "iisguard", version: iisguardPackage().version },
    files: files.map((f) => ({ path: f.path, site: f.site ?? "(s-sitename)" })),
    evidence,
  };
  return { report, exitCode: evidence.groups.some((g) => g.unresolved.count > 0) ? 1 : 0 };
}

export function registerLogsCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("logs")
    .description(
      "read IIS W3C logs offline: unresolved 401s by site, application, substatus and win32 status, apart from the normal handshake",
    )
    .argument("<paths...>", "W3C log files, or folders searched recursively for *.log (W3SVC<id> folders name the site)")
    .option(
      "--window <duration>",
      "only entries in this window (90m, 24h, 7d), ending at --until or the newest entry",
      duration("--window"),
    )
    .option("--until <time>", "end of the window, ISO 8601 (default: the newest entry)", isoTime("--until"))
    .option("--applications <paths>", "comma-separated application paths, for attribution by longest prefix", (v: string) =>
      v
        .split(",")
        .map((p) => p.trim())
        .filter((p) => p !== ""),
    )
    .option("--stack-export <file>", "`pulumi stack export` output: attribute to the applications its iisguard Sites declare")
    .option(
      "--handshake-within <seconds>",
      "a success this soon after a 401, for the same client, makes it a handshake",
      int("--handshake-within", 1, 86_400),
    )
    .option("-f, --format <list>", `comma-separated: ${Object.keys(LOG_FORMATS).join(", ")}`, formatList(LOG_FORMATS), [
      "text",
    ] as LogFormat[])
    .option("-o, --output <dir>", "write every format to this directory (atomically) instead of stdout")
    .option("--name <basename>", "file name of the reports in --output", "iisguard-logs")
    .action(async (inputs: string[], o) => {
      const list = o.format as LogFormat[];
      if (o.output)
        checkOutputTarget(
          o.output,
          o.name,
          list.map((f) => LOG_FORMATS[f]),
        );
      const { report, exitCode } = await logsCommand({
        inputs,
        windowMs: o.window,
        untilMs: o.until,
        applications: o.applications,
        stackExport: o.stackExport,
        handshakeWithinMs: o.handshakeWithin === undefined ? undefined : o.handshakeWithin * 1000,
      });
      writeReports(
        list.map((f) => ({ extension: LOG_FORMATS[f], text: LOG_RENDERERS[f](report) })),
        o.output,
        o.name,
      );
      setExitCode(exitCode);
    });
}

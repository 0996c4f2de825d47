// `iisguard logs` against GoAccess on the same generated IIS W3C log, in the same run: MB/s, lines/s,
// peak RSS (GNU time, children included). Part of `npm run bench`; alone:
//   node -r ./preview/register.js bench/log-analysis.ts [--size-mb 1024] [--runs 1]
// The log is deterministic (a fixed-seed generator): Windows authentication handshakes
// (401 2 5, 401 1 2148074254, 200), unresolved 401.1 × 1326, authenticated 200s and 304s, with long
// browser user agents, in IIS's default field order, which GoAccess's predefined W3C format reads.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { median, progress, ROOT, round } from "./measure";
import { runPeer } from "./peer-process";

export interface LogBenchRow {
  tool: "iisguard logs" | "goaccess";
  sizeMb: number;
  lines: number;
  wallMs: number;
  mbPerS: number;
  linesPerS: number;
  peakRssMb: number | string;
  cpuMs: number | string;
  /** What the tool reported, to show both read the same file. */
  counted: string;
}

const FIELDS =
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
const AGENTS = [
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/131.0.0.0+Safari/537.36+Edg/131.0.2903.86",
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64;+rv:133.0)+Gecko/20100101+Firefox/133.0",
  "Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+.NET4.0C;+.NET4.0E;+.NET+CLR+2.0.50727;+.NET+CLR+3.0.30729;+.NET+CLR+3.5.30729;+Microsoft+Outlook+16.0.17928;+ms-office;+MSOffice+16)",
  "Mozilla/5.0+(Macintosh;+Intel+Mac+OS+X+10_15_7)+AppleWebKit/605.1.15+(KHTML,+like+Gecko)+Version/18.1+Safari/605.1.15",
];
const STEMS = [
  "/PM/helpdesk/default.aspx",
  "/PM/helpdesk/tickets.aspx",
  "/PM/admin/users.aspx",
  "/PM/selfservice/reset.aspx",
  "/PM/helpdesk/scripts/app.js",
  "/PM/helpdesk/styles/site.css",
];

/** Writes a deterministic W3C log of about `bytes` bytes; returns its line count and 401 mix. */
export function generateW3CLog(file: string, bytes: number): { lines: number; unresolved: number; handshake401s: number } {
  let seed = 0x1405;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
  const fd = fs.openSync(file, "w");
  let written = 0;
  let lines = 0;
  let unresolved = 0;
  let handshake401s = 0;
  let t = Date.UTC(2026, 10, 21);
  const chunk: string[] = [];
  const flush = () => {
    const text = chunk.join("");
    chunk.length = 0;
    fs.writeSync(fd, text);
    written += Buffer.byteLength(text);
  };
  chunk.push(`#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Date: 2026-11-21 00:00:00\n#Fields: ${FIELDS}\n`);
  let pending = 0; // characters in `chunk`, all ASCII: bytes
  while (written + pending < bytes) {
    for (let i = 0; i < 4000 && written + pending < bytes; i++) {
      t += 1 + Math.floor(next() * 150);
      const iso = new Date(t).toISOString();
      const at = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
      const ip = `10.${Math.floor(next() * 20)}.${Math.floor(next() * 250)}.${1 + Math.floor(next() * 250)}`;
      const agent = pick(AGENTS);
      const stem = pick(STEMS);
      const line = (user: string, status: number, sub: number, win32: number) =>
        `${at} 10.40.1.4 GET ${stem} - 443 ${user} ${ip} ${agent} https://pm.corp.example.com/PM/ ${status} ${sub} ${win32} ${1 + Math.floor(next() * 400)}\n`;
      const r = next();
      const before = chunk.length;
      if (r < 0.45) {
        chunk.push(line("-", 401, 2, 5), line("-", 401, 1, 2148074254), line(`CORP\\user${Math.floor(next() * 5000)}`, 200, 0, 0));
        lines += 3;
        handshake401s += 2;
      } else if (r < 0.5) {
        // Clients that fail come from their own range: no request of another kind shares their
        // client key, so the generator knows exactly which 401s are unresolved.
        const failing = `172.16.${Math.floor(next() * 250)}.${1 + Math.floor(next() * 250)}`;
        chunk.push(...[line("-", 401, 2, 5), line("-", 401, 1, 1326)].map((l) => l.replace(` ${ip} `, ` ${failing} `)));
        lines += 2;
        unresolved += 2;
      } else {
        chunk.push(line(`CORP\\user${Math.floor(next() * 5000)}`, r < 0.8 ? 200 : 304, 0, 0));
        lines += 1;
      }
      for (let j = before; j < chunk.length; j++) pending += chunk[j].length;
    }
    flush();
    pending = 0;
  }
  fs.closeSync(fd);
  return { lines: lines + 4, unresolved, handshake401s };
}

function versionOf(cmd: string, args: string[]): string {
  try {
    return /(\d+\.\d+(?:\.\d+)?)/.exec(execFileSync(cmd, args, { encoding: "utf8" }))?.[1] ?? "unknown";
  } catch {
    return "not installed";
  }
}
export const goaccessVersion = (): string => versionOf("goaccess", ["--version"]);

function row(
  tool: LogBenchRow["tool"],
  sizeBytes: number,
  lines: number,
  runs: { wallMs: number; maxRssMb?: number; cpuMs?: number }[],
  counted: string,
): LogBenchRow {
  const wallMs = median(runs.map((r) => r.wallMs));
  const rss = runs.map((r) => r.maxRssMb).filter((x): x is number => x !== undefined);
  const cpu = runs.map((r) => r.cpuMs).filter((x): x is number => x !== undefined);
  return {
    tool,
    sizeMb: round(sizeBytes / 2 ** 20, 0),
    lines,
    wallMs: Math.round(wallMs),
    mbPerS: round(sizeBytes / 2 ** 20 / (wallMs / 1000)),
    linesPerS: Math.round(lines / (wallMs / 1000)),
    peakRssMb: rss.length ? round(Math.max(...rss)) : "no GNU time",
    cpuMs: cpu.length ? Math.round(median(cpu)) : "no GNU time",
    counted,
  };
}

/** Generates a log per size, then runs both tools on it `repeats` times, interleaved. */
export async function logAnalysis(sizesMb: number[], repeats: number): Promise<LogBenchRow[]> {
  const rows: LogBenchRow[] = [];
  const hasGoaccess = goaccessVersion() !== "not installed";
  for (const sizeMb of sizesMb) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-bench-logs-"));
    try {
      const file = path.join(dir, "u_ex261128.log");
      const made = generateW3CLog(file, sizeMb * 2 ** 20);
      const bytes = fs.statSync(file).size;
      progress("log-analysis generated", { sizeMb, lines: made.lines, unresolved: made.unresolved });
      const ours: Awaited<ReturnType<typeof runPeer>>[] = [];
      const theirs: Awaited<ReturnType<typeof runPeer>>[] = [];
      const goaccessValid: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const out = path.join(dir, `out-${i}`);
        ours.push(
          await runPeer({
            command: process.execPath,
            args: [path.join(ROOT, "bin/iisguard.js"), "logs", file, "-f", "json", "-o", out],
            hosts: 1,
            answered: () => 1,
            timeoutMs: 3_600_000,
          }),
        );
        const report = JSON.parse(fs.readFileSync(path.join(out, "iisguard-logs.json"), "utf8"));
        const unresolved = report.evidence.groups.reduce((s: number, g: { unresolved: { count: number } }) => s + g.unresolved.count, 0);
        if (report.evidence.linesRead !== made.lines || unresolved !== made.unresolved)
          throw new Error(
            `iisguard logs read ${report.evidence.linesRead} lines and ${unresolved} unresolved 401s; the generator wrote ${made.lines} and ${made.unresolved}`,
          );
        if (hasGoaccess) {
          const json = path.join(dir, `goaccess-${i}.json`);
          theirs.push(
            await runPeer({
              command: "goaccess",
              args: [file, "--log-format=W3C", "--no-global-config", "--no-progress", "-o", json],
              hosts: 1,
              answered: () => 1,
              timeoutMs: 3_600_000,
            }),
          );
          goaccessValid.push(JSON.parse(fs.readFileSync(json, "utf8")).general.valid_requests);
        }
        progress("log-analysis run", {
          sizeMb,
          ourMs: Math.round(ours[i].wallMs),
          goaccessMs: theirs[i] ? Math.round(theirs[i].wallMs) : "not installed",
        });
      }
      const entries = made.lines - 4;
      rows.push(row("iisguard logs", bytes, made.lines, ours, `${made.unresolved} unresolved, ${made.handshake401s} handshake 401s`));
      if (hasGoaccess) rows.push(row("goaccess", bytes, made.lines, theirs, `${goaccessValid[0]} valid requests of ${entries}`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

/** The dated section docs/benchmarks.md carries for a standalone run. */
export function logAnalysisMarkdown(
  rows: LogBenchRow[],
  o: { date: string; machine: string; node: string; goaccess: string; command: string; repeats: number },
): string {
  const cols = Object.keys(rows[0] ?? {}) as (keyof LogBenchRow)[];
  return [
    "## Log analysis against GoAccess",
    "",
    `\`${o.command}\` on ${o.date} (${o.machine}; node ${o.node}, GoAccess ${o.goaccess}); median of ${o.repeats} run(s), both tools on the same file in the same run.`,
    "",
    `| ${cols.join(" | ")} |`,
    `|${cols.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${cols.map((c) => String(r[c])).join(" | ")} |`),
    "",
  ].join("\n");
}

if (require.main === module) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const sizeMb = arg("--size-mb", 1024);
  const runs = arg("--runs", 1);
  (async () => {
    const rows = await logAnalysis([sizeMb], runs);
    const cpus = os.cpus();
    process.stdout.write(
      logAnalysisMarkdown(rows, {
        date: new Date().toISOString().slice(0, 10),
        machine: `${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
        node: process.version,
        goaccess: goaccessVersion(),
        command: `node -r ./preview/register.js bench/log-analysis.ts --size-mb ${sizeMb} --runs ${runs}`,
        repeats: runs,
      }),
    );
  })().catch((e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  });
}

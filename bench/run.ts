// `npm run bench [-- --quick]`: measures iisguard side by side with its peers in one run and writes
// docs/benchmarks.md and docs/benchmarks.json. Every number in those files comes from that run.
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startSshdFleet } from "../emulator/sshd";
import { PolicyPackProcess, type WireResource } from "../harness/pack-process";
import { COLLECT_SCRIPT } from "../remote/collector";
import { BOOTSTRAP_COMMAND, stdinEnvelope } from "../remote/powershell";

const ROOT = path.resolve(__dirname, "..");
const QUICK = process.argv.includes("--quick");
const REPEATS = QUICK ? 1 : 3;
const REGISTER = path.join(ROOT, "harness/register.js");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

interface Measure {
  hosts: number;
  ok: number;
  wallMs: number;
  cpuMs?: number;
  maxRssMb?: number;
}

function nodeChild(script: string, args: string[]): Measure {
  const out = execFileSync(process.execPath, ["-r", REGISTER, path.join(__dirname, script), ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split("\n").pop()!);
}

/** Runs a peer command under GNU time when available, for its peak RSS. */
const PEER_TIMEOUT_MS = 30_000;

function timedPeer(cmd: string, args: string[], input: string | undefined, hosts: number, okPattern: RegExp): Measure & { timedOut?: boolean } {
  const gnuTime = fs.existsSync("/usr/bin/time");
  const t0 = performance.now();
  let out = "";
  let err = "";
  try {
    out = execFileSync(gnuTime ? "/usr/bin/time" : cmd, gnuTime ? ["-f", "MAXRSS=%M", cmd, ...args] : args, {
      input: input ?? "",
      encoding: "utf8",
      maxBuffer: 1 << 28,
      stdio: ["pipe", "pipe", "pipe"],
      timeout: PEER_TIMEOUT_MS,
      killSignal: "SIGKILL",
    });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? "");
    err = String((e as { stderr?: string }).stderr ?? "");
    if ((e as { signal?: string }).signal === "SIGKILL") return { hosts, ok: (out.match(okPattern) ?? []).length, wallMs: PEER_TIMEOUT_MS, timedOut: true };
  }
  const wallMs = performance.now() - t0;
  const rss = /MAXRSS=(\d+)/.exec(err)?.[1];
  return { hosts, ok: (out.match(okPattern) ?? []).length, wallMs, ...(rss ? { maxRssMb: Number(rss) / 1024 } : {}) };
}

function startEmulatorChild(count: number): Promise<{ info: { inventoryFile: string; identityFile: string; knownHostsFile: string; ports: number[] }; stop: () => Promise<number> }> {
  const child = spawn(process.execPath, ["-r", REGISTER, path.join(__dirname, "emulator-child.ts"), String(count)], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  const lines: string[] = [];
  let buffer = "";
  const waiters: ((l: string) => void)[] = [];
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    buffer += d;
    let i;
    while ((i = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  const nextLine = () => new Promise<string>((resolve) => (lines.length ? resolve(lines.shift()!) : waiters.push(resolve)));
  return nextLine().then((first) => ({
    info: JSON.parse(first),
    stop: async () => {
      child.kill("SIGTERM");
      return JSON.parse(await nextLine()).connections as number;
    },
  }));
}

async function scaleCurve(): Promise<Record<string, unknown>[]> {
  const sizes = QUICK ? [10, 100, 500] : [10, 100, 1000, 5000];
  const rows = [];
  for (const n of sizes) {
    const fleet = await startEmulatorChild(n);
    const args = [fleet.info.inventoryFile, fleet.info.identityFile, fleet.info.knownHostsFile, "64", "iisguard"];
    const scans = Array.from({ length: REPEATS }, () => nodeChild("scan-child.ts", args));
    const floors = Array.from({ length: REPEATS }, () => nodeChild("floor-child.ts", args));
    await fleet.stop();
    const wall = median(scans.map((s) => s.wallMs));
    rows.push({
      hosts: n,
      ok: scans[0].ok,
      wallMs: round(wall, 0),
      cpuMsPerHost: round(median(scans.map((s) => s.cpuMs!)) / n, 2),
      peakRssMb: round(Math.max(...scans.map((s) => s.maxRssMb!)), 0),
      floorWallMs: round(median(floors.map((s) => s.wallMs)), 0),
      floorCpuMsPerHost: round(median(floors.map((s) => s.cpuMs!)) / n, 2),
    });
    process.stderr.write(`scale ${n}: ${JSON.stringify(rows[rows.length - 1])}\n`);
  }
  return rows;
}

async function sshdThroughput(): Promise<Record<string, unknown>[]> {
  const sizes = QUICK ? [20] : [50, 200];
  const concurrency = QUICK ? 20 : 50;
  const rows: Record<string, unknown>[] = [];
  for (const n of sizes) {
    const fleet = await startSshdFleet(Array.from({ length: n }, (_, i) => ({ server: `s${String(i + 1).padStart(4, "0")}` })));
    try {
      const args = [fleet.inventoryFile, fleet.identityFile, fleet.knownHostsFile, String(concurrency), fleet.user];
      const hostsFile = path.join(fleet.dir, "pssh-hosts");
      fs.writeFileSync(hostsFile, fleet.hosts.map((h) => `127.0.0.1:${h.port}`).join("\n"));
      const sshOpts = `-i ${fleet.identityFile} -o UserKnownHostsFile=${fleet.knownHostsFile} -o StrictHostKeyChecking=yes -o BatchMode=yes`;
      const envelope = stdinEnvelope(COLLECT_SCRIPT, { roles: [], userSids: [] });
      const measure: Record<string, Measure[]> = { iisguard: [], floor: [], pssh: [] };
      for (let r = 0; r < REPEATS; r++) {
        measure.iisguard.push(nodeChild("scan-child.ts", args));
        measure.floor.push(nodeChild("floor-child.ts", args));
        if (has("parallel-ssh")) measure.pssh.push(timedPeer("parallel-ssh", ["-h", hostsFile, "-p", String(concurrency), "-l", fleet.user, "-t", "0", "-x", sshOpts, "-I", BOOTSTRAP_COMMAND], envelope, n, /\[SUCCESS\]|\[FAILURE\]/g));
        // Ansible (`raw`) is not measured yet: against these hosts it did not finish (the bootstrap reads stdin
        // to its end and raw keeps it open), and killing it on a timeout left its ssh children holding
        // the pipes. See the open benchmark issue.
      }
      const floorWall = median(measure.floor.map((m) => m.wallMs));
      for (const [tool, ms] of Object.entries(measure)) {
        if (ms.length === 0) continue;
        const wall = median(ms.map((m) => m.wallMs));
        const timedOut = ms.some((m) => (m as { timedOut?: boolean }).timedOut);
        rows.push({ hosts: n, concurrency, tool, answered: timedOut ? `${ms[0].ok} (killed after ${PEER_TIMEOUT_MS / 1000} s)` : ms[0].ok, wallMs: round(wall, 0), hostsPerMin: round((n / wall) * 60_000, 0), vsFloor: round(wall / floorWall, 2), peakRssMb: ms[0].maxRssMb !== undefined ? round(Math.max(...ms.map((m) => m.maxRssMb ?? 0)), 0) : "n/a" });
        process.stderr.write(`sshd ${n} ${tool}: ${JSON.stringify(rows[rows.length - 1])}\n`);
      }
    } finally {
      await fleet.close();
    }
  }
  return rows;
}

function has(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function syntheticSites(count: number, servers: number, urnPrefix = "urn:pulumi:bench::fleet::iisguard:index:Site::"): WireResource[] {
  return Array.from({ length: count }, (_, i) => ({
    type: "iisguard:index:Site",
    urn: `${urnPrefix}site${i}`,
    name: `site${i}`,
    properties: {
      server: `h${String((i % servers) + 1).padStart(5, "0")}`,
      siteName: `Site ${i}`,
      physicalPath: "C:\\inetpub\\wwwroot",
      appPool: { name: "PM", identity: "ApplicationPoolIdentity" },
      bindings: [{ protocol: "https", port: 443, hostName: `s${i}.corp.example.com` }],
      applications: [
        { path: "/", authentication: ["anonymous"], authorization: [], inheritAuthorization: true, localClients: false, requireSsl: false },
        { path: "/admin", authentication: ["windows"], authorization: [{ access: "allow", users: [], roles: ["Administrators"] }], inheritAuthorization: false, localClients: false, requireSsl: false },
      ],
      roleAssignments: [{ role: "Administrators", members: ["CORP\\a"] }],
    },
  }));
}

async function policyEvaluation(): Promise<{ startupMs: number; rows: Record<string, unknown>[] }> {
  const startups: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const p = await PolicyPackProcess.start(path.join(ROOT, "policies"), { project: "fleet", stack: "bench", dryRun: true });
    startups.push(p.startupMs);
    await p.close();
  }
  const pack = await PolicyPackProcess.start(path.join(ROOT, "policies"), { project: "fleet", stack: "bench", dryRun: true });
  const rows: Record<string, unknown>[] = [];
  try {
    await pack.configure({});
    for (const n of QUICK ? [100, 1000] : [100, 1000, 10_000]) {
      const resources = syntheticSites(n, Math.max(1, n / 10));
      const times: number[] = [];
      for (let r = 0; r < REPEATS; r++) {
        const t0 = performance.now();
        await pack.analyzeStack(resources);
        times.push(performance.now() - t0);
      }
      const ms = median(times);
      rows.push({ sites: n, analyzeStackMs: round(ms, 0), perResourceMs: round(ms / n, 3) });
      process.stderr.write(`policy ${n}: ${JSON.stringify(rows[rows.length - 1])}\n`);
    }
  } finally {
    await pack.close();
  }
  return { startupMs: round(median(startups), 0), rows };
}

async function remotePreview(): Promise<Record<string, unknown>> {
  const hosts = 50;
  const sites = 500;
  const fleet = await startEmulatorChild(hosts);
  const pack = await PolicyPackProcess.start(path.join(ROOT, "policies"), { project: "fleet", stack: "bench", dryRun: true });
  try {
    await pack.configure({
      "iisguard-remote": {
        enabled: true,
        user: "iisguard",
        identity: fleet.info.identityFile,
        knownHosts: fleet.info.knownHostsFile,
        concurrency: 16,
        hosts: Object.fromEntries(fleet.info.ports.map((port, i) => [`h${String(i + 1).padStart(5, "0")}`, { address: "127.0.0.1", port }])),
      },
    });
    const t0 = performance.now();
    const ds = await pack.analyzeStack(syntheticSites(sites, hosts));
    const ms = performance.now() - t0;
    return { sites, hosts, sessions: await fleet.stop(), analyzeStackMs: round(ms, 0), unreachable: ds.filter((d) => d.message.startsWith("[UNREACHABLE]")).length };
  } finally {
    await pack.close();
  }
}

function table(rows: Record<string, unknown>[]): string[] {
  if (rows.length === 0) return ["(not measured)"];
  const cols = Object.keys(rows[0]);
  return [`| ${cols.join(" | ")} |`, `|${cols.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${cols.map((c) => String(r[c])).join(" | ")} |`)];
}

(async () => {
  const started = Date.now();
  const scale = await scaleCurve();
  const sshd = await sshdThroughput();
  const policy = await policyEvaluation();
  const remote = await remotePreview();
  const cpu = os.cpus();
  const machine = `Node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`;
  const results = { date: new Date().toISOString(), quick: QUICK, repeats: REPEATS, machine, seconds: Math.round((Date.now() - started) / 1000), scale, sshd, policy, remote };
  const file = QUICK ? path.join(os.tmpdir(), "iisguard-bench-quick") : path.join(ROOT, "docs");
  fs.mkdirSync(file, { recursive: true });
  fs.writeFileSync(path.join(file, "benchmarks.json"), `${JSON.stringify(results, null, 2)}\n`);
  const md = [
    "# Benchmarks",
    "",
    `Generated by \`npm run bench${QUICK ? " -- --quick" : ""}\` on ${results.date.slice(0, 10)} in ${results.seconds} s; medians of ${REPEATS} run(s). Machine: ${machine}.`,
    "Raw numbers: `docs/benchmarks.json`. Reproduce: `npm run bench` (root: it installs the peers with apt and starts sshd).",
    "",
    "## Scan throughput on the real-sshd tier",
    "",
    "Debian's sshd with the Windows-emulating ForceCommand, one port per host. Every tool runs the same",
    "collection command with the same script on stdin. Ansible is not measured yet (see the benchmark issue). `vsFloor` is wall time relative to the floor: a bare ssh2 connect, exec, read, close.",
    "",
    ...table(sshd),
    "",
    "## Scale curve on the in-process tier",
    "",
    "Emulated hosts are ssh2 servers in a separate process; the scanner's own CPU and peak RSS are measured in",
    "its process. Concurrency 64.",
    "",
    ...table(scale),
    "",
    "## Policy evaluation",
    "",
    `Policy pack start-up (spawn, ts-node type-check, handshake): ${policy.startupMs} ms. AnalyzeStack over synthetic`,
    "sites with two applications each, all 17 policies, through the same gRPC harness the tests use:",
    "",
    ...table(policy.rows),
    "",
    "## Remote checks at preview",
    "",
    `${remote.sites} sites on ${remote.hosts} hosts: ${remote.sessions} SSH sessions counted on the server side, AnalyzeStack ${remote.analyzeStackMs} ms, ${remote.unreachable} unreachable.`,
    "",
  ].join("\n");
  fs.writeFileSync(path.join(file, "benchmarks.md"), md);
  process.stdout.write(`${md}\n(written to ${file})\n`);
})().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});

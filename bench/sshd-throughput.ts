// Scan throughput on the real-sshd tier: iisguard, Ansible's `raw` module, parallel-ssh and the
// ssh2 floor collect from the same Debian sshd fleet at the same concurrency, with the same
// collection command and the same script on stdin, one after another, several times.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startSshdFleet, type SshdFleet } from "../emulator/sshd";
import { COLLECT_SCRIPT, WINDOWS_LAYER } from "../remote/collector";
import { BOOTSTRAP_COMMAND, stdinEnvelope } from "../remote/powershell";
import * as os from "os";
import { pwshPath } from "../emulator/powershell/pwsh";
import { windowsHost } from "../emulator/windows-host";
import { writeWindowsFixture } from "../emulator/windows-fixture";
import { ROOT, median, nodeChild, progress, round, type Measure } from "./measure";
import { runPeer, type PeerRun } from "./peer-process";

const PEER_TIMEOUT_MS = 120_000;

export function has(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", 'command -v "$0"', cmd], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Ansible ad hoc: `ansible all -m raw -a <bootstrap> -f <forks>`. `raw` cannot send stdin, so the
 * ssh Ansible runs is a two-line wrapper that redirects the same envelope into ssh, as pssh's -I
 * does; no tty (-tt would keep the remote stdin open for ever), no ControlMaster (nothing to reuse in
 * a one-command run), host keys checked against the same known_hosts.
 */
function ansibleRun(fleet: SshdFleet, envelopeFile: string, forks: number): PeerRun {
  const inventory = path.join(fleet.dir, "ansible-hosts");
  fs.writeFileSync(inventory, `${fleet.hosts.map((h) => `${h.server} ansible_host=127.0.0.1 ansible_port=${h.port}`).join("\n")}\n`);
  const wrapper = path.join(fleet.dir, "ssh-with-envelope");
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec ssh "$@" < '${envelopeFile}'\n`, { mode: 0o755 });
  // Its own ansible.cfg, so no user or project configuration changes what is measured.
  const config = path.join(fleet.dir, "ansible.cfg");
  fs.writeFileSync(
    config,
    [
      "[defaults]",
      "host_key_checking = True",
      "nocolor = True",
      "[ssh_connection]",
      `ssh_executable = ${wrapper}`,
      "usetty = False",
      `ssh_args = -o UserKnownHostsFile=${fleet.knownHostsFile} -o ControlMaster=no`,
      "",
    ].join("\n"),
  );
  return {
    command: "ansible",
    args: [
      "all",
      "-i",
      inventory,
      "-m",
      "raw",
      "-a",
      BOOTSTRAP_COMMAND,
      "-f",
      String(forks),
      "-u",
      fleet.user,
      "--private-key",
      fleet.identityFile,
      "-o",
    ],
    env: { ...process.env, ANSIBLE_CONFIG: config },
    hosts: fleet.hosts.length,
    answered: /\| CHANGED \| rc=0 \|.*"status":"ok"/,
    timeoutMs: PEER_TIMEOUT_MS,
  };
}

/**
 * parallel-ssh with the envelope on stdin (-I), host keys checked against the same known_hosts; each
 * host's answer goes to a file of its own (-o), and a host counts when its file holds a collection.
 */
function psshRun(fleet: SshdFleet, envelope: string, parallelism: number): PeerRun {
  const hostsFile = path.join(fleet.dir, "pssh-hosts");
  fs.writeFileSync(hostsFile, fleet.hosts.map((h) => `127.0.0.1:${h.port}`).join("\n"));
  const sshOpts = `-i ${fleet.identityFile} -o UserKnownHostsFile=${fleet.knownHostsFile} -o StrictHostKeyChecking=yes -o BatchMode=yes`;
  const outDir = path.join(fleet.dir, "pssh-out");
  fs.rmSync(outDir, { recursive: true, force: true });
  return {
    command: "parallel-ssh",
    args: ["-h", hostsFile, "-p", String(parallelism), "-l", fleet.user, "-t", "0", "-o", outDir, "-x", sshOpts, "-I", BOOTSTRAP_COMMAND],
    input: envelope,
    hosts: fleet.hosts.length,
    answered: () =>
      fs.existsSync(outDir)
        ? fs.readdirSync(outDir).filter((f) => fs.readFileSync(path.join(outDir, f), "utf8").includes('"status":"ok"')).length
        : 0,
    timeoutMs: PEER_TIMEOUT_MS,
  };
}

/**
 * How the emulated hosts produce their answer: `recorded` (computed once up front, then printed by a
 * line of sh: the host's own work stays off the two cores the tools are measured on, as on real
 * Windows hosts) or `computed` (a Node.js process per session plays cmd.exe and PowerShell, as in
 * the tests: its CPU competes with the tools') or `powershell` (each session runs iisguard's real
 * bootstrap and collection script under pwsh, the Windows layer played by the stand-in: what a real
 * PowerShell start costs, here on the same two cores as the tools).
 */
export type HostAnswers = "recorded" | "computed" | "powershell";

export interface ThroughputRow {
  hosts: number;
  answers: HostAnswers;
  concurrency: number;
  tool: string;
  answered: string;
  wallMs: number;
  /** Every run's wall time, in run order. */
  runsMs: string;
  hostsPerMin: number;
  vsFloor: number;
  iisguardSpeedup: number | string;
  /** The tool's own CPU time per host, children included (ssh processes for the peers). */
  cpuMsPerHost: number | string;
  peakRssMb: number | string;
}

export async function sshdThroughput(
  plan: { hosts: number; answers: HostAnswers }[],
  concurrency: number,
  repeats: number,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const { hosts: n, answers } of plan) {
    const envelope = stdinEnvelope(WINDOWS_LAYER, COLLECT_SCRIPT, { roles: [], userSids: [] });
    const servers = Array.from({ length: n }, (_, i) => ({ server: `s${String(i + 1).padStart(4, "0")}` }));
    const fleet = await startSshdFleet(
      servers,
      answers === "recorded" ? { recorded: { command: BOOTSTRAP_COMMAND, stdin: envelope } } : { realPowerShell: answers === "powershell" },
    );
    try {
      const childArgs = [fleet.inventoryFile, fleet.identityFile, fleet.knownHostsFile, String(concurrency), fleet.user];
      const envelopeFile = path.join(fleet.dir, "envelope.json");
      fs.writeFileSync(envelopeFile, envelope);
      const tools: Record<string, () => Promise<Measure>> = {
        iisguard: async () => nodeChild("scan-child.ts", childArgs),
        "ssh2 floor": async () => nodeChild("floor-child.ts", childArgs),
        // Each run gets fresh files (pssh's -o directory is emptied), so no run counts another's answers.
        ...(has("ansible") ? { "ansible raw": () => runPeer(ansibleRun(fleet, envelopeFile, concurrency)) } : {}),
        ...(has("parallel-ssh") ? { "parallel-ssh": () => runPeer(psshRun(fleet, envelope, concurrency)) } : {}),
      };
      const measured: Record<string, Measure[]> = Object.fromEntries(Object.keys(tools).map((t) => [t, []]));
      // Interleaved, so that a slow moment of the machine does not land on one tool only.
      for (let r = 0; r < repeats; r++) {
        for (const [tool, run] of Object.entries(tools)) {
          fleet.record(); // recorded answers carry the host's clock: keep it "now"
          const m = await run();
          measured[tool].push(m);
          // A peer that did not answer for every host is shown, not silently counted.
          if (m.ok < n && "output" in m)
            progress(`sshd ${n} ${answers} ${tool} answered ${m.ok}/${n}; its output began`, String(m.output).slice(0, 2000));
        }
      }
      const wallOf = (tool: string) => median(measured[tool].map((m) => m.wallMs));
      for (const [tool, ms] of Object.entries(measured)) {
        const wall = wallOf(tool);
        const timedOut = ms.filter((m) => m.timedOut).length;
        const rss = ms.map((m) => m.maxRssMb).filter((x): x is number => x !== undefined);
        rows.push({
          hosts: n,
          answers,
          concurrency,
          tool,
          answered: `${Math.min(...ms.map((m) => m.ok))}/${n}${timedOut ? ` (${timedOut} run(s) killed at ${PEER_TIMEOUT_MS / 1000} s)` : ""}`,
          wallMs: round(wall, 0),
          runsMs: ms.map((m) => round(m.wallMs, 0)).join(", "),
          hostsPerMin: round((n / wall) * 60_000, 0),
          vsFloor: round(wall / wallOf("ssh2 floor"), 2),
          iisguardSpeedup: tool === "iisguard" ? "—" : round(wall / wallOf("iisguard"), 2),
          cpuMsPerHost: ms.every((m) => m.cpuMs !== undefined) ? round(median(ms.map((m) => m.cpuMs!)) / n, 1) : "n/a",
          peakRssMb: rss.length ? round(Math.max(...rss), 0) : "n/a",
        });
        progress(`sshd ${n} ${answers}`, rows[rows.length - 1]);
      }
    } finally {
      await fleet.close();
    }
  }
  return rows;
}

/**
 * One host's own work when it runs the real script: the emulated host's `powershell` command (pwsh
 * start, bootstrap, collection script over the stand-in layer) timed without SSH, one at a time.
 */
export function powershellSessionMs(repeats: number): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-pwsh-session-"));
  try {
    writeWindowsFixture(windowsHost("s0001"), dir);
    const envelope = stdinEnvelope(WINDOWS_LAYER, COLLECT_SCRIPT, { roles: [], userSids: [] });
    const args = BOOTSTRAP_COMMAND.split(" ").slice(1);
    const env = { ...process.env, IISGUARD_PWSH: pwshPath(), IISGUARD_WINDOWS_FIXTURE: dir };
    const times: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const started = performance.now();
      const out = execFileSync(path.join(ROOT, "emulator", "bin", "powershell"), args, {
        input: envelope,
        env,
        maxBuffer: 64 * 1024 * 1024,
      }).toString();
      times.push(performance.now() - started);
      if (!out.includes('"status":"ok"')) throw new Error(`the real script did not answer ok: ${out.slice(0, 300)}`);
    }
    return round(median(times), 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

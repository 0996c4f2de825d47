// Scan throughput on the real-sshd tier: iisguard, Ansible's `raw` module, parallel-ssh and the
// ssh2 floor collect from the same Debian sshd fleet at the same concurrency, with the same
// collection command and the same script on stdin, one after another, several times.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { startSshdFleet, type SshdFleet } from "../emulator/sshd";
import { COLLECT_SCRIPT } from "../remote/collector";
import { BOOTSTRAP_COMMAND, stdinEnvelope } from "../remote/powershell";
import { median, nodeChild, progress, round, type Measure } from "./measure";
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
  return {
    command: "ansible",
    args: ["all", "-i", inventory, "-m", "raw", "-a", BOOTSTRAP_COMMAND, "-f", String(forks), "-u", fleet.user, "--private-key", fleet.identityFile, "-o"],
    env: {
      ...process.env,
      ANSIBLE_SSH_EXECUTABLE: wrapper,
      ANSIBLE_SSH_USETTY: "false",
      ANSIBLE_HOST_KEY_CHECKING: "true",
      ANSIBLE_SSH_ARGS: `-o UserKnownHostsFile=${fleet.knownHostsFile} -o ControlMaster=no`,
      ANSIBLE_NOCOLOR: "1",
      ANSIBLE_CONFIG: "/dev/null",
    },
    hosts: fleet.hosts.length,
    answered: /\| CHANGED \| rc=0 \|.*"status":"ok"/,
    timeoutMs: PEER_TIMEOUT_MS,
  };
}

/** parallel-ssh with the envelope on stdin (-I), host keys checked against the same known_hosts. */
function psshRun(fleet: SshdFleet, envelope: string, parallelism: number): PeerRun {
  const hostsFile = path.join(fleet.dir, "pssh-hosts");
  fs.writeFileSync(hostsFile, fleet.hosts.map((h) => `127.0.0.1:${h.port}`).join("\n"));
  const sshOpts = `-i ${fleet.identityFile} -o UserKnownHostsFile=${fleet.knownHostsFile} -o StrictHostKeyChecking=yes -o BatchMode=yes`;
  return {
    command: "parallel-ssh",
    args: ["-h", hostsFile, "-p", String(parallelism), "-l", fleet.user, "-t", "0", "-x", sshOpts, "-I", BOOTSTRAP_COMMAND],
    input: envelope,
    hosts: fleet.hosts.length,
    answered: /\[SUCCESS\]/,
    timeoutMs: PEER_TIMEOUT_MS,
  };
}

export interface ThroughputRow {
  hosts: number;
  concurrency: number;
  tool: string;
  answered: string;
  wallMs: number;
  hostsPerMin: number;
  vsFloor: number;
  iisguardSpeedup: number | string;
  peakRssMb: number | string;
}

export async function sshdThroughput(sizes: number[], concurrency: number, repeats: number): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const n of sizes) {
    const fleet = await startSshdFleet(Array.from({ length: n }, (_, i) => ({ server: `s${String(i + 1).padStart(4, "0")}` })));
    try {
      const childArgs = [fleet.inventoryFile, fleet.identityFile, fleet.knownHostsFile, String(concurrency), fleet.user];
      const envelope = stdinEnvelope(COLLECT_SCRIPT, { roles: [], userSids: [] });
      const envelopeFile = path.join(fleet.dir, "envelope.json");
      fs.writeFileSync(envelopeFile, envelope);
      const tools: Record<string, () => Promise<Measure>> = {
        iisguard: async () => nodeChild("scan-child.ts", childArgs),
        "ssh2 floor": async () => nodeChild("floor-child.ts", childArgs),
        ...(has("ansible") ? { "ansible raw": () => runPeer(ansibleRun(fleet, envelopeFile, concurrency)) } : {}),
        ...(has("parallel-ssh") ? { "parallel-ssh": () => runPeer(psshRun(fleet, envelope, concurrency)) } : {}),
      };
      const measured: Record<string, Measure[]> = Object.fromEntries(Object.keys(tools).map((t) => [t, []]));
      // Interleaved, so that a slow moment of the machine does not land on one tool only.
      for (let r = 0; r < repeats; r++) for (const [tool, run] of Object.entries(tools)) measured[tool].push(await run());
      const wallOf = (tool: string) => median(measured[tool].map((m) => m.wallMs));
      for (const [tool, ms] of Object.entries(measured)) {
        const wall = wallOf(tool);
        const timedOut = ms.filter((m) => m.timedOut).length;
        const rss = ms.map((m) => m.maxRssMb).filter((x): x is number => x !== undefined);
        rows.push({
          hosts: n,
          concurrency,
          tool,
          answered: `${Math.min(...ms.map((m) => m.ok))}/${n}${timedOut ? ` (${timedOut} run(s) killed at ${PEER_TIMEOUT_MS / 1000} s)` : ""}`,
          wallMs: round(wall, 0),
          hostsPerMin: round((n / wall) * 60_000, 0),
          vsFloor: round(wall / wallOf("ssh2 floor"), 2),
          iisguardSpeedup: tool === "iisguard" ? "—" : round(wall / wallOf("iisguard"), 2),
          peakRssMb: rss.length ? round(Math.max(...rss), 0) : "n/a",
        });
        progress(`sshd ${n}`, rows[rows.length - 1]);
      }
    } finally {
      await fleet.close();
    }
  }
  return rows;
}

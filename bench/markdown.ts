// docs/benchmarks.md from one run's results: every number in it comes from that run's JSON.
import type { MachineDescription } from "./machine";
import type { PolicyResults } from "./policy-evaluation";
import type { RemotePreviewResult } from "./remote-preview";
import { SCALE_CONCURRENCY, type ScaleRow } from "./scale-curve";
import type { ThroughputRow } from "./sshd-throughput";

export interface BenchResults {
  date: string;
  quick: boolean;
  repeats: number;
  seconds: number;
  machine: MachineDescription;
  sshd: ThroughputRow[];
  scale: ScaleRow[];
  policy: PolicyResults;
  remote: RemotePreviewResult;
}

function table(rows: object[]): string[] {
  if (rows.length === 0) return ["(not measured)"];
  const cols = Object.keys(rows[0]);
  const cell = (v: unknown) => String(v).replace(/\|/g, "\\|");
  return [`| ${cols.join(" | ")} |`, `|${cols.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${cols.map((c) => cell((r as Record<string, unknown>)[c])).join(" | ")} |`)];
}

export interface Target {
  target: string;
  measured: string;
  verdict: string;
}

const verdict = (ok: boolean | undefined) => (ok === undefined ? "not measured" : ok ? "met" : "**missed**");

export function targets(r: BenchResults): Target[] {
  const rows: Target[] = [];
  for (const n of [...new Set(r.sshd.map((x) => x.hosts))]) {
    const of = (tool: string) => r.sshd.find((x) => x.hosts === n && x.tool === tool);
    const ours = of("iisguard")!;
    const ansible = of("ansible raw");
    const speedup = ansible ? ours.hostsPerMin / ansible.hostsPerMin : undefined;
    rows.push({ target: `${n} hosts: ≥ 5× Ansible's hosts/min`, measured: speedup === undefined ? "Ansible not installed" : `${speedup.toFixed(2)}×`, verdict: verdict(speedup === undefined ? undefined : speedup >= 5) });
    rows.push({ target: `${n} hosts: within 1.25× of the ssh2 floor`, measured: `${ours.vsFloor}×`, verdict: verdict(ours.vsFloor <= 1.25) });
  }
  const biggest = r.scale[r.scale.length - 1];
  if (biggest) rows.push({ target: "5,000 hosts under 1 GiB RSS", measured: `${biggest.hosts} hosts: ${biggest.peakRssMb} MB`, verdict: biggest.hosts >= 5000 ? verdict(biggest.peakRssMb < 1024) : "not measured (quick run)" });
  for (const n of [...new Set(r.policy.rows.map((x) => x.resources))]) {
    const ours = r.policy.rows.find((x) => x.pack === "iisguard" && x.resources === n)!;
    const peer = r.policy.rows.find((x) => x.pack === "awsguard" && x.resources === n);
    rows.push({ target: `${n} resources: policy cost per resource ≤ AWSGuard's`, measured: peer ? `${ours.policyMsPerResource} vs ${peer.policyMsPerResource} ms (all-in, protocol included: ${ours.perResourceMs} vs ${peer.perResourceMs} ms)` : "AWSGuard not installed", verdict: verdict(peer ? ours.policyMsPerResource <= peer.policyMsPerResource : undefined) });
  }
  return rows;
}

/** What the figures say about the targets, each sentence computed from this run. */
export function findings(r: BenchResults): string[] {
  const out: string[] = [];
  const largest = Math.max(...r.sshd.map((x) => x.hosts));
  const of = (tool: string) => r.sshd.find((x) => x.hosts === largest && x.tool === tool);
  const [ours, floor, ansible] = [of("iisguard"), of("ssh2 floor"), of("ansible raw")];
  if (ours && floor && ansible) {
    const ceiling = ansible.wallMs / floor.wallMs;
    out.push(
      `- **Throughput is bounded by the emulated hosts.** At ${largest} hosts the bare ssh2 floor is only ${ceiling.toFixed(2)}× faster than Ansible, so no client could be 5× faster here: every session runs a Node.js ForceCommand and sshd on the same ${r.machine.summary.split(" ")[0]} cores as the client, and that work is the same whatever the client. iisguard is at ${ours.vsFloor}× the floor.`,
    );
    if (typeof ours.cpuMsPerHost === "number" && typeof ansible.cpuMsPerHost === "number") {
      const pssh = of("parallel-ssh");
      out.push(
        `- **The tools' own cost** is their CPU time per host (children included): iisguard ${ours.cpuMsPerHost} ms, Ansible ${ansible.cpuMsPerHost} ms (${(ansible.cpuMsPerHost / ours.cpuMsPerHost).toFixed(1)}× iisguard's)${pssh && typeof pssh.cpuMsPerHost === "number" ? `, parallel-ssh ${pssh.cpuMsPerHost} ms` : ""}. On hosts that answer as fast as Windows does, that is the cost that sets hosts per minute.`,
      );
    }
  }
  const n = Math.max(...r.policy.rows.map((x) => x.resources));
  const all = r.policy.rows.find((x) => x.pack === "iisguard" && x.resources === n);
  const one = r.policy.rows.find((x) => x.pack === "iisguard, 1 policy on" && x.resources === n);
  const peer = r.policy.rows.find((x) => x.pack === "awsguard" && x.resources === n);
  if (all && one && peer) {
    out.push(
      `- **What the other 16 stack policies cost.** At ${n} resources AnalyzeStack takes ${one.analyzeStackMs} ms with one iisguard policy on and ${all.analyzeStackMs} ms with all 17 (${all.analyzeStackMs - one.analyzeStackMs} ms more). @pulumi/policy deserializes every resource again for each stack policy; the pack converts each resource once per request and adapts the fleet once (\`policies/adapters/deserialize-once.ts\`, \`shared-adaptation.ts\`), so each further policy pays for its rule only. What the policies add per resource: iisguard ${all.policyMsPerResource} ms, AWSGuard ${peer.policyMsPerResource} ms (its resource policies run in Analyze).`,
    );
  }
  return out;
}

export function renderBenchmarks(r: BenchResults): string {
  const command = `npm run bench${r.quick ? " -- --quick" : ""}`;
  return [
    "# Benchmarks",
    "",
    `Generated by \`${command}\` on ${r.date.slice(0, 10)} in ${r.seconds} s; every figure is the median of ${r.repeats} run(s) made then.`,
    `Machine: ${r.machine.summary}. Tools: ${Object.entries(r.machine.tools).map(([k, v]) => `${k} ${v}`).join(", ")}.`,
    "Raw numbers: `docs/benchmarks.json`. Reproduce with `npm run bench` (as root: it installs the peers from Debian and",
    "npm and starts sshd on loopback ports); `npm run bench -- --quick` is the smaller run CI makes.",
    "",
    "## Targets",
    "",
    ...table(targets(r)),
    "",
    ...findings(r),
    "",
    "## Scan throughput on the real-sshd tier",
    "",
    "Debian's sshd with the Windows-emulating ForceCommand (`emulator/forcecommand.js`), one loopback port per",
    "host, all tools one after another against the same fleet, interleaved run by run. Every tool sends the same",
    "bootstrap command with the same collection script on stdin and checks host keys against the same",
    "known_hosts. `iisguard` is the CLI's scan command (collect, parse, rules, report); `ssh2 floor` is a bare",
    "ssh2 connect, exec, read, close at the same concurrency (no host-key check, no parsing); `ansible raw` is",
    "`ansible all -m raw -f <concurrency>` (its ssh is a wrapper that feeds the envelope on stdin, which `raw`",
    "cannot; no tty, no ControlMaster); `parallel-ssh` is `parallel-ssh -p <concurrency> -I`.",
    "`vsFloor` is wall time over the floor's; `iisguardSpeedup` is the tool's wall time over iisguard's.",
    "The emulated host's own work (a Node.js process per session) is the same for every tool.",
    "",
    ...table(r.sshd),
    "",
    "## Scale curve on the in-process tier",
    "",
    "Emulated hosts are ssh2 servers in a separate process; wall time, CPU and peak RSS are the scanner's",
    `process alone. Concurrency ${SCALE_CONCURRENCY}. Linear means a flat \`cpuMsPerHost\`; the report holds every`,
    "host's findings, so RSS grows with the fleet by what the report keeps.",
    "",
    ...table(r.scale),
    "",
    "## Policy evaluation",
    "",
    `Pack start-up (spawn, load, handshake), median: ${Object.entries(r.policy.startupMs).map(([k, v]) => `${k} ${v} ms`).join(", ")}.`,
    "A preview as the CLI drives it, through the same gRPC harness the tests use: `Analyze` for every",
    "resource, then one `AnalyzeStack`. iisguard judges a fleet of sites with two applications each, ten",
    "per server, and the servers' hosts (all 17 policies); AWSGuard (`@pulumi/awsguard`, every policy",
    "mandatory) judges as many EC2 instances. Both fleets are compliant: every check runs, nothing is",
    "reported (`diagnostics` counts what was). `perResourceMs` is (Analyze + AnalyzeStack) / resources,",
    "protocol included (encoding, gRPC, decoding: it grows with the size of a resource's properties, and an",
    "iisguard Site carries more than an EC2 instance). The policies run in one phase, `policyPhase`: iisguard's",
    "are stack policies (AnalyzeStack), AWSGuard's resource policies (Analyze). `policyMsPerResource` is that",
    "phase minus the same phase with every policy disabled (`protocolPhaseMs`), per resource: what the",
    "policies themselves cost, and what the target compares. `noiseMs` is the same difference in the other",
    "phase, where the pack has no policy to run: how far apart two identical measurements land.",
    ...(r.policy.awsguardMissing ? ["", `AWSGuard: ${r.policy.awsguardMissing}.`] : []),
    "",
    ...table(r.policy.rows),
    "",
    "## Remote checks at preview",
    "",
    `${r.remote.sites} sites on ${r.remote.hosts} emulated hosts, \`iisguard-remote\` enabled: SSH sessions counted on the`,
    `server side per run: ${r.remote.sessions.join(", ")}; AnalyzeStack ${r.remote.analyzeStackMs} ms (median); ${r.remote.unreachable} host(s) unreachable.`,
    "",
  ].join("\n");
}

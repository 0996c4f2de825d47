// The benchmark report's verdicts against the targets, computed from a run's figures.
import { findings, renderBenchmarks, targets, type BenchResults } from "../../bench/markdown";
import type { HostAnswers, ThroughputRow } from "../../bench/sshd-throughput";

const row = (tool: string, wallMs: number, floorMs: number, iisguardMs: number, answers: HostAnswers = "recorded"): ThroughputRow => ({
  hosts: 50,
  answers,
  concurrency: 50,
  tool,
  answered: "50/50",
  wallMs,
  runsMs: String(wallMs),
  hostsPerMin: Math.round((50 / wallMs) * 60_000),
  vsFloor: Math.round((wallMs / floorMs) * 100) / 100,
  iisguardSpeedup: tool === "iisguard" ? "—" : Math.round((wallMs / iisguardMs) * 100) / 100,
  cpuMsPerHost: 10,
  peakRssMb: 100,
});

function results(o: {
  ours: number;
  floor: number;
  ansible?: number;
  rssMb: number;
  hosts: number;
  ourPolicy: number;
  peerPolicy?: number;
}): BenchResults {
  return {
    date: "2026-11-24T00:00:00.000Z",
    quick: false,
    repeats: 3,
    seconds: 1,
    machine: { summary: "test", tools: {} },
    sshd: [
      row("iisguard", o.ours, o.floor, o.ours),
      row("ssh2 floor", o.floor, o.floor, o.ours),
      ...(o.ansible ? [row("ansible raw", o.ansible, o.floor, o.ours)] : []),
    ],
    scale: [{ hosts: o.hosts, answered: o.hosts, wallMs: 1, cpuMsPerHost: 1, peakRssMb: o.rssMb, floorWallMs: 1, floorCpuMsPerHost: 1 }],
    policy: {
      startupMs: { iisguard: 1 },
      rows: [
        {
          pack: "iisguard",
          resources: 100,
          analyzeMs: 1,
          analyzeStackMs: 1,
          perResourceMs: o.ourPolicy + 2,
          policyPhase: "analyzeStack" as const,
          protocolPhaseMs: 2,
          policyMsPerResource: o.ourPolicy,
          noiseMs: 0,
          diagnostics: 0,
        },
        {
          pack: "iisguard, 1 policy on",
          resources: 100,
          analyzeMs: 1,
          analyzeStackMs: 1,
          perResourceMs: 2,
          policyPhase: "analyzeStack" as const,
          protocolPhaseMs: 2,
          policyMsPerResource: 0,
          noiseMs: 0,
          diagnostics: 0,
        },
        ...(o.peerPolicy
          ? [
              {
                pack: "awsguard",
                resources: 100,
                analyzeMs: 1,
                analyzeStackMs: 1,
                perResourceMs: o.peerPolicy + 1,
                policyPhase: "analyze" as const,
                protocolPhaseMs: 1,
                policyMsPerResource: o.peerPolicy,
                noiseMs: 0,
                diagnostics: 0,
              },
            ]
          : []),
      ],
    },
    remote: { sites: 500, hosts: 50, sessions: [50], analyzeStackMs: 1, unreachable: 0 },
  };
}

const verdicts = (r: BenchResults) => Object.fromEntries(targets(r).map((t) => [t.target, t.verdict]));

test.each([
  {
    name: "every target met",
    r: results({ ours: 1000, floor: 900, ansible: 6000, rssMb: 600, hosts: 5000, ourPolicy: 1, peerPolicy: 2 }),
    expected: {
      "50 hosts (recorded answers): ≥ 5× Ansible's hosts/min": "met",
      "50 hosts (recorded answers): within 1.25× of the ssh2 floor": "met",
      "5,000 hosts under 1 GiB RSS": "met",
      "100 resources: policy cost per resource ≤ AWSGuard's": "met",
    },
  },
  {
    name: "every target missed",
    r: results({ ours: 2000, floor: 1000, ansible: 4000, rssMb: 2048, hosts: 5000, ourPolicy: 3, peerPolicy: 2 }),
    expected: {
      "50 hosts (recorded answers): ≥ 5× Ansible's hosts/min": "**missed**",
      "50 hosts (recorded answers): within 1.25× of the ssh2 floor": "**missed**",
      "5,000 hosts under 1 GiB RSS": "**missed**",
      "100 resources: policy cost per resource ≤ AWSGuard's": "**missed**",
    },
  },
  {
    name: "peers not installed and a quick run's smaller fleet",
    r: results({ ours: 1000, floor: 1000, rssMb: 100, hosts: 500, ourPolicy: 1 }),
    expected: {
      "50 hosts (recorded answers): ≥ 5× Ansible's hosts/min": "not measured",
      "50 hosts (recorded answers): within 1.25× of the ssh2 floor": "met",
      "5,000 hosts under 1 GiB RSS": "not measured (quick run)",
      "100 resources: policy cost per resource ≤ AWSGuard's": "not measured",
    },
  },
  {
    name: "hosts computing their answers are shown but not judged when recorded ones were measured",
    r: (() => {
      const r = results({ ours: 1000, floor: 900, ansible: 6000, rssMb: 600, hosts: 5000, ourPolicy: 1, peerPolicy: 2 });
      r.sshd.push(
        row("iisguard", 3000, 2900, 3000, "computed"),
        row("ssh2 floor", 2900, 2900, 3000, "computed"),
        row("ansible raw", 6000, 2900, 3000, "computed"),
      );
      return r;
    })(),
    expected: {
      "50 hosts (recorded answers): ≥ 5× Ansible's hosts/min": "met",
      "50 hosts (recorded answers): within 1.25× of the ssh2 floor": "met",
      "5,000 hosts under 1 GiB RSS": "met",
      "100 resources: policy cost per resource ≤ AWSGuard's": "met",
    },
  },
  {
    name: "only computed answers measured: those are judged",
    r: (() => {
      const r = results({ ours: 1000, floor: 900, ansible: 6000, rssMb: 600, hosts: 5000, ourPolicy: 1, peerPolicy: 2 });
      r.sshd = r.sshd.map((x) => ({ ...x, answers: "computed" as const }));
      return r;
    })(),
    expected: {
      "50 hosts (computed answers): ≥ 5× Ansible's hosts/min": "met",
      "50 hosts (computed answers): within 1.25× of the ssh2 floor": "met",
      "5,000 hosts under 1 GiB RSS": "met",
      "100 resources: policy cost per resource ≤ AWSGuard's": "met",
    },
  },
])("$name", ({ r, expected }) => {
  expect(verdicts(r)).toEqual(expected);
});

test("the report names its command, its repeats and every section", () => {
  const md = renderBenchmarks(results({ ours: 1000, floor: 900, ansible: 6000, rssMb: 600, hosts: 5000, ourPolicy: 1, peerPolicy: 2 }));
  expect(md).toMatch(/Generated by `npm run bench` on 2026-11-24 .* median of 3 run/);
  for (const heading of [
    "## Targets",
    "## Scan throughput on the real-sshd tier",
    "## Scale curve on the in-process tier",
    "## Policy evaluation",
    "## Remote checks at preview",
  ])
    expect(md).toContain(heading);
});

test("findings are computed from the run: the ceiling the floor sets, and each tool's CPU per host", () => {
  const r = results({ ours: 1000, floor: 900, ansible: 6000, rssMb: 600, hosts: 5000, ourPolicy: 1, peerPolicy: 2 });
  r.sshd.push(
    row("iisguard", 3000, 2900, 3000, "computed"),
    row("ssh2 floor", 2900, 2900, 3000, "computed"),
    row("ansible raw", 6000, 2900, 3000, "computed"),
  );
  const text = findings(r).join("\n");
  expect(text).toContain(
    "iisguard collects 6.00× as many hosts per minute as Ansible, at 1.11× the bare ssh2 floor's time; the floor itself is 6.67× Ansible's speed",
  );
  expect(text).toContain(
    "the floor is only 2.07× Ansible's speed, so no client can be 5× faster there; iisguard is 2.00× Ansible, at 1.03× the floor",
  );
  expect(text).toContain("iisguard 10 ms, Ansible 10 ms (1.0× iisguard's)");
  expect(text).toContain("What the policies add per resource: iisguard 1 ms, AWSGuard 2 ms");
});

test("the log-analysis target compares MB/s with GoAccess's, and is not measured without GoAccess", () => {
  const base = results({ ours: 1000, floor: 900, rssMb: 100, hosts: 500, ourPolicy: 1 });
  const row = (tool: "iisguard logs" | "goaccess", mbPerS: number) => ({
    tool,
    sizeMb: 1024,
    lines: 4_000_000,
    wallMs: 1,
    mbPerS,
    linesPerS: 1,
    peakRssMb: 90,
    cpuMs: 1,
    counted: "",
  });
  const target = "1024 MB W3C log: ≥ GoAccess's MB/s";
  expect(verdicts({ ...base, logs: [row("iisguard logs", 120), row("goaccess", 40)] })[target]).toBe("met");
  expect(verdicts({ ...base, logs: [row("iisguard logs", 30), row("goaccess", 40)] })[target]).toBe("**missed**");
  expect(verdicts({ ...base, logs: [row("iisguard logs", 30)] })[target]).toBe("not measured");
  expect(renderBenchmarks({ ...base, logs: [row("iisguard logs", 120), row("goaccess", 40)] })).toContain(
    "## Log analysis against GoAccess",
  );
});

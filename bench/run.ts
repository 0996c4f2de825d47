// `npm run bench [-- --quick]`: measures iisguard side by side with its peers in one run and writes
// docs/benchmarks.md and docs/benchmarks.json (a quick run writes them to a temporary directory:
// its smaller sizes must not replace the full run's figures).
// `npm run bench -- --only installed-package [--quick]` measures only the installed package beside
// AWSGuard and prints that section, dated, with its JSON in a temporary directory (for adding a
// section to docs/benchmarks.md without regenerating the rest).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { logAnalysis } from "./log-analysis";
import { describeMachine } from "./machine";
import { installedPackage, type InstalledResults } from "./installed-package";
import { packAndInstall } from "./installed-project";
import { installedSection, installedTargets, renderBenchmarks, type BenchResults } from "./markdown";
import { ROOT } from "./measure";
import { policyEvaluation } from "./policy-evaluation";
import { remotePreview } from "./remote-preview";
import { scaleCurve } from "./scale-curve";
import { powershellSessionMs as sshdPowershellSession, sshdThroughput } from "./sshd-throughput";

const QUICK = process.argv.includes("--quick");
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;
const SECTIONS = ["installed-package"];
if (ONLY !== undefined && !SECTIONS.includes(ONLY)) {
  process.stderr.write(`bench: --only ${JSON.stringify(ONLY)}: unknown section (known: ${SECTIONS.join(", ")})\n`);
  process.exit(2);
}
// Throughput is judged on hosts answering from a recording; one size is also run with hosts that
// compute their answer, to show what a heavy emulated host does to every tool's figures.
const PLAN = QUICK
  ? {
      repeats: 1,
      sshd: [
        { hosts: 20, answers: "recorded" as const },
        { hosts: 20, answers: "computed" as const },
        { hosts: 4, answers: "powershell" as const },
      ],
      sshdConcurrency: 20,
      scale: [10, 100, 500],
      policy: [100, 1000],
      logsMb: [20],
      installedRepeats: 3,
    }
  : {
      repeats: 3,
      sshd: [
        // pwsh per session on the rig's two cores: 8 hosts keep the collection within its timeouts.
        { hosts: 8, answers: "powershell" as const },
        { hosts: 8, answers: "recorded" as const },
        { hosts: 50, answers: "recorded" as const },
        { hosts: 200, answers: "recorded" as const },
        { hosts: 200, answers: "computed" as const },
      ],
      sshdConcurrency: 50,
      scale: [10, 100, 1000, 5000],
      policy: [100, 1000, 10_000],
      logsMb: [100, 1024],
      // Start-up is a second or two: more rounds cost little and steady the median on a shared machine.
      installedRepeats: 9,
    };

/** Packs and installs the package, measures it, and removes the temporary project whatever happens. */
async function measureInstalled(): Promise<InstalledResults> {
  const installed = packAndInstall();
  try {
    return await installedPackage(installed.project, PLAN.installedRepeats);
  } finally {
    installed.cleanup();
  }
}

async function onlyInstalled(): Promise<void> {
  const started = Date.now();
  const installed = await measureInstalled();
  const date = new Date().toISOString();
  const machine = describeMachine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-bench-installed-"));
  fs.writeFileSync(
    path.join(dir, "installed-package.json"),
    `${JSON.stringify({ date, quick: QUICK, repeats: PLAN.installedRepeats, seconds: Math.round((Date.now() - started) / 1000), machine, loadAverage: os.loadavg(), installed }, null, 2)}\n`,
  );
  const md = [
    `## The installed package beside AWSGuard (${date.slice(0, 10)})`,
    "",
    `Measured by \`npm run bench -- --only installed-package${QUICK ? " --quick" : ""}\` on ${date.slice(0, 10)} in ${Math.round((Date.now() - started) / 1000)} s (packing and installing included).`,
    `Machine: ${machine.summary}, Node.js ${process.version}; load average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(", ")} (other work shared the cores).`,
    "",
    ...installedSection(installed),
    "",
    ...installedTargets(installed).map((t) => `- ${t.target}: ${t.measured} — ${t.verdict}`),
    "",
  ].join("\n");
  process.stdout.write(`${md}\n(JSON written to ${dir})\n`);
}

(async () => {
  if (ONLY === "installed-package") return onlyInstalled();
  const started = Date.now();
  const sshd = await sshdThroughput(PLAN.sshd, PLAN.sshdConcurrency, PLAN.repeats);
  const powershellSessionMs = sshdPowershellSession(PLAN.repeats);
  const scale = await scaleCurve(PLAN.scale, PLAN.repeats);
  const policy = await policyEvaluation(PLAN.policy, PLAN.repeats);
  const remote = await remotePreview(PLAN.repeats);
  const logs = await logAnalysis(PLAN.logsMb, PLAN.repeats);
  const installed = await measureInstalled();
  const results: BenchResults = {
    date: new Date().toISOString(),
    quick: QUICK,
    repeats: PLAN.repeats,
    seconds: Math.round((Date.now() - started) / 1000),
    machine: describeMachine(),
    sshd,
    powershellSessionMs,
    scale,
    policy,
    remote,
    logs,
    installed,
  };
  const dir = QUICK ? fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-bench-quick-")) : path.join(ROOT, "docs");
  const md = renderBenchmarks(results);
  fs.writeFileSync(path.join(dir, "benchmarks.json"), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, "benchmarks.md"), md);
  process.stdout.write(`${md}\n(written to ${dir})\n`);
})().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});

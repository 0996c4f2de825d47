// Child process of the benchmark: one `iisguard scan` (the command function, as the CLI runs it)
// over an inventory, printing wall time, CPU and peak RSS of this process only.
import { scanCommand } from "../cli/commands/scan";
import { SCAN_TIMEOUTS } from "../cli/commands/scan";
import { fleetCollector } from "../emulator/fleet-collector";

const [inventoryFile, identityFile, knownHostsFile, concurrency, user] = process.argv.slice(2);
(async () => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { report } = await scanCommand(
    { inventory: inventoryFile, concurrency: Number(concurrency), failOn: "critical" },
    fleetCollector({ identityFile, knownHostsFile }, { ...SCAN_TIMEOUTS, user: user || "iisguard" }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const ok = report.hosts.filter((h) => h.status === "ok").length;
  // Hosts that could not be read are shown with their reason, so a benchmark never hides failures.
  for (const h of report.hosts) if (h.status !== "ok") process.stderr.write(`scan: ${h.server}: ${h.status}: ${h.reason ?? ""}\n`);
  process.stdout.write(
    `${JSON.stringify({ hosts: report.hosts.length, ok, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
})().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exit(1);
});

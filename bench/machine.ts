// The machine and tool versions a benchmark ran with, for the report's header.
import { spawnSync } from "child_process";
import * as os from "os";

/** A tool's version from its own output (some print it on stderr, as `ssh -V` does). */
function versionOf(cmd: string, args: string[], pattern: RegExp): string {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) return "not installed";
  return pattern.exec(`${r.stdout ?? ""}${r.stderr ?? ""}`)?.[1] ?? "unknown";
}

export interface MachineDescription {
  summary: string;
  tools: Record<string, string>;
}

export function describeMachine(): MachineDescription {
  const cpu = os.cpus();
  return {
    summary: `${cpu.length} × ${cpu[0]?.model.trim() ?? "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}`,
    tools: {
      node: process.version,
      openssh: versionOf("ssh", ["-V"], /OpenSSH_([^\s,]+)/),
      ansible: versionOf("ansible", ["--version"], /ansible \[core ([^\]]+)\]/),
      "parallel-ssh": versionOf("parallel-ssh", ["--version"], /(\d+\.\d+(?:\.\d+)?)/),
      goaccess: versionOf("goaccess", ["--version"], /GoAccess - ([\d.]+)/),
    },
  };
}

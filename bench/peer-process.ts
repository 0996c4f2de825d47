// Runs a peer tool (Ansible, parallel-ssh) as the command line a user would type, under GNU time
// for its peak RSS and CPU time (its own and its children's: the ssh processes it runs). The peer runs in a process group of its own: a tool that hangs is killed with
// all its ssh children at once — killing only the parent left children holding the pipes open.
import { spawn } from "child_process";
import * as fs from "fs";
import type { Measure } from "./measure";

export interface PeerRun {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Fed to the peer's stdin, then closed. */
  input?: string;
  hosts: number;
  /** Matches one line of the peer's output per host that answered with a collection, or counts them after the run. */
  answered: RegExp | (() => number);
  timeoutMs: number;
}

export function runPeer(run: PeerRun): Promise<Measure & { output: string }> {
  const gnuTime = fs.existsSync("/usr/bin/time");
  const [cmd, args] = gnuTime ? ["/usr/bin/time", ["-f", "MAXRSS=%M CPU=%U+%S", run.command, ...run.args]] : [run.command, run.args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { detached: true, env: run.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err = (err + d).slice(-65_536)));
    child.stdin.on("error", () => undefined); // a peer that exits before reading all of its input
    child.stdin.end(run.input ?? "");
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }, run.timeoutMs);
    child.once("error", (e) => (clearTimeout(timer), reject(e)));
    child.once("close", () => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      const rss = /MAXRSS=(\d+)/.exec(err)?.[1];
      const cpu = /CPU=([\d.]+)\+([\d.]+)/.exec(err);
      resolve({
        hosts: run.hosts,
        ok: typeof run.answered === "function" ? run.answered() : out.split("\n").filter((l) => (run.answered as RegExp).test(l)).length,
        wallMs: timedOut ? run.timeoutMs : wallMs,
        ...(rss && !timedOut ? { maxRssMb: Number(rss) / 1024 } : {}),
        ...(cpu && !timedOut ? { cpuMs: (Number(cpu[1]) + Number(cpu[2])) * 1000 } : {}),
        ...(timedOut ? { timedOut } : {}),
        output: out,
      });
    });
  });
}

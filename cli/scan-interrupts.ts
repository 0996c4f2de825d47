// What a terminal user sees while a scan runs: Ctrl-C or SIGTERM finishes the hosts in progress and
// writes a partial report (a second one quits at once), and a progress bar on a terminal.
import { SingleBar } from "cli-progress";
import type { HostResult } from "../core/report/scan-report";

export interface ScanWatch {
  signal: AbortSignal;
  onStart(total: number): void;
  onHostDone(result: HostResult, done: number): void;
  /** Stops the bar and stops listening for signals. */
  close(): void;
}

export function watchScan(progress: boolean): ScanWatch {
  const abort = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++interrupts > 1) process.exit(130);
    process.stderr.write(`\n${signal}: finishing the hosts in progress and writing a partial report (again to quit at once)\n`);
    abort.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const bar =
    progress && process.stderr.isTTY
      ? new SingleBar({
          format: "scanning {bar} {value}/{total} hosts | {failed} failed | {eta_formatted} left",
          stream: process.stderr,
          hideCursor: true,
        })
      : undefined;
  let failed = 0;
  return {
    signal: abort.signal,
    onStart: (total) => bar?.start(total, 0, { failed: 0 }),
    onHostDone: (result, done) => {
      if (result.status !== "ok") failed++;
      bar?.update(done, { failed });
    },
    close: () => {
      bar?.stop();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}

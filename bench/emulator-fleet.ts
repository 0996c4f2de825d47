// Starts bench/emulator-child.ts: N in-process emulated hosts in a process of their own, so the
// process measured carries none of the servers' cost. stop() returns the sessions the hosts served.
import { spawn } from "child_process";
import * as path from "path";
import * as readline from "readline";
import { REGISTER, ROOT } from "./measure";

export interface EmulatorFleetInfo {
  inventoryFile: string;
  identityFile: string;
  knownHostsFile: string;
  ports: number[];
}

export async function startEmulatorFleet(count: number): Promise<{ info: EmulatorFleetInfo; stop: () => Promise<number> }> {
  const child = spawn(process.execPath, ["-r", REGISTER, path.join(__dirname, "emulator-child.ts"), String(count)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the emulated fleet of ${count} hosts exited (code ${child.exitCode})`);
    return value;
  };
  const info = JSON.parse(await nextLine()) as EmulatorFleetInfo;
  return {
    info,
    stop: async () => {
      child.kill("SIGTERM");
      return (JSON.parse(await nextLine()) as { connections: number }).connections;
    },
  };
}

// Ctrl-C (SIGINT) and SIGTERM during `iisguard scan`: the hosts in progress finish (within their
// timeouts), the report is written, complete and atomic, listing every host.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulatedFleet, type EmulatedFleet } from "../../emulator/fleet";
import { ROOT } from "../helpers/pack";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-int-"));
let fleet: EmulatedFleet;
beforeAll(async () => {
  fleet = await startEmulatedFleet([{ server: "web01" }, { server: "web02", fault: "hang" }, { server: "web03" }, { server: "web04" }]);
});
afterAll(async () => {
  await fleet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test.each(["SIGINT", "SIGTERM"] as const)(
  "%s writes the partial report and exits 3",
  async (signal) => {
    const out = path.join(dir, signal);
    const child = spawn(
      process.execPath,
      // --no-logs: the emulated hosts' planted expired password would make the scan exit 1; this test is about exit 3.
      [
        path.join(ROOT, "bin/iisguard.js"),
        "scan",
        "--inventory",
        fleet.inventoryFile,
        "--identity",
        fleet.identityFile,
        "--known-hosts",
        fleet.knownHostsFile,
        "-c",
        "1",
        "--command-timeout",
        "1500",
        "--format",
        "json,text",
        "--output",
        out,
        "--no-progress",
        "--no-logs",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    // web01 answers at once, web02 hangs: interrupt once web02 is in progress.
    const web02 = fleet.hosts[1];
    const before = web02.connections;
    while (web02.connections === before) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 200)); // its command is running now
    child.kill(signal);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(stderr).toMatch(new RegExp(`${signal}: finishing the hosts in progress and writing a partial report`));
    expect(code).toBe(3);
    const report = JSON.parse(fs.readFileSync(path.join(out, "iisguard-scan.json"), "utf8"));
    expect(report.complete).toBe(false);
    expect(report.hosts.map((h: { server: string; status: string }) => `${h.server}:${h.status}`)).toEqual([
      "web01:ok",
      "web02:failed",
      "web03:not-scanned",
      "web04:not-scanned",
    ]);
    expect(fs.readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  },
  60_000,
);

test("--resume keeps the hosts an interrupted run read and scans only the others", async () => {
  const partial = path.join(dir, "SIGINT", "iisguard-scan.json"); // written by the SIGINT case above
  expect(fs.existsSync(partial)).toBe(true);
  const before = fleet.hosts.map((h) => h.connections);
  const out = path.join(dir, "resumed");
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, "bin/iisguard.js"),
      "scan",
      "--inventory",
      fleet.inventoryFile,
      "--identity",
      fleet.identityFile,
      "--known-hosts",
      fleet.knownHostsFile,
      "-c",
      "4",
      "--command-timeout",
      "1500",
      "--resume",
      partial,
      "--format",
      "json",
      "--output",
      out,
      "--no-progress",
      "--no-logs",
    ],
    { stdio: "ignore" },
  );
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  expect(code).toBe(3); // web02 still hangs
  const report = JSON.parse(fs.readFileSync(path.join(out, "iisguard-scan.json"), "utf8"));
  expect(report.complete).toBe(true);
  expect(report.hosts.map((h: { server: string; status: string }) => `${h.server}:${h.status}`)).toEqual([
    "web01:ok",
    "web02:failed",
    "web03:ok",
    "web04:ok",
  ]);
  // web01 was read by the interrupted run: not connected to again.
  expect(fleet.hosts.map((h, i) => h.connections - before[i])).toEqual([0, 1, 1, 1]);
}, 60_000);

// Child process of the benchmark: an emulated in-process fleet of N hosts, so the scanner measured
// in another process carries none of the servers' cost. Prints one JSON line when ready, then
// waits; SIGTERM stops it after printing the connection count.
import { startEmulatedFleet } from "../emulator/fleet";

const count = Number(process.argv[2]);
(async () => {
  const fleet = await startEmulatedFleet(Array.from({ length: count }, (_, i) => ({ server: `h${String(i + 1).padStart(5, "0")}` })));
  process.stdout.write(
    `${JSON.stringify({ inventoryFile: fleet.inventoryFile, identityFile: fleet.identityFile, knownHostsFile: fleet.knownHostsFile, ports: fleet.hosts.map((h) => h.port) })}\n`,
  );
  process.on("SIGTERM", async () => {
    const connections = fleet.hosts.reduce((n, h) => n + h.connections, 0);
    process.stdout.write(`${JSON.stringify({ connections })}\n`);
    await fleet.close();
    process.exit(0);
  });
})();

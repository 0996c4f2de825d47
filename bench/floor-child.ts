// The floor: the least any SSH-based scanner must do per host — ssh2 connect, exec the same
// collection command with the same stdin, read the answer, close — at the same concurrency, with
// no host-key check, parsing or rules. Prints the same measurements as scan-child.
import * as fs from "fs";
import * as net from "net";
import { Client } from "ssh2";
import YAML from "yaml";
import { COLLECT_SCRIPT, WINDOWS_LAYER } from "../remote/collector";
import { BOOTSTRAP_COMMAND, stdinEnvelope } from "../remote/powershell";

const [inventoryFile, identityFile, , concurrency, user] = process.argv.slice(2);
const inv = YAML.parse(fs.readFileSync(inventoryFile, "utf8")) as { hosts: { address: string; port: number }[] };
const privateKey = fs.readFileSync(identityFile);
const stdin = stdinEnvelope(WINDOWS_LAYER, COLLECT_SCRIPT, { roles: [], userSids: [] });

function one(host: { address: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(host.port, host.address, () => {
      sock.setNoDelay(true);
      const c = new Client();
      c.on("ready", () =>
        c.exec(BOOTSTRAP_COMMAND, (err, stream) => {
          if (err) return (c.end(), resolve(false));
          let n = 0;
          stream.on("data", (d: Buffer) => (n += d.length)).on("close", () => (c.end(), resolve(n > 0)));
          stream.stderr.resume();
          stream.end(stdin);
        }),
      ).on("error", () => resolve(false));
      c.connect({ sock, username: user || "iisguard", privateKey });
    });
    sock.on("error", () => resolve(false));
  });
}

(async () => {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  let ok = 0;
  await Promise.all(
    Array.from({ length: Number(concurrency) }, async () => {
      while (next < inv.hosts.length) if (await one(inv.hosts[next++])) ok++;
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    `${JSON.stringify({ hosts: inv.hosts.length, ok, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
})();

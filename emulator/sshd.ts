// The real-sshd tier: Debian's OpenSSH server on loopback ports, with its own config, throwaway
// host key and authorized client key, and a ForceCommand that plays Windows (forcecommand.js).
// One sshd serves at most 16 ports (OpenSSH's MAX_LISTEN_SOCKS); larger fleets start several.
//
// For benchmarks the hosts can instead answer from a recording: the emulator computes each host's
// answer to one given request up front, and the ForceCommand is a line of sh that reads the
// client's stdin to EOF and prints that answer. A real Windows host does its work on its own CPU;
// the Node.js ForceCommand does it on the same two cores as the client being measured.
import { execFileSync, spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { writeInventory } from "./inventory-file";
import { hostFacts } from "./host-facts";
import type { EmulatedServer } from "./fleet";
import { runCommand } from "./windows-shell";
import { pwshPath } from "./powershell/pwsh";
import { windowsHost } from "./windows-host";
import { writeWindowsFixture } from "./windows-fixture";

export const SSHD = "/usr/sbin/sshd";
/**
 * The account emulated hosts log in as. A system account whose shell is /bin/sh: sshd runs the
 * ForceCommand through the user's shell, and bash sources ~/.bashrc when started by sshd, which on
 * a developer's root account can cost more than the whole emulated session.
 */
export const EMULATOR_USER = "iisguard-emu";

function emulatorUser(): string {
  if (process.getuid?.() !== 0) return os.userInfo().username; // cannot create accounts: log in as ourselves
  try {
    execFileSync("id", ["-u", EMULATOR_USER], { stdio: "ignore" });
  } catch {
    // Password "*": no password login, but not "locked" ("!"), which sshd refuses without PAM.
    execFileSync(
      "useradd",
      ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/bin/sh", "--password", "*", EMULATOR_USER],
      { stdio: "ignore" },
    );
  }
  return EMULATOR_USER;
}
const PORTS_PER_DAEMON = 16;

export interface SshdFleet {
  dir: string;
  inventoryFile: string;
  identityFile: string;
  knownHostsFile: string;
  hosts: (EmulatedServer & { port: number })[];
  /** The account to log in as. */
  user: string;
  /** Parameters received per port (read from the ForceCommand's log; not with recorded answers). */
  received(port: number): unknown[];
  /** With recorded answers: records them again, so the clock they carry is now. */
  record(): void;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.once("error", reject);
  });
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect({ host: "127.0.0.1", port });
      sock.once("data", () => {
        sock.destroy();
        resolve(); // the SSH banner
      });
      sock.once("error", () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** The one request every session of a recorded fleet is answered as if it had sent. */
export interface RecordedRequest {
  command: string;
  stdin: string;
}

/** Its files live in a fresh directory of their own: the emulator account must be able to reach them. */
/** Writes each host's Windows state for the stand-in layer; returns the fixture directory per port. */
function writeWindowsStates(dir: string, hosts: (EmulatedServer & { port: number })[]): Map<number, string> {
  const dirs = new Map<number, string>();
  for (const h of hosts) {
    const fixture = path.join(dir, "windows", String(h.port));
    writeWindowsFixture(h.windows ?? windowsHost(h.server, h.variant), fixture);
    for (const [file, text] of Object.entries(h.windowsFiles ?? {})) {
      fs.mkdirSync(path.dirname(path.join(fixture, file)), { recursive: true });
      fs.writeFileSync(path.join(fixture, file), text);
    }
    dirs.set(h.port, fixture);
  }
  return dirs;
}

interface SshdKeys {
  hostKey: string;
  identityFile: string;
}

/** A host key for the daemons and a client key they accept. */
function makeKeys(dir: string): SshdKeys {
  const keygen = (file: string) => execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", file], { stdio: "ignore" });
  const hostKey = path.join(dir, "ssh_host_ed25519_key");
  const identityFile = path.join(dir, "id_ed25519");
  keygen(hostKey);
  keygen(identityFile);
  fs.copyFileSync(`${identityFile}.pub`, path.join(dir, "authorized_keys"));
  return { hostKey, identityFile };
}

/** Runs the recorded request once per host and keeps each answer, for a ForceCommand that only replays it. */
function recordAnswers(hosts: (EmulatedServer & { port: number })[], recorded: RecordedRequest, answersDir: string): void {
  fs.mkdirSync(answersDir, { recursive: true, mode: 0o755 });
  for (const h of hosts) {
    if (h.fault) throw new Error(`host ${h.server}: faults are not recorded; use computed answers`);
    const out = runCommand(recorded.command, recorded.stdin, { facts: hostFacts(h.server, h.variant), noise: true });
    if (out.code !== 0) throw new Error(`host ${h.server}: the recorded request fails (${out.stdout}${out.stderr})`);
    fs.writeFileSync(path.join(answersDir, `${h.port}.out`), out.stdout);
    fs.writeFileSync(path.join(answersDir, `${h.port}.err`), out.stderr);
  }
}

/** One daemon's configuration: loopback only, key authentication only, every session into the ForceCommand. */
function sshdConfig(dir: string, ports: number[], hostKey: string, forceCommand: string, pidFile: string): string {
  return [
    ...ports.map((p) => `Port ${p}`),
    "ListenAddress 127.0.0.1",
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    "PermitRootLogin prohibit-password",
    "UsePAM no",
    "StrictModes no", // the key lives under /tmp, which is world-writable: sshd would refuse it
    `PidFile ${pidFile}`,
    "MaxStartups 1000:30:1000",
    "MaxSessions 20",
    "LogLevel ERROR",
    `ForceCommand ${forceCommand}`,
    "",
  ].join("\n");
}

/** One sshd per PORTS_PER_DAEMON hosts (a daemon listens on several ports), ready when every port answers. */
async function startDaemons(dir: string, ports: number[], hostKey: string, forceCommand: string): Promise<ChildProcess[]> {
  const daemons: ChildProcess[] = [];
  for (let i = 0; i < ports.length; i += PORTS_PER_DAEMON) {
    const config = path.join(dir, `sshd_config.${i / PORTS_PER_DAEMON}`);
    fs.writeFileSync(config, sshdConfig(dir, ports.slice(i, i + PORTS_PER_DAEMON), hostKey, forceCommand, `${config}.pid`));
    daemons.push(spawn(SSHD, ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] }));
  }
  await Promise.all(ports.map((p) => waitForPort(p, 10_000)));
  return daemons;
}

function stopDaemons(daemons: ChildProcess[]): Promise<void[]> {
  return Promise.all(
    daemons.map(
      (d) =>
        new Promise<void>((resolve) => {
          if (d.exitCode !== null) return resolve();
          d.once("exit", () => resolve());
          d.kill("SIGTERM");
        }),
    ),
  );
}

/** What each host is and does, for the ForceCommand (forcecommand.js) that plays it. */
function writeHostsFile(hostsFile: string, dir: string, hosts: (EmulatedServer & { port: number })[], realPowerShell: boolean): void {
  const windowsStates = realPowerShell ? writeWindowsStates(dir, hosts) : new Map<number, string>();
  const pwsh = realPowerShell ? pwshPath() : undefined;
  const entries = hosts.map((h) => [
    h.port,
    { facts: hostFacts(h.server, h.variant), fault: h.fault, noise: true, windowsFixture: windowsStates.get(h.port), pwsh },
  ]);
  fs.writeFileSync(hostsFile, JSON.stringify(Object.fromEntries(entries)));
}

/**
 * Its files live in a fresh directory of their own: the emulator account must be able to reach them.
 * `realPowerShell`: every host runs the real bootstrap and collection script under pwsh, with the
 * Windows layer played by the stand-in from the host's Windows state (otherwise hosts answer with
 * the fact document of their variant).
 */
export async function startSshdFleet(
  servers: EmulatedServer[],
  opts: { stackExport?: string; recorded?: RecordedRequest; realPowerShell?: boolean } = {},
): Promise<SshdFleet> {
  if (!fs.existsSync(SSHD)) throw new Error(`${SSHD} is missing: install Debian's openssh-server (.ci/run does)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-sshd-"));
  fs.chmodSync(dir, 0o755); // the emulator account reads authorized_keys and hosts.json below it
  const user = emulatorUser();
  const receivedDir = path.join(dir, "received");
  fs.mkdirSync(receivedDir, { recursive: true, mode: 0o777 });
  fs.chmodSync(receivedDir, 0o777); // the ForceCommand, running as the emulator account, logs parameters here
  fs.mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
  const { hostKey, identityFile } = makeKeys(dir);

  const hosts: (EmulatedServer & { port: number })[] = [];
  for (const s of servers) hosts.push({ ...s, port: await freePort() });
  const hostsFile = path.join(receivedDir, "hosts.json");
  writeHostsFile(hostsFile, dir, hosts, opts.realPowerShell ?? false);
  const answersDir = path.join(dir, "answers");
  const record = () => {
    if (opts.recorded) recordAnswers(hosts, opts.recorded, answersDir);
  };
  try {
    record();
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  // sshd runs the ForceCommand with the account's shell (/bin/sh); the 4th word of SSH_CONNECTION is the port.
  const forceCommand = opts.recorded
    ? `set -- $SSH_CONNECTION; cat >/dev/null; cat ${answersDir}/$4.err >&2; exec cat ${answersDir}/$4.out`
    : `${process.execPath} ${path.join(__dirname, "forcecommand.js")} ${hostsFile}`;
  const daemons = await startDaemons(
    dir,
    hosts.map((h) => h.port),
    hostKey,
    forceCommand,
  );

  const knownHostsFile = path.join(dir, "known_hosts");
  const pub = fs.readFileSync(`${hostKey}.pub`, "utf8").trim().split(/\s+/).slice(0, 2).join(" ");
  fs.writeFileSync(knownHostsFile, `${hosts.map((h) => `[127.0.0.1]:${h.port} ${pub}`).join("\n")}\n`);
  const inventoryFile = path.join(dir, "inventory.yaml");
  writeInventory(inventoryFile, hosts, user, opts.stackExport);
  return {
    dir,
    inventoryFile,
    identityFile,
    knownHostsFile,
    hosts,
    user,
    record,
    received: (port) => {
      const file = path.join(receivedDir, `received-${port}.jsonl`);
      return fs.existsSync(file)
        ? fs
            .readFileSync(file, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l))
        : [];
    },
    close: async () => {
      await stopDaemons(daemons);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

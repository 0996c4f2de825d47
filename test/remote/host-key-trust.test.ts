// Host key trust over real SSH (ssh2 servers on 127.0.0.1): trust on first use binds the key for
// the rest of the run, hosts with several key types present the one known_hosts holds, and
// @cert-authority lines are refused rather than mistaken for an unknown host.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { hostKeyAlgorithms } from "../../remote/host-key-trust";
import { parseKnownHosts, readKnownHosts } from "../../remote/known-hosts";
import type { RemoteError } from "../../remote/remote-error";
import { SshSession, type SshOptions } from "../../remote/ssh-session";
import { keyPair } from "../../emulator/keys";
import { startEmulatedHost } from "../../emulator/ssh-host";
import { CLIENT_KEY } from "../helpers/inprocess-tier";
import { alternatingProxy, hostKey, knownLine, multiKeyServer, type Listening } from "./host-key-servers";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-trust-"));
const running: Listening[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});
const started = async (s: Promise<Listening>) => {
  const l = await s;
  running.push(l);
  return l;
};

const keys = { ed25519: hostKey("ed25519"), ecdsa: hostKey("ecdsa"), rsa: hostKey("rsa") };
const other = { ed25519: hostKey("ed25519"), ecdsa: hostKey("ecdsa"), rsa: hostKey("rsa") };

let fileNo = 0;
function knownHostsFile(lines: string[]): string {
  const file = path.join(dir, `known_hosts.${++fileNo}`);
  fs.writeFileSync(file, lines.map((l) => `${l}\n`).join(""));
  return file;
}
const options = (file: string, acceptNewHostKeys = false): SshOptions => ({
  credentials: { privateKey: CLIENT_KEY.parsedPrivate },
  knownHosts: readKnownHosts(file),
  acceptNewHostKeys,
  connectTimeoutMs: 5000,
  keepaliveIntervalMs: 10_000,
  maxChannels: 2,
});
const endpoint = (port: number) => ({ host: "127.0.0.1", port, username: "iisguard" });

/** Connects, runs a command, closes: "ok", or the refusal. */
async function reach(port: number, opts: SshOptions): Promise<"ok" | RemoteError> {
  try {
    const session = await SshSession.connect(endpoint(port), opts);
    try {
      const r = await session.exec("hostname", "", { timeoutMs: 5000, maxOutputBytes: 1024 });
      return r.stdout.toString() === "ok" ? "ok" : (new Error(`unexpected answer ${r.stdout}`) as RemoteError);
    } finally {
      session.close();
    }
  } catch (e) {
    return e as RemoteError;
  }
}
const entriesIn = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");

describe("trust on first use", () => {
  let proxy: Listening;
  beforeAll(async () => {
    const a = await started(multiKeyServer([keys.ed25519]));
    const b = await started(multiKeyServer([other.ed25519]));
    proxy = await started(alternatingProxy([a.port, b.port]));
  });

  test("a key learned on first use is enforced for the rest of the run", async () => {
    const file = knownHostsFile([]);
    const opts = options(file, true);
    expect(await reach(proxy.port, opts)).toBe("ok"); // learns one upstream's key
    const second = await reach(proxy.port, opts); // the other upstream, same host:port
    expect(second).toMatchObject({
      kind: "host-key",
      message: expect.stringMatching(
        new RegExp(`\\[127\\.0\\.0\\.1\\]:${proxy.port} .*does not match .*known_hosts\\.\\d+ line 1: refusing`),
      ),
    });
    expect(await reach(proxy.port, opts)).toBe("ok"); // the learned key still opens the door
    expect(entriesIn(file)).toHaveLength(1);
    expect(readKnownHosts(file).entries).toHaveLength(1);
  });

  test("concurrent first connections to one host:port learn one key, not one each", async () => {
    const file = knownHostsFile([]);
    const opts = options(file, true);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => reach(proxy.port, opts)));
    const ok = outcomes.filter((o) => o === "ok").length;
    expect(ok).toBe(3); // the connections that met the learned upstream's key
    for (const o of outcomes.filter((x) => x !== "ok"))
      expect(o).toMatchObject({ kind: "host-key", message: expect.stringMatching(/does not match/) });
    expect(entriesIn(file)).toHaveLength(1);
  });

  test("a bastion reached once per target is learned once, then held to that key", async () => {
    const bastion = await startEmulatedHost({
      facts: {},
      hostKey: keyPair().private,
      authorizedKeys: [CLIENT_KEY.parsedPublic],
      allowForwarding: true,
    });
    running.push(bastion);
    const target = await started(multiKeyServer([keys.ed25519]));
    const file = knownHostsFile([]);
    const opts = { ...options(file, true), bastion: endpoint(bastion.port) };
    expect(await Promise.all([reach(target.port, opts), reach(target.port, opts), reach(target.port, opts)])).toEqual(["ok", "ok", "ok"]);
    expect(entriesIn(file)).toHaveLength(2); // the bastion's key and the target's, once each
  });

  test("a key that cannot be recorded is refused, naming the file", async () => {
    const server = await started(multiKeyServer([keys.ed25519]));
    const file = path.join(dir, "not-a-directory");
    fs.writeFileSync(file, "");
    // Read as empty (as a missing file would be); appending to it fails: its "directory" is a file.
    const opts = { ...options(file, true), knownHosts: parseKnownHosts("", path.join(file, "known_hosts")) };
    const err = await reach(server.port, opts);
    expect(err).toMatchObject({
      kind: "host-key",
      message: expect.stringContaining(`could not be recorded: known_hosts ${path.join(file, "known_hosts")}: cannot record`),
    });
    expect(await reach(server.port, opts)).toMatchObject({ kind: "host-key" }); // nothing was learned in memory either
  });
});

describe("@cert-authority", () => {
  test("a host covered only by @cert-authority is refused and never trusted on first use", async () => {
    const server = await started(multiKeyServer([keys.ed25519]));
    const file = knownHostsFile([
      knownLine(server.port, other.ed25519, "@cert-authority").replace(`[127.0.0.1]:${server.port}`, "[127.0.0.*]:*"),
    ]);
    const before = fs.readFileSync(file, "utf8");
    const err = await reach(server.port, options(file, true));
    expect(err).toMatchObject({
      kind: "host-key",
      message: expect.stringMatching(/covered only by @cert-authority in .* line 1: certificate host keys are not supported/),
    });
    expect(fs.readFileSync(file, "utf8")).toBe(before);
  });

  test("a host with a plain key as well is judged by that key", async () => {
    const server = await started(multiKeyServer([keys.ed25519]));
    const file = knownHostsFile([knownLine(server.port, other.ed25519, "@cert-authority"), knownLine(server.port, keys.ed25519)]);
    expect(await reach(server.port, options(file))).toBe("ok");
  });
});

describe("hosts with several host keys (Windows OpenSSH has rsa, ecdsa and ed25519)", () => {
  let server: Listening;
  beforeAll(async () => {
    server = await started(multiKeyServer([keys.ed25519, keys.rsa, keys.ecdsa]));
  });

  test.each(["rsa", "ecdsa", "ed25519"] as const)(
    "a host offering ed25519, ecdsa and rsa is accepted when known_hosts holds only its %s key",
    async (type) => {
      expect(await reach(server.port, options(knownHostsFile([knownLine(server.port, keys[type])])))).toBe("ok");
    },
  );

  test.each(["rsa", "ecdsa", "ed25519"] as const)(
    "a host offering ed25519, ecdsa and rsa is refused when known_hosts holds a different %s key",
    async (type) => {
      const err = await reach(server.port, options(knownHostsFile([knownLine(server.port, other[type])])));
      const presented = type === "ed25519" ? "ssh-ed25519" : type === "rsa" ? "ssh-rsa" : "ecdsa-sha2-nistp256";
      // The host is asked for the type known_hosts holds, so the refusal compares like with like.
      expect(err).toMatchObject({
        kind: "host-key",
        message: expect.stringMatching(
          new RegExp(`\\(${presented} SHA256:.*does not match .* line 1: refusing to connect \\(possible man-in-the-middle\\)`),
        ),
      });
    },
  );

  test("the algorithms offered put the known key types first, in ssh2's order, as OpenSSH's order_hostkeyalgs does", () => {
    const known = parseKnownHosts(
      [knownLine(2222, keys.rsa), knownLine(2222, keys.ecdsa), knownLine(2223, keys.ed25519)].join("\n"),
      "known_hosts",
    );
    expect(hostKeyAlgorithms(known, "127.0.0.1", 2222)).toEqual([
      "ecdsa-sha2-nistp256",
      "rsa-sha2-512",
      "rsa-sha2-256",
      "ssh-rsa",
      "ssh-ed25519",
      "ecdsa-sha2-nistp384",
      "ecdsa-sha2-nistp521",
    ]);
    expect(hostKeyAlgorithms(known, "127.0.0.1", 2224)).toBeUndefined(); // nothing known: ssh2's defaults
  });
});

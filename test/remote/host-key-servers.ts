// SSH servers on loopback for host key tests: one that holds several host keys (as Windows OpenSSH
// does: rsa, ecdsa and ed25519), and a TCP proxy that hands each new connection to the next of its
// upstreams in turn (a man-in-the-middle alternating two keys on one port).
import * as net from "net";
import { Server, utils, type Connection } from "ssh2";

export interface HostKey {
  /** OpenSSH private key text. */
  private: string;
  /** known_hosts form: "ssh-rsa AAAA…". */
  public: string;
}

export function hostKey(type: "ed25519" | "ecdsa" | "rsa"): HostKey {
  for (;;) {
    const pair =
      type === "rsa"
        ? utils.generateKeyPairSync("rsa", { bits: 2048 })
        : type === "ecdsa"
          ? utils.generateKeyPairSync("ecdsa", { bits: 256 })
          : utils.generateKeyPairSync("ed25519");
    // ssh2 sometimes writes an ed25519 public key it cannot parse back (see emulator/keys.ts): draw again.
    if (!(utils.parseKey(pair.public) instanceof Error)) return { private: pair.private, public: pair.public.trim() };
  }
}

/** A known_hosts line for 127.0.0.1:port. */
export const knownLine = (port: number, key: HostKey, marker = ""): string =>
  `${marker ? `${marker} ` : ""}[127.0.0.1]:${port} ${key.public.split(/\s+/).slice(0, 2).join(" ")}`;

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/**
 * An SSH server holding every key of `keys`; it presents the one whose algorithm the client
 * prefers (RFC 4253 §7.1: the first algorithm on the client's list the server also supports). It
 * lets anyone in (these tests are about the server's key, not the client's) and answers any command
 * with "ok".
 */
export function multiKeyServer(keys: HostKey[]): Promise<Listening> {
  const open = new Set<Connection>();
  const server = new Server({ hostKeys: keys.map((k) => k.private) }, (conn) => {
    open.add(conn);
    conn.on("close", () => open.delete(conn));
    conn.on("error", () => undefined); // a client refusing our key hangs up mid-handshake
    conn.on("authentication", (ctx) => ctx.accept());
    conn.on("ready", () =>
      conn.on("session", (accept) =>
        accept().on("exec", (acceptExec) => {
          const stream = acceptExec();
          stream.on("data", () => undefined);
          stream.on("end", () => {
            stream.write("ok");
            stream.exit(0);
            stream.end();
          });
        }),
      ),
    );
  });
  return listen(server, () => {
    for (const c of open) c.end();
  });
}

/** A TCP proxy on one port handing connection i to upstreams[i % n]. */
export function alternatingProxy(upstreamPorts: number[]): Promise<Listening> {
  let next = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPorts[next++ % upstreamPorts.length], "127.0.0.1");
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  return listen(server, () => {
    for (const s of sockets) s.destroy();
  });
}

function listen(server: net.Server | Server, dropAll: () => void): Promise<Listening> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            dropAll();
            server.close(() => done());
          }),
      }),
    );
  });
}

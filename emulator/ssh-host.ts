// An in-process SSH server that plays a Windows host behind Windows OpenSSH: it authenticates a
// public key, answers iisguard's PowerShell bootstrap with fixture facts, and can misbehave in the
// ways real hosts do (hang, drop mid-output, drip slowly, print garbage, flood, lie in its exit
// code, refuse channels, refuse the key).
import { timingSafeEqual } from "crypto";
import * as net from "net";
import {
  Server,
  type AcceptConnection,
  type AuthContext,
  type Connection,
  type ParsedKey,
  type RejectConnection,
  type ServerChannel,
  type Session,
  type TcpipRequestInfo,
} from "ssh2";
import { runCommand } from "./windows-shell";

export type Fault =
  | "hang"
  | "drop"
  | "drip"
  | "garbage"
  | "flood"
  | "wrong-exit"
  | "script-error"
  | "channel-refused"
  | "auth-fail"
  | "no-exit-status"
  | "hostile-json";

export interface EmulatedHostOptions {
  facts: Record<string, unknown>;
  /** Private host key (OpenSSH or PEM text). */
  hostKey: string | Buffer;
  /** Public keys allowed to log in (utils.parseKey of an authorized_keys line). */
  authorizedKeys: ParsedKey[];
  fault?: Fault;
  noise?: boolean;
  onParams?: (script: string, params: unknown) => void;
  /** Milliseconds between drip chunks. */
  dripMs?: number;
  /** Act as a bastion: open direct-tcpip channels (ssh -J) to loopback destinations. */
  allowForwarding?: boolean;
}

export interface EmulatedHost {
  port: number;
  /** Connections accepted so far (sessions counted on the server side). */
  readonly connections: number;
  close(): Promise<void>;
}

/** 64 MiB of "A", as fast as the client takes it: the answer cap must stop it. */
function flood(stream: ServerChannel, done: () => void): void {
  const chunk = "A".repeat(64 * 1024);
  let sent = 0;
  const pump = () => {
    while (sent < 64 * 1024 * 1024 && stream.writable) {
      sent += chunk.length;
      if (!stream.write(chunk)) return void stream.once("drain", pump);
    }
    done();
  };
  pump();
}

/** The real answer, 16 characters every `everyMs`: slow but alive, for the host timeout to judge. */
function drip(stream: ServerChannel, text: string, everyMs: number, done: () => void): void {
  let i = 0;
  const timer = setInterval(() => {
    if (i >= text.length || !stream.writable) {
      clearInterval(timer);
      if (stream.writable) done();
      return;
    }
    stream.write(text.slice(i, i + 16));
    i += 16;
  }, everyMs);
  stream.on("close", () => clearInterval(timer));
}

function respond(
  stream: ServerChannel,
  conn: Connection,
  out: { stdout: string; stderr: string; code: number },
  opts: EmulatedHostOptions,
): void {
  const finish = (code: number | null) => {
    if (code !== null) stream.exit(code);
    stream.end();
  };
  switch (opts.fault) {
    case "hang":
      return; // never answers; the client's command timeout must fire
    case "drop":
      stream.write(out.stdout.slice(0, Math.max(1, Math.floor(out.stdout.length / 2))));
      setTimeout(() => conn.end(), 5);
      return;
    case "garbage":
      stream.write("<html><body>Service Unavailable</body></html>\r\n");
      return finish(0);
    case "flood":
      return flood(stream, () => finish(0));
    case "drip":
      return drip(stream, out.stdout, opts.dripMs ?? 200, () => finish(out.code));
    case "wrong-exit":
      stream.write(out.stdout);
      return finish(5);
    case "no-exit-status":
      stream.write(out.stdout);
      return finish(null);
    case "hostile-json": {
      // Built to break a careless parser: prototype keys, absurd nesting, wrong types everywhere.
      const deep = "[".repeat(20_000) + "]".repeat(20_000);
      stream.write(
        `{"status":"ok","data":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"schema":1,"sites":[{"name":{"__proto__":1},"applications":${deep},"bindings":"*:80:"}],"principals":[{"name":"__proto__","sid":"S-1-5-32-544","members":[]}]}}`,
      );
      return finish(0);
    }
    case "script-error":
      stream.write(
        JSON.stringify({ status: "error", error: "Get-Website : Cannot find drive. A drive with the name 'IIS' does not exist." }),
      );
      return finish(1);
    default:
      if (out.stderr) stream.stderr.write(out.stderr);
      stream.write(out.stdout);
      return finish(out.code);
  }
}

/** Public keys only, by constant-time comparison, with the signature checked as sshd does. */
function authenticate(ctx: AuthContext, opts: EmulatedHostOptions): void {
  if (opts.fault === "auth-fail" || ctx.method !== "publickey") return ctx.reject(["publickey"]);
  const key = opts.authorizedKeys.find((k) => {
    const blob = k.getPublicSSH();
    return k.type === ctx.key.algo && blob.length === ctx.key.data.length && timingSafeEqual(blob, ctx.key.data);
  });
  if (!key) return ctx.reject(["publickey"]);
  if (!ctx.signature) return ctx.accept(); // the client asks whether this key would do
  if (!ctx.blob || key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(["publickey"]);
  ctx.accept();
}

/** A bastion's direct-tcpip: only to loopback, only when the host plays a bastion. */
function forwardToLoopback(
  accept: AcceptConnection<ServerChannel>,
  reject: RejectConnection,
  info: TcpipRequestInfo,
  opts: EmulatedHostOptions,
): void {
  if (!opts.allowForwarding || !/^127\./.test(info.destIP)) return reject();
  const upstream = net.connect(info.destPort, info.destIP);
  upstream.once("connect", () => {
    const channel = accept();
    channel.pipe(upstream).pipe(channel);
    channel.on("close", () => upstream.destroy());
    upstream.on("close", () => channel.close());
  });
  upstream.once("error", () => reject());
}

/** One exec per session: the command line and its stdin, answered (or not) as the host's fault says. */
function serveSession(session: Session, conn: Connection, opts: EmulatedHostOptions): void {
  session.on("pty", (_accept, reject) => reject?.()); // Windows OpenSSH use must never ask for one
  session.on("exec", (acceptExec, _reject, info) => {
    const stream = acceptExec();
    const input: Buffer[] = [];
    stream.on("data", (d: Buffer) => input.push(d));
    stream.on("end", () => {
      const out = runCommand(info.command, Buffer.concat(input).toString("utf8"), {
        facts: opts.facts,
        noise: opts.noise,
        onParams: opts.onParams,
      });
      respond(stream, conn, out, opts);
    });
  });
}

export function startEmulatedHost(opts: EmulatedHostOptions, port = 0): Promise<EmulatedHost> {
  let connections = 0;
  const open = new Set<Connection>();
  const server = new Server({ hostKeys: [opts.hostKey] }, (conn) => {
    connections++;
    open.add(conn);
    (conn as Connection & { setNoDelay(on: boolean): void }).setNoDelay(true); // untyped in @types/ssh2
    conn.on("close", () => open.delete(conn));
    conn.on("error", () => undefined); // a client hanging up mid-handshake is not our failure
    conn.on("authentication", (ctx) => authenticate(ctx, opts));
    conn.on("ready", () => {
      conn.on("tcpip", (accept, reject, info) => forwardToLoopback(accept, reject, info, opts));
      conn.on("session", (acceptSession, rejectSession) => {
        if (opts.fault === "channel-refused") return rejectSession();
        serveSession(acceptSession(), conn, opts);
      });
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address() as { port: number };
      resolve({
        port: address.port,
        get connections() {
          return connections;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const c of open) c.end();
            server.close(() => done());
          }),
      });
    });
  });
}

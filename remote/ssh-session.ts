// One SSH connection per host (the only module that imports ssh2's client). Host keys are
// verified against known_hosts and refused when they do not match: fail closed, unless the caller
// explicitly opted in to learning keys of hosts it has never seen (host-key-trust.ts decides). A
// bastion is reached the same way, and each target is tunnelled through it with forwardOut.
import * as net from "net";
import { Client, type ClientChannel, type ConnectConfig, type ParsedKey } from "ssh2";
import { hostKeyAlgorithms, hostKeyVerifier } from "./host-key-trust";
import type { KnownHosts } from "./known-hosts";
import { RemoteError } from "./remote-error";

export interface SshEndpoint {
  host: string;
  port: number;
  username: string;
}

export interface SshCredentials {
  /** Parsed once per run (decrypting a passphrase-protected key costs ~360 ms). */
  privateKey?: ParsedKey;
  /** Path of an SSH agent socket. */
  agent?: string;
  password?: string;
}

export interface SshOptions {
  credentials: SshCredentials;
  knownHosts: KnownHosts;
  /**
   * Opt-in: record keys of hosts absent from known_hosts (never replaces a known key). A key learned
   * binds host:port for the rest of the run, as if it had been in the file.
   */
  acceptNewHostKeys?: boolean;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  /** Channels open at once on this connection; OpenSSH starts refusing below MaxSessions (10). */
  maxChannels: number;
  bastion?: SshEndpoint;
}

export interface ExecLimits {
  timeoutMs: number;
  maxOutputBytes: number;
}

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: Buffer;
  stderr: Buffer;
}

function classify(err: Error & { level?: string }, endpoint: SshEndpoint): RemoteError {
  if (err instanceof RemoteError) return err;
  const where = `${endpoint.username}@${endpoint.host}:${endpoint.port}`;
  switch (err.level) {
    case "client-authentication":
      return new RemoteError("auth", `${where}: authentication failed (${err.message})`);
    case "client-timeout":
      return new RemoteError("timeout", `${where}: no SSH handshake within the connect timeout`);
    case "client-socket":
      return new RemoteError("connect", `${where}: ${err.message}`);
    default:
      return new RemoteError("connect", `${where}: ${err.message}`);
  }
}

function connectClient(endpoint: SshEndpoint, opts: SshOptions, sock: net.Socket | NodeJS.ReadWriteStream): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let refusal: RemoteError | undefined;
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) {
        client.destroy();
        reject(refusal ?? classify(err, endpoint));
      } else resolve(client);
    };
    const { privateKey, agent, password } = opts.credentials;
    const methods: NonNullable<ConnectConfig["authHandler"]> = [];
    if (agent) methods.push({ type: "agent", username: endpoint.username, agent } as never);
    if (privateKey) methods.push({ type: "publickey", username: endpoint.username, key: privateKey } as never);
    if (password !== undefined) methods.push({ type: "password", username: endpoint.username, password } as never);
    client
      .on("ready", () => settle())
      .on("error", (e) => settle(e))
      .on("close", () =>
        settle(new RemoteError("dropped", `${endpoint.host}:${endpoint.port} closed the connection during the handshake`)),
      );
    const serverHostKey = hostKeyAlgorithms(opts.knownHosts, endpoint.host, endpoint.port);
    client.connect({
      sock: sock as net.Socket,
      username: endpoint.username,
      readyTimeout: opts.connectTimeoutMs,
      keepaliveInterval: opts.keepaliveIntervalMs,
      keepaliveCountMax: 3,
      hostVerifier: hostKeyVerifier(endpoint, opts, client, (e) => (refusal = e)),
      ...(serverHostKey ? { algorithms: { serverHostKey } } : {}),
      authHandler: methods,
    });
  });
}

function tcp(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new RemoteError("timeout", `${host}:${port}: no TCP connection within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.once("connect", () => {
      clearTimeout(timer);
      sock.setNoDelay(true); // ssh2 does not: every round trip would pay delayed-ACK otherwise
      resolve(sock);
    });
    sock.once("error", (e) => {
      clearTimeout(timer);
      reject(new RemoteError("connect", `${host}:${port}: ${e.message}`));
    });
  });
}

export class SshSession {
  private open = 0;
  private readonly waiting: (() => void)[] = [];

  private constructor(
    private readonly client: Client,
    private readonly maxChannels: number,
    readonly endpoint: SshEndpoint,
    private readonly bastion?: Client,
  ) {}

  static async connect(endpoint: SshEndpoint, opts: SshOptions): Promise<SshSession> {
    if (!opts.bastion) {
      const client = await connectClient(endpoint, opts, await tcp(endpoint.host, endpoint.port, opts.connectTimeoutMs));
      return new SshSession(client, opts.maxChannels, endpoint);
    }
    const jump = await connectClient(opts.bastion, opts, await tcp(opts.bastion.host, opts.bastion.port, opts.connectTimeoutMs));
    try {
      const stream = await new Promise<ClientChannel>((resolve, reject) =>
        jump.forwardOut("127.0.0.1", 0, endpoint.host, endpoint.port, (err, ch) =>
          err
            ? reject(
                new RemoteError(
                  "connect",
                  `bastion ${opts.bastion!.host} could not reach ${endpoint.host}:${endpoint.port}: ${err.message}`,
                ),
              )
            : resolve(ch),
        ),
      );
      const client = await connectClient(endpoint, opts, stream);
      return new SshSession(client, opts.maxChannels, endpoint, jump);
    } catch (e) {
      jump.end();
      throw e;
    }
  }

  private async acquire(): Promise<void> {
    if (this.open < this.maxChannels) {
      this.open++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.open--;
  }

  private openChannel(command: string, attempt = 0): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, stream) => {
        if (!err) return resolve(stream);
        // The server may refuse a channel under load (MaxSessions); back off and retry a few times.
        if (attempt < 4 && /open failure|open failed|Channel open/i.test(err.message)) {
          setTimeout(() => this.openChannel(command, attempt + 1).then(resolve, reject), 25 * 2 ** attempt);
        } else reject(new RemoteError("channel", `${this.endpoint.host}: cannot open a channel: ${err.message}`));
      });
    });
  }

  /** Runs `command` (never with a pty), writes `stdin` and ends it, collects output within limits. */
  async exec(command: string, stdin: string | Buffer, limits: ExecLimits): Promise<ExecResult> {
    await this.acquire();
    try {
      const stream = await this.openChannel(command);
      return await new Promise<ExecResult>((resolve, reject) => {
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        let bytes = 0;
        let code: number | null = null;
        let signal: string | undefined;
        let failed: RemoteError | undefined;
        const fail = (e: RemoteError) => {
          if (failed) return;
          failed = e;
          stream.close();
          reject(e);
        };
        const timer = setTimeout(
          () => fail(new RemoteError("timeout", `${this.endpoint.host}: command produced no result within ${limits.timeoutMs} ms`)),
          limits.timeoutMs,
        );
        const collect = (into: Buffer[]) => (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > limits.maxOutputBytes)
            return fail(new RemoteError("output-too-large", `${this.endpoint.host}: output exceeded ${limits.maxOutputBytes} bytes`));
          into.push(chunk);
        };
        stream.on("data", collect(out));
        stream.stderr.on("data", collect(err));
        stream.on("exit", (c: number | null, s?: string) => {
          code = c;
          signal = s ?? undefined;
        });
        const onDrop = () => fail(new RemoteError("dropped", `${this.endpoint.host}: connection dropped before the command finished`));
        this.client.once("close", onDrop);
        stream.on("close", () => {
          clearTimeout(timer);
          this.client.removeListener("close", onDrop);
          if (failed) return;
          resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err) });
        });
        stream.end(stdin);
      });
    } finally {
      this.release();
    }
  }

  close(): void {
    this.client.end();
    this.bastion?.end();
  }
}

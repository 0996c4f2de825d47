// Collectors read what is deployed on one host. The SSH collector is the real one; the fixture
// collector answers from recorded fact documents and doubles as the test double. Both return the
// same ObservedHost and fail with a RemoteError naming the reason.
import * as fs from "fs";
import * as path from "path";
import { answerLimitBreaches } from "./answer-limits";
import { parseHostFacts, type ObservedHost } from "./facts";
import { BOOTSTRAP_COMMAND, parseAnswer, stdinEnvelope } from "./powershell";
import { RemoteError } from "./remote-error";
import { SshSession, type ExecLimits, type SshOptions } from "./ssh-session";

export interface HostTarget {
  /** The name declarations use ("web01"). */
  server: string;
  /** Where to connect; defaults to `server`. */
  address?: string;
  port?: number;
  username?: string;
}

export interface CollectParams {
  /** Group names to resolve besides those the host's own authorization rules name. */
  roles: string[];
  /** Users whose WinINet proxy settings matter. */
  userSids: string[];
  /** Paths the declaration names, read even when the server has nothing configured there. */
  paths?: { site: string; path: string }[];
  /** Log evidence: files last written within this many hours (remote/ssh-defaults.ts LOG_DEFAULTS). */
  logWindowHours?: number;
  /** Bytes of log read per site, newest first; 0 or absent: logs are not read. */
  logByteCap?: number;
  /** What may travel for the whole host: the answer limits (remote/answer-limits.ts logLines, logBytes). */
  logMaxLines?: number;
  logMaxBytes?: number;
}

export interface Collector {
  collect(target: HostTarget, params: CollectParams): Promise<ObservedHost>;
}

export const COLLECT_SCRIPT = fs.readFileSync(path.join(__dirname, "scripts", "collect-host.ps1"), "utf8");
/** The only code that touches Windows; sent with the script, swapped for stand-ins on emulated hosts. */
export const WINDOWS_LAYER = fs.readFileSync(path.join(__dirname, "scripts", "windows-layer.ps1"), "utf8");

export interface SshCollectorOptions extends SshOptions {
  defaultUsername: string;
  limits: ExecLimits;
  /** Whole-host budget: connect, run, parse. */
  hostTimeoutMs: number;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new RemoteError("timeout", `${what}: no result within the host timeout of ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class SshCollector implements Collector {
  constructor(private readonly opts: SshCollectorOptions) {}

  collect(target: HostTarget, params: CollectParams): Promise<ObservedHost> {
    let session: SshSession | undefined;
    let abandoned = false;
    const work = (async () => {
      const endpoint = {
        host: target.address ?? target.server,
        port: target.port ?? 22,
        username: target.username ?? this.opts.defaultUsername,
      };
      const opened = await SshSession.connect(endpoint, this.opts);
      if (abandoned) return void opened.close() as never;
      session = opened;
      const result = await opened.exec(BOOTSTRAP_COMMAND, stdinEnvelope(WINDOWS_LAYER, COLLECT_SCRIPT, params), this.opts.limits);
      // The script reads the host's clock as its last step: the answer's arrival is the moment to compare with.
      const receivedAt = Date.now();
      const data = parseAnswer(target.server, result.code, result.stdout, result.stderr);
      return parseWithinLimits(target.server, data, receivedAt);
    })();
    return withTimeout(work, this.opts.hostTimeoutMs, target.server, () => {
      abandoned = true;
      session?.close();
    })
      .catch((e: unknown) => {
        // Messages name the address; make sure they also name the server as the inventory does.
        if (e instanceof RemoteError && !e.message.startsWith(`${target.server}:`))
          throw new RemoteError(e.kind, `${target.server}: ${e.message}`);
        throw e;
      })
      .finally(() => session?.close());
  }
}

/**
 * The answer as the model, once it is known to be within what one host may send
 * (remote/answer-limits.ts): a host beyond them is refused with the limits it broke, never judged
 * on a part of its answer.
 */
export function parseWithinLimits(server: string, data: unknown, receivedAt: number): ObservedHost {
  const breaches = answerLimitBreaches(data);
  if (breaches.length > 0)
    throw new RemoteError(
      "output-too-large",
      `${server}: the answer is beyond what one host may send: ${breaches
        .slice(0, 5)
        .map((b) => b.message)
        .join("; ")}`,
    );
  return parseHostFacts(data, { server, receivedAt });
}

/** Answers from fact documents in memory: the collector contract without a network. */
export class FixtureCollector implements Collector {
  constructor(private readonly facts: Map<string, unknown>) {}

  async collect(target: HostTarget, params?: CollectParams): Promise<ObservedHost> {
    const doc = this.facts.get(target.server);
    if (doc === undefined) throw new RemoteError("connect", `${target.server}: no recorded facts`);
    // Logs are in the answer only when the collection asked for them, as the script decides.
    const { clockOffsetMs, logs, ...rest } = doc as Record<string, unknown>;
    const now = Date.now();
    const asked = (params?.logByteCap ?? 0) > 0 && logs !== undefined;
    return parseWithinLimits(
      target.server,
      { ...rest, ...(asked ? { logs } : {}), utcNow: new Date(now + Number(clockOffsetMs ?? 0)).toISOString() },
      now,
    );
  }
}

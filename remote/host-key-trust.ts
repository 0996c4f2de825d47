// Whether to trust the host key a server presents, as ssh(1) decides it: the key must be the one
// known_hosts holds for host:port; with accept-new, a host never seen is learned on first use and
// bound to that key for the rest of the run. Also which host key algorithms to ask for, so a host
// with several keys presents the one known_hosts holds.
import * as crypto from "crypto";
import type { Client, ServerHostKeyAlgorithm } from "ssh2";
import {
  hostString,
  keyTypeOf,
  knownKeyTypes,
  KnownHostsError,
  learnHostKey,
  verifyHostKey,
  type HostKeyVerdict,
  type KnownHosts,
} from "./known-hosts";
import { RemoteError } from "./remote-error";

export interface TrustOptions {
  knownHosts: KnownHosts;
  acceptNewHostKeys?: boolean;
}

interface HostPort {
  host: string;
  port: number;
}

/** ssh2 1.17's default serverHostKey list, most preferred first (its README, `algorithms.serverHostKey`). */
const SSH2_DEFAULT_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "rsa-sha2-512",
  "rsa-sha2-256",
  "ssh-rsa",
];

/** The key type (as known_hosts writes it) a host key algorithm presents: RFC 8332 RSA signatures use ssh-rsa keys. */
const keyTypeOfAlgorithm = (algorithm: string): string => (algorithm.startsWith("rsa-sha2-") ? "ssh-rsa" : algorithm);

/**
 * The host key algorithms to offer host:port: those whose key type known_hosts holds for it first,
 * then the rest, each group in ssh2's default order. This is what OpenSSH does (ssh_config(5)
 * HostKeyAlgorithms: "If hostkeys are known for the destination host then this default is modified
 * to prefer their algorithms"; order_hostkeyalgs() in sshconnect2.c). Without it ssh2 asks for
 * ed25519 first, and a Windows host (which has rsa, ecdsa and ed25519 keys) known by its RSA key
 * presents ed25519 and is refused as a man-in-the-middle. undefined: nothing known, keep defaults.
 */
export function hostKeyAlgorithms(known: KnownHosts, host: string, port: number): ServerHostKeyAlgorithm[] | undefined {
  const types = new Set(knownKeyTypes(known, host, port));
  if (types.size === 0) return undefined;
  const preferred = SSH2_DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => types.has(keyTypeOfAlgorithm(a)));
  if (preferred.length === 0) return undefined; // only types ssh2 cannot negotiate (ssh-dss…): a mismatch will say which
  return [...preferred, ...SSH2_DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !preferred.includes(a))];
}

/**
 * First connections being learned, per known_hosts and host:port. While one connection learns a
 * host's key, the others to the same host:port wait for it and are then judged against what it
 * learned: two concurrent first connections cannot both learn different keys.
 */
const learning = new WeakMap<KnownHosts, Map<string, Promise<void>>>();

function learningIn(known: KnownHosts): Map<string, Promise<void>> {
  let map = learning.get(known);
  if (!map) learning.set(known, (map = new Map()));
  return map;
}

const fingerprint = (key: Buffer) =>
  `${keyTypeOf(key)} SHA256:${crypto.createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;

/** One connection's host key check: what each step needs to name the host and report a refusal. */
interface KeyCheck {
  endpoint: HostPort;
  /** host:port as known_hosts writes it. */
  id: string;
  opts: TrustOptions;
  client: Client;
  onRefusal: (e: RemoteError) => void;
}

/** The host and the key it presented, as a refusal names them. */
const presented = (check: KeyCheck, key: Buffer) => `${check.id} (${fingerprint(key)})`;

/** Why known_hosts refuses `key` ("unknown" comes here only when new keys are not accepted). */
function refusal(check: KeyCheck, verdict: Exclude<HostKeyVerdict, { status: "match" }>, key: Buffer): RemoteError {
  const { file } = check.opts.knownHosts;
  switch (verdict.status) {
    case "revoked":
      return new RemoteError("host-key", `host key of ${presented(check, key)} is revoked in ${file} line ${verdict.line}`);
    case "mismatch":
      return new RemoteError(
        "host-key",
        `host key of ${presented(check, key)} does not match ${file} line ${verdict.lines.join(", ")}: refusing to connect (possible man-in-the-middle)`,
      );
    case "certificate-only":
      return new RemoteError(
        "host-key",
        `${check.id} is covered only by @cert-authority in ${file} line ${verdict.lines.join(", ")}: certificate host keys are not supported (ssh2 cannot verify host certificates); add the host's plain key to known_hosts. It is never trusted on first use.`,
      );
    case "unknown":
      return new RemoteError("host-key", `${presented(check, key)} is not in ${file}; add its key or opt in to accepting new keys`);
  }
}

/**
 * Whether to trust `key` and, for a host never seen under accept-new, the start of learning it: one
 * synchronous step, so no other connection's verdict can come between the two.
 */
function decide(check: KeyCheck, key: Buffer): boolean {
  const { endpoint, opts } = check;
  const verdict = verifyHostKey(opts.knownHosts, endpoint.host, endpoint.port, key);
  if (verdict.status === "match") return true;
  if (verdict.status === "unknown" && opts.acceptNewHostKeys) {
    learnOnceProved(check, key);
    return true;
  }
  check.onRefusal(refusal(check, verdict, key));
  return false;
}

/**
 * The key is recorded once the server has proved it holds it: ssh2 emits "handshake" after it has
 * verified the server's signature over the exchange hash (RFC 4253 §8). Until then the host:port is
 * held; a connection that fails before releases it with nothing learned.
 */
function learnOnceProved(check: KeyCheck, key: Buffer): void {
  const { endpoint, id, client } = check;
  const { knownHosts } = check.opts;
  const pending = learningIn(knownHosts);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  pending.set(id, held);
  const done = () => {
    client.removeListener("handshake", learn);
    client.removeListener("close", done);
    if (pending.get(id) === held) pending.delete(id);
    release();
  };
  const learn = () => {
    try {
      learnHostKey(knownHosts, endpoint.host, endpoint.port, key, crypto.randomBytes(20));
    } catch (e) {
      if (!(e instanceof KnownHostsError)) throw e;
      check.onRefusal(
        new RemoteError("host-key", `${presented(check, key)} is not in ${knownHosts.file} and could not be recorded: ${e.message}`),
      );
      client.destroy();
    } finally {
      done();
    }
  };
  client.once("handshake", learn);
  client.once("close", done);
}

/**
 * Runs `judge` at once when no other connection is learning this host:port; otherwise after it has
 * learned (or given up), so this key is judged against what it learned. If this connection gave up
 * meanwhile (its connect timeout), there is nothing left to answer and `judge` never runs.
 */
function afterOthersLearn(check: KeyCheck, gaveUp: () => boolean, judge: () => void): void {
  const pending = learningIn(check.opts.knownHosts).get(check.id);
  if (!pending) return judge();
  void pending.then(() => {
    if (!gaveUp()) afterOthersLearn(check, gaveUp, judge);
  });
}

/**
 * ssh2's asynchronous hostVerifier for one connection of `client` to `endpoint`. A refused key is
 * reported through onRefusal with the reason before ssh2 fails the handshake.
 */
export function hostKeyVerifier(endpoint: HostPort, opts: TrustOptions, client: Client, onRefusal: (e: RemoteError) => void) {
  const check: KeyCheck = { endpoint, id: hostString(endpoint.host, endpoint.port), opts, client, onRefusal };
  let closed = false;
  client.once("close", () => (closed = true));
  return (key: Buffer, verify: (ok: boolean) => void): void =>
    afterOthersLearn(
      check,
      () => closed,
      () => verify(decide(check, key)),
    );
}

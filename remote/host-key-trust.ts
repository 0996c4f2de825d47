// Whether to trust the host key a server presents, as ssh(1) decides it: the key must be the one
// known_hosts holds for host:port; with accept-new, a host never seen is learned on first use and
// bound to that key for the rest of the run. Also which host key algorithms to ask for, so a host
// with several keys presents the one known_hosts holds.
import * as crypto from "crypto";
import type { Client, ServerHostKeyAlgorithm } from "ssh2";
import { hostString, keyTypeOf, knownKeyTypes, KnownHostsError, learnHostKey, verifyHostKey, type KnownHosts } from "./known-hosts";
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
const SSH2_DEFAULT_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"];

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

const fingerprint = (key: Buffer) => `${keyTypeOf(key)} SHA256:${crypto.createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;

/**
 * ssh2's asynchronous hostVerifier for one connection of `client` to `endpoint`. A refused key is
 * reported through onRefusal with the reason before ssh2 fails the handshake.
 */
export function hostKeyVerifier(endpoint: HostPort, opts: TrustOptions, client: Client, onRefusal: (e: RemoteError) => void) {
  const { knownHosts } = opts;
  const id = hostString(endpoint.host, endpoint.port);
  const where = (key: Buffer) => `${id} (${fingerprint(key)})`;
  const refuse = (e: RemoteError) => (onRefusal(e), false);

  /** Verdict and, for a host never seen, the start of learning: one synchronous step, never interleaved. */
  const decide = (key: Buffer): boolean => {
    const verdict = verifyHostKey(knownHosts, endpoint.host, endpoint.port, key);
    switch (verdict.status) {
      case "match":
        return true;
      case "revoked":
        return refuse(new RemoteError("host-key", `host key of ${where(key)} is revoked in ${knownHosts.file} line ${verdict.line}`));
      case "mismatch":
        return refuse(new RemoteError("host-key", `host key of ${where(key)} does not match ${knownHosts.file} line ${verdict.lines.join(", ")}: refusing to connect (possible man-in-the-middle)`));
      case "certificate-only":
        return refuse(
          new RemoteError(
            "host-key",
            `${id} is covered only by @cert-authority in ${knownHosts.file} line ${verdict.lines.join(", ")}: certificate host keys are not supported (ssh2 cannot verify host certificates); add the host's plain key to known_hosts. It is never trusted on first use.`,
          ),
        );
      case "unknown":
        if (!opts.acceptNewHostKeys) return refuse(new RemoteError("host-key", `${where(key)} is not in ${knownHosts.file}; add its key or opt in to accepting new keys`));
        startLearning(key);
        return true;
    }
  };

  /**
   * The key is recorded once the server has proved it holds it: ssh2 emits "handshake" after it has
   * verified the server's signature over the exchange hash (RFC 4253 §8). Until then the host:port is
   * held; a connection that fails before releases it with nothing learned.
   */
  const startLearning = (key: Buffer) => {
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
        onRefusal(new RemoteError("host-key", `${where(key)} is not in ${knownHosts.file} and could not be recorded: ${e.message}`));
        client.destroy();
      } finally {
        done();
      }
    };
    client.once("handshake", learn);
    client.once("close", done);
  };

  let closed = false;
  client.once("close", () => (closed = true));
  return (key: Buffer, verify: (ok: boolean) => void): void => {
    const pending = learningIn(knownHosts).get(id);
    if (!pending) return verify(decide(key));
    // Another connection is learning this host:port: judge this key against what it learns. If this
    // connection gave up meanwhile (its connect timeout), there is nothing left to answer.
    const retry = (): void => {
      if (closed) return;
      const next = learningIn(knownHosts).get(id);
      if (next) void next.then(retry);
      else verify(decide(key));
    };
    void pending.then(retry);
  };
}

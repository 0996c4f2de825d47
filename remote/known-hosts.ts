// OpenSSH known_hosts, read and matched the way ssh(1) does: plain and comma-separated host
// patterns with * ? wildcards and ! negation, `[host]:port` for ports other than 22, hashed
// `|1|salt|hash` entries (HMAC-SHA1 keyed by the salt over the host string), `@revoked` keys.
// `@cert-authority` lines are recognised but cannot be honoured: ssh2 (1.17) negotiates no
// `*-cert-v01@openssh.com` host key algorithm, so a host they alone cover is refused, never learned.
// No maintained npm parser exists; Go's x/crypto/ssh/knownhosts is the behavioural reference.
import { createHmac, timingSafeEqual } from "crypto";
import * as fs from "fs";
import { globMatch } from "../core/glob";

export interface KnownHostEntry {
  marker?: "revoked" | "cert-authority";
  /** Patterns as written ("web01,10.0.0.4", "[web01]:2222", "!bad*"); empty for hashed entries. */
  patterns: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  key: Buffer;
  line: number;
}

export interface KnownHosts {
  file: string;
  entries: KnownHostEntry[];
  /** Lines that could not be read, with why; they match nothing. */
  skipped: { line: number; reason: string }[];
}

export type HostKeyVerdict =
  | { status: "match"; line: number }
  | { status: "revoked"; line: number }
  | { status: "mismatch"; lines: number[]; expectedTypes: string[] }
  /** No plain key for the host, but `@cert-authority` lines cover it: it expects certificates. */
  | { status: "certificate-only"; lines: number[] }
  | { status: "unknown" };

/** known_hosts exists but cannot be read (permission denied, a directory…): names the file. */
export class KnownHostsError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = "KnownHostsError";
  }
}

/** The host string known_hosts stores: `host` on port 22, `[host]:port` otherwise. */
export function hostString(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

/** The key type named inside an SSH public key blob (its first length-prefixed string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return "";
  const len = blob.readUInt32BE(0);
  return len > 0 && 4 + len <= blob.length ? blob.subarray(4, 4 + len).toString("latin1") : "";
}

export function parseKnownHosts(text: string, file: string): KnownHosts {
  const entries: KnownHostEntry[] = [];
  const skipped: KnownHosts["skipped"] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostEntry["marker"];
    if (fields[0].startsWith("@")) {
      const m = fields.shift()!.slice(1);
      if (m !== "revoked" && m !== "cert-authority") return void skipped.push({ line, reason: `unknown marker @${m}` });
      marker = m;
    }
    const [hostField, keyType, keyBase64] = fields;
    if (!hostField || !keyType || !keyBase64)
      return void skipped.push({ line, reason: "expected: [marker] hosts keytype base64-key [comment]" });
    const key = Buffer.from(keyBase64, "base64");
    if (key.length === 0 || keyTypeOf(key) !== keyType) return void skipped.push({ line, reason: `the key is not a valid ${keyType} key` });
    if (hostField.startsWith("|1|")) {
      const [, , salt, hash] = hostField.split("|");
      const saltBuf = Buffer.from(salt ?? "", "base64");
      const hashBuf = Buffer.from(hash ?? "", "base64");
      if (saltBuf.length === 0 || hashBuf.length !== 20) return void skipped.push({ line, reason: "malformed hashed host" });
      entries.push({ marker, patterns: [], hashed: { salt: saltBuf, hash: hashBuf }, keyType, key, line });
    } else {
      entries.push({ marker, patterns: hostField.split(",").filter((p) => p !== ""), keyType, key, line });
    }
  });
  return { file, entries, skipped };
}

/** A missing file knows no host (as for ssh); any other failure to read it is a KnownHostsError. */
export function readKnownHosts(file: string): KnownHosts {
  let text = "";
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== "ENOENT")
      throw new KnownHostsError(
        file,
        `known_hosts ${file}: cannot read it: ${err.code ?? err.message}${err.code ? ` (${describeErrno(err.code)})` : ""}`,
      );
  }
  return parseKnownHosts(text, file);
}

function describeErrno(code: string): string {
  switch (code) {
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a part of its path is not a directory";
    default:
      return "read failed";
  }
}

const wildcard = (pattern: string, value: string): boolean => globMatch(pattern, value, { questionMark: true });

function entryMatchesHost(entry: KnownHostEntry, hostStr: string): boolean {
  if (entry.hashed) {
    const digest = createHmac("sha1", entry.hashed.salt).update(hostStr).digest();
    return timingSafeEqual(digest, entry.hashed.hash);
  }
  let matched = false;
  for (const p of entry.patterns) {
    const negated = p.startsWith("!");
    if (wildcard(negated ? p.slice(1) : p, hostStr)) {
      if (negated) return false; // a negated match excludes the host whatever else matches
      matched = true;
    }
  }
  return matched;
}

/**
 * Where to look for a host's entries: plain entries whose positive patterns are all literal, by
 * lower-cased pattern; the rest (hashed entries, wildcards) are tried one by one, as ssh does.
 * Without it a scan of N hosts against a known_hosts file of N plain entries was quadratic: 5,000
 * hosts spent 3.7 s matching. Hashed entries cannot be indexed (one HMAC per entry and host is
 * what hashing costs). Built once per parsed file; after that, entries are added only by
 * learnHostKey, which adds them here too, so a key learned on first use binds the rest of the run.
 */
interface HostIndex {
  literal: Map<string, KnownHostEntry[]>;
  scanned: KnownHostEntry[];
  revoked: Map<string, number>;
  /** `@cert-authority` lines: consulted only for a host no plain entry covers. */
  authorities: KnownHostEntry[];
  /** Lines the file had when this run first appended to it (read once), plus lines appended since. */
  fileLines?: number;
}
const indexes = new WeakMap<KnownHosts, HostIndex>();

function addPlain(index: HostIndex, e: KnownHostEntry): void {
  const positive = e.patterns.filter((p) => !p.startsWith("!"));
  if (e.hashed || positive.some((p) => p.includes("*") || p.includes("?"))) {
    index.scanned.push(e);
    return;
  }
  for (const p of new Set(positive.map((x) => x.toLowerCase()))) index.literal.set(p, [...(index.literal.get(p) ?? []), e]);
}

function indexOf(known: KnownHosts): HostIndex {
  let index = indexes.get(known);
  if (index) return index;
  index = { literal: new Map(), scanned: [], revoked: new Map(), authorities: [] };
  for (const e of known.entries) {
    if (e.marker === "revoked") {
      const k = e.key.toString("base64");
      if (!index.revoked.has(k)) index.revoked.set(k, e.line);
    } else if (e.marker === "cert-authority") index.authorities.push(e);
    else addPlain(index, e);
  }
  indexes.set(known, index);
  return index;
}

/** The plain (not revoked, not CA) entries for host:port, in file order. */
function plainEntriesFor(known: KnownHosts, host: string, port: number): KnownHostEntry[] {
  const index = indexOf(known);
  const hostStr = hostString(host, port);
  return [...(index.literal.get(hostStr) ?? []), ...index.scanned]
    .filter((e) => entryMatchesHost(e, hostStr))
    .sort((a, b) => a.line - b.line);
}

/** Decides whether `key` is the right key for host:port. Revocation wins over everything. */
export function verifyHostKey(known: KnownHosts, host: string, port: number, key: Buffer): HostKeyVerdict {
  const index = indexOf(known);
  const revokedLine = index.revoked.get(key.toString("base64"));
  if (revokedLine !== undefined) return { status: "revoked", line: revokedLine };
  const forHost = plainEntriesFor(known, host, port);
  const match = forHost.find((e) => e.key.equals(key));
  if (match) return { status: "match", line: match.line };
  if (forHost.length > 0)
    return { status: "mismatch", lines: forHost.map((e) => e.line), expectedTypes: [...new Set(forHost.map((e) => e.keyType))] };
  const hostStr = hostString(host, port);
  const authorities = index.authorities.filter((e) => entryMatchesHost(e, hostStr));
  if (authorities.length > 0) return { status: "certificate-only", lines: authorities.map((e) => e.line) };
  return { status: "unknown" };
}

/**
 * The key types known_hosts holds for host:port (plain entries, file order): what ssh(1) prefers
 * when it negotiates the host key algorithm (ssh_config(5) HostKeyAlgorithms).
 */
export function knownKeyTypes(known: KnownHosts, host: string, port: number): string[] {
  return [...new Set(plainEntriesFor(known, host, port).map((e) => e.keyType))];
}

/**
 * Appends a learned key (accept-new), hashed as `HashKnownHosts yes` would write it. Like OpenSSH's
 * add_host_to_hostfile (hostfile.c), a last line without its newline gets one first: otherwise the
 * new entry would be glued to it and both lines lost. Returns the line written.
 */
export function appendKnownHost(file: string, host: string, port: number, key: Buffer, salt: Buffer): string {
  const hash = createHmac("sha1", salt).update(hostString(host, port)).digest();
  const line = `|1|${salt.toString("base64")}|${hash.toString("base64")} ${keyTypeOf(key)} ${key.toString("base64")}\n`;
  const fd = fs.openSync(file, "a+", 0o600);
  try {
    const { size } = fs.fstatSync(fd);
    const last = Buffer.alloc(1);
    const unterminated = size > 0 && fs.readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a;
    fs.writeSync(fd, unterminated ? `\n${line}` : line); // one write: a reader never sees half an entry
  } finally {
    fs.closeSync(fd);
  }
  return line;
}

function countLines(file: string): number {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw e;
  }
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/**
 * Records a key learned on first use: appended to the file and, at once, to the in-memory entries,
 * so every later connection of the run to host:port (another inventory name for the same address, the
 * bastion reached once per target) must present this key. Throws KnownHostsError when the file cannot
 * be written; nothing is learned then.
 */
export function learnHostKey(known: KnownHosts, host: string, port: number, key: Buffer, salt: Buffer): KnownHostEntry {
  const index = indexOf(known);
  let line: number;
  try {
    index.fileLines ??= countLines(known.file);
    appendKnownHost(known.file, host, port, key, salt);
    line = ++index.fileLines;
  } catch (e) {
    index.fileLines = undefined; // the file is in an unknown state: count again next time
    throw new KnownHostsError(
      known.file,
      `known_hosts ${known.file}: cannot record the key of ${hostString(host, port)}: ${(e as Error).message}`,
    );
  }
  const entry: KnownHostEntry = { patterns: [hostString(host, port)], keyType: keyTypeOf(key), key, line };
  known.entries.push(entry);
  addPlain(index, entry);
  return entry;
}

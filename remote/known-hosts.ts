// OpenSSH known_hosts, read and matched the way ssh(1) does: plain and comma-separated host
// patterns with * ? wildcards and ! negation, `[host]:port` for ports other than 22, hashed
// `|1|salt|hash` entries (HMAC-SHA1 keyed by the salt over the host string), `@revoked` keys.
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
  | { status: "unknown" };

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
    if (!hostField || !keyType || !keyBase64) return void skipped.push({ line, reason: "expected: [marker] hosts keytype base64-key [comment]" });
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

export function readKnownHosts(file: string): KnownHosts {
  let text = "";
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  return parseKnownHosts(text, file);
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
 * what hashing costs). Built once per parsed file; entries are never changed after parsing.
 */
interface HostIndex {
  literal: Map<string, KnownHostEntry[]>;
  scanned: KnownHostEntry[];
  revoked: Map<string, number>;
}
const indexes = new WeakMap<KnownHosts, HostIndex>();

function indexOf(known: KnownHosts): HostIndex {
  let index = indexes.get(known);
  if (index) return index;
  index = { literal: new Map(), scanned: [], revoked: new Map() };
  for (const e of known.entries) {
    if (e.marker === "revoked") {
      const k = e.key.toString("base64");
      if (!index.revoked.has(k)) index.revoked.set(k, e.line);
      continue;
    }
    if (e.marker !== undefined) continue;
    const positive = e.patterns.filter((p) => !p.startsWith("!"));
    if (e.hashed || positive.some((p) => p.includes("*") || p.includes("?"))) {
      index.scanned.push(e);
      continue;
    }
    for (const p of new Set(positive.map((x) => x.toLowerCase()))) index.literal.set(p, [...(index.literal.get(p) ?? []), e]);
  }
  indexes.set(known, index);
  return index;
}

/** Decides whether `key` is the right key for host:port. Revocation wins over everything. */
export function verifyHostKey(known: KnownHosts, host: string, port: number, key: Buffer): HostKeyVerdict {
  const index = indexOf(known);
  const revokedLine = index.revoked.get(key.toString("base64"));
  if (revokedLine !== undefined) return { status: "revoked", line: revokedLine };
  const hostStr = hostString(host, port);
  const forHost = [...(index.literal.get(hostStr) ?? []), ...index.scanned]
    .filter((e) => entryMatchesHost(e, hostStr))
    .sort((a, b) => a.line - b.line);
  const match = forHost.find((e) => e.key.equals(key));
  if (match) return { status: "match", line: match.line };
  if (forHost.length > 0) return { status: "mismatch", lines: forHost.map((e) => e.line), expectedTypes: [...new Set(forHost.map((e) => e.keyType))] };
  return { status: "unknown" };
}

/** Appends a learned key (accept-new), hashed as `HashKnownHosts yes` would write it. */
export function appendKnownHost(file: string, host: string, port: number, key: Buffer, salt: Buffer): string {
  const hash = createHmac("sha1", salt).update(hostString(host, port)).digest();
  const line = `|1|${salt.toString("base64")}|${hash.toString("base64")} ${keyTypeOf(key)} ${key.toString("base64")}\n`;
  fs.appendFileSync(file, line, { mode: 0o600 });
  return line;
}

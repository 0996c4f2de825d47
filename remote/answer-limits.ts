// What one host may send, at most. Every step after the answer arrives (parsing, matching, the
// rules) is linear in what the host sent, but some rules join hosts with each other (every host's
// proxy against every Windows-auth site name of the fleet), so what one host sends must also be
// bounded in count, not only in bytes (`--max-output`). Generous for real IIS servers, far below
// what fits in the output cap. Pure: the fact parser calls `answerLimitBreaches` on the answer's
// data before reading it and refuses the host with the breaches as its reason.
//
// Sources for the lengths: a DNS name is at most 255 octets (RFC 1035 §2.3.4), so a longer host name
// or bypass pattern can name no host; Windows paths are at most 32,767 characters ("Maximum Path
// Length Limitation", https://learn.microsoft.com/windows/win32/fileio/maximum-file-path-limitation);
// an ACL is at most 64 KB, under 2,000 entries ("ACL" structure: AclSize is a WORD,
// https://learn.microsoft.com/windows/win32/api/winnt/ns-winnt-acl).

export const ANSWER_LIMITS = {
  /** Sites on one host. */
  sites: 1_000,
  /** Bindings of all sites of one host together. */
  bindings: 20_000,
  /** Configured paths (applications, virtual directories, folders) of all sites of one host together. */
  applications: 5_000,
  /** URL authorization rules in force at one application. */
  authorizationRules: 1_000,
  /** Entries of one application's NTFS ACL. */
  aclEntries: 2_000,
  /** Local groups the collector resolved, and their members together. */
  principals: 1_000,
  principalMembers: 50_000,
  /** Entries of one ProxyOverride list (`;`-separated) and of BackConnectionHostNames. */
  bypassPatterns: 1_000,
  backConnectionHostNames: 10_000,
  /** A host name, a binding's host part, a bypass pattern, a BackConnectionHostNames entry. */
  nameLength: 255,
  /** Any other string (paths, account names, messages). */
  stringLength: 32_767,
  /** W3C log lines of all sites together (directives and kept entries; the script stops keeping at this). */
  logLines: 100_000,
  /** Their UTF-8 bytes together: half the default --max-output, so the configuration still fits beside them. */
  logBytes: 8 * 1024 * 1024,
  /** Log files listed for all sites together (a year of hourly files for a few sites). */
  logFiles: 50_000,
  /** Nesting of arrays and objects (the fact document is six levels deep). */
  depth: 32,
} as const;

export type AnswerLimit = keyof typeof ANSWER_LIMITS;

export interface LimitBreach {
  limit: AnswerLimit;
  /** Where in the answer's data, as the fact parser names fields (`sites[3].bindings`). */
  path: string;
  /** The count or length found. */
  found: number;
  /** One line for the host's reason: "sites[3].bindings: 25,000 bindings in all, at most 20,000". */
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const listAt = (o: Obj, key: string): unknown[] => (Array.isArray(o[key]) ? (o[key] as unknown[]) : []);
const count = (n: number) => n.toLocaleString("en-US");

/**
 * Breaches of ANSWER_LIMITS in the `data` of a collector answer (the fact document), in document
 * order (nesting and string lengths first); empty when within every limit. Never throws, whatever the shape: a field of the wrong type
 * is the parser's to report. Linear in the size of the document and not recursive (nesting is what
 * it checks), so it is safe to call on anything JSON.parse returned.
 */
export function answerLimitBreaches(data: unknown): LimitBreach[] {
  const breaches: LimitBreach[] = [];
  const breach = (limit: AnswerLimit, path: string, found: number, what: string) =>
    breaches.push({ limit, path, found, message: `${path}: ${what} ${count(found)}, at most ${count(ANSWER_LIMITS[limit])}` });
  shapeBreaches(data, breach);
  if (!isObj(data)) return breaches;
  siteBreaches(listAt(data, "sites"), breach);
  logBreaches(listAt(data, "logs"), breach);
  principalBreaches(listAt(data, "principals"), breach);
  hostNameListBreaches(data, breach);
  return breaches;
}

type Breach = (limit: AnswerLimit, path: string, found: number, what: string) => void;

/** Sites, their bindings and configured paths (counted over all sites together), binding host names, and each path's rules and ACL. */
function siteBreaches(sites: unknown[], breach: Breach): void {
  if (sites.length > ANSWER_LIMITS.sites) breach("sites", "sites", sites.length, "sites:");
  let bindings = 0;
  let applications = 0;
  sites.forEach((site, i) => {
    if (!isObj(site)) return;
    const siteBindings = listAt(site, "bindings");
    bindings += siteBindings.length;
    siteBindings.forEach((b, j) => {
      const info = isObj(b) && typeof b.bindingInformation === "string" ? b.bindingInformation : "";
      const hostPart = info.slice(info.lastIndexOf(":") + 1); // "ip:port:host"
      if (hostPart.length > ANSWER_LIMITS.nameLength)
        breach("nameLength", `sites[${i}].bindings[${j}].bindingInformation`, hostPart.length, "host name of");
    });
    const paths = listAt(site, "paths");
    applications += paths.length;
    paths.forEach((app, j) => {
      if (isObj(app)) pathBreaches(app, `sites[${i}].paths[${j}]`, breach);
    });
  });
  if (bindings > ANSWER_LIMITS.bindings) breach("bindings", "sites[*].bindings", bindings, "bindings in all:");
  if (applications > ANSWER_LIMITS.applications) breach("applications", "sites[*].paths", applications, "configured paths in all:");
}

/** The URL and ASP.NET authorization rules and the ACL entries of one configured path. */
function pathBreaches(app: Obj, at: string, breach: Breach): void {
  for (const section of ["authorization", "aspNetAuthorization"]) {
    const rules = isObj(app[section]) ? listAt(app[section] as Obj, "rules").length : 0;
    if (rules > ANSWER_LIMITS.authorizationRules) breach("authorizationRules", `${at}.${section}.rules`, rules, "rules:");
  }
  const entries = isObj(app.acl) ? listAt(app.acl, "entries").length : 0;
  if (entries > ANSWER_LIMITS.aclEntries) breach("aclEntries", `${at}.acl.entries`, entries, "entries:");
}

/** Local groups the collector resolved, and their members over all groups together. */
function principalBreaches(principals: unknown[], breach: Breach): void {
  if (principals.length > ANSWER_LIMITS.principals) breach("principals", "principals", principals.length, "groups:");
  const members = principals.reduce((n: number, p) => n + (isObj(p) ? listAt(p, "members").length : 0), 0);
  if (members > ANSWER_LIMITS.principalMembers) breach("principalMembers", "principals[*].members", members, "members in all:");
}

/** BackConnectionHostNames, then every ProxyOverride list (the machine's, then each user's): entries and their lengths. */
function hostNameListBreaches(data: Obj, breach: Breach): void {
  const loopback = isObj(data.loopback) ? listAt(data.loopback, "backConnectionHostNames") : [];
  namesBreaches(loopback, "loopback.backConnectionHostNames", "backConnectionHostNames", breach);
  const proxy = isObj(data.proxy) ? data.proxy : {};
  const overrides: [string, unknown][] = [["proxy.machine.override", isObj(proxy.machine) ? proxy.machine.override : undefined]];
  listAt(proxy, "users").forEach((u, i) => overrides.push([`proxy.users[${i}].override`, isObj(u) ? u.override : undefined]));
  for (const [path, override] of overrides) {
    if (typeof override === "string")
      namesBreaches(
        override
          .split(";")
          .map((s) => s.trim())
          .filter((s) => s !== ""),
        path,
        "bypassPatterns",
        breach,
      );
  }
}

/** Log evidence counts against the answer in lines, bytes and files, all sites together. */
function logBreaches(logs: unknown[], breach: Breach): void {
  if (logs.length > ANSWER_LIMITS.sites) breach("sites", "logs", logs.length, "sites' logs:");
  let lines = 0;
  let bytes = 0;
  let files = 0;
  for (const log of logs) {
    if (!isObj(log)) continue;
    const own = listAt(log, "lines");
    lines += own.length;
    // Counted only while within the line limit: a hostile answer's millions of lines cost no more.
    if (lines <= ANSWER_LIMITS.logLines) for (const line of own) if (typeof line === "string") bytes += Buffer.byteLength(line, "utf8");
    files += listAt(log, "files").length;
  }
  if (lines > ANSWER_LIMITS.logLines) breach("logLines", "logs[*].lines", lines, "log lines in all:");
  if (bytes > ANSWER_LIMITS.logBytes) breach("logBytes", "logs[*].lines", bytes, "bytes of log lines in all:");
  if (files > ANSWER_LIMITS.logFiles) breach("logFiles", "logs[*].files", files, "log files in all:");
}

function namesBreaches(names: unknown[], path: string, limit: "bypassPatterns" | "backConnectionHostNames", breach: Breach): void {
  if (names.length > ANSWER_LIMITS[limit]) breach(limit, path, names.length, "entries:");
  names.forEach((n, i) => {
    if (typeof n === "string" && n.length > ANSWER_LIMITS.nameLength) breach("nameLength", `${path}[${i}]`, n.length, "entry of length");
  });
}

interface Visit {
  value: unknown;
  depth: number;
  parent?: Visit;
  key?: string | number;
}

/** `sites[0].name`: built only for a breach, so visiting costs no string work. */
function pathOf(v: Visit): string {
  const keys: (string | number)[] = [];
  for (let at: Visit | undefined = v; at?.parent; at = at.parent) keys.push(at.key!);
  return keys.reverse().reduce<string>((path, k) => (typeof k === "number" ? `${path}[${k}]` : path ? `${path}.${k}` : k), "") || "(data)";
}

/** Depth and string lengths anywhere in the document, with an explicit stack (one breach of each kind is enough). */
function shapeBreaches(data: unknown, breach: Breach): void {
  const stack: Visit[] = [{ value: data, depth: 0 }];
  let deep = false;
  let long = false;
  while (stack.length > 0 && !(deep && long)) {
    const visit = stack.pop()!;
    const { value, depth } = visit;
    if (typeof value === "string") {
      if (!long && value.length > ANSWER_LIMITS.stringLength) {
        long = true;
        breach("stringLength", pathOf(visit), value.length, "a string of length");
      }
      continue;
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= ANSWER_LIMITS.depth) {
      if (!deep) breach("depth", pathOf(visit), depth + 1, "nesting depth");
      deep = true;
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        if (typeof value[i] === "object" || typeof value[i] === "string")
          stack.push({ value: value[i], depth: depth + 1, parent: visit, key: i });
    } else {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--)
        stack.push({ value: (value as Obj)[keys[i]], depth: depth + 1, parent: visit, key: keys[i] });
    }
  }
}

// Who is in a role, as URL authorization sees it: roles are checked against the groups in the
// user's logon token. Built-in and well-known groups are decided by what every token of a remote
// IIS user carries; other groups by the memberships the site declares or the host reported.
// Membership that nobody knows stays unknown: it is never read as "nobody is in it".
import type { Host, Principal, Site } from "../model";
import { nameKey, sameName } from "../names";

/**
 * Groups in the token of every authenticated user IIS serves: IIS logs remote users on with a
 * network logon, so their tokens carry Everyone (S-1-1-0), Authenticated Users (S-1-5-11), NETWORK
 * (S-1-5-2) and BUILTIN\Users (S-1-5-32-545, which contains Authenticated Users by default) —
 * "Well-known SIDs", learn.microsoft.com/windows/win32/secauthz/well-known-sids, and "Security
 * identifiers", learn.microsoft.com/windows-server/identity/ad-ds/manage/understand-security-identifiers.
 */
const EVERY_REMOTE_TOKEN: { names: string[]; sid: string }[] = [
  { names: ["Everyone"], sid: "S-1-1-0" },
  { names: ["Authenticated Users", "NT AUTHORITY\\Authenticated Users"], sid: "S-1-5-11" },
  { names: ["NETWORK", "NT AUTHORITY\\NETWORK"], sid: "S-1-5-2" },
  { names: ["Users", "BUILTIN\\Users"], sid: "S-1-5-32-545" },
];
/** INTERACTIVE (S-1-5-4) is added only to interactive logons, never to the network logon of a remote IIS user (same pages). */
const NEVER_IN_REMOTE_TOKEN: { names: string[]; sid: string }[] = [{ names: ["INTERACTIVE", "NT AUTHORITY\\INTERACTIVE"], sid: "S-1-5-4" }];

const matchesWellKnown = (list: { names: string[]; sid: string }[], name: string, sid?: string) =>
  list.some((w) => w.names.some((n) => sameName(n, name)) || (sid !== undefined && w.sid === sid));

/** True when every authenticated remote user's token carries the group. */
export function isInEveryToken(name: string, sid?: string): boolean {
  return matchesWellKnown(EVERY_REMOTE_TOKEN, name, sid);
}
/** True when no remote user's token carries the group. */
export function isInNoRemoteToken(name: string, sid?: string): boolean {
  return matchesWellKnown(NEVER_IN_REMOTE_TOKEN, name, sid);
}

/** Names Windows writes with or without the BUILTIN\ or NT AUTHORITY\ prefix. */
export function sameAccount(a: string, b: string): boolean {
  const bare = (x: string) => x.trim().replace(/^(BUILTIN|NT AUTHORITY)\\/i, "");
  return sameName(a.trim(), b.trim()) || sameName(bare(a), bare(b));
}

export interface Account {
  name: string;
  sid?: string;
}

/** Who is in a group, nested groups expanded. */
export type Membership =
  | { kind: "everyone" }
  | { kind: "noRemoteUser" }
  | { kind: "known"; accounts: Account[] }
  /** A declaration names the role without listing its members: taken to have members (role-assignments-exist judges that). */
  | { kind: "assumed" }
  | { kind: "unknown"; reason: string };

interface GroupFacts {
  name: string;
  sid?: string;
  members?: Account[];
  error?: string;
}

/** The memberships known for one site: its role assignments and the groups its host resolved. */
export class Directory {
  private readonly groups: GroupFacts[];

  constructor(
    private readonly site: Pick<Site, "origin" | "roleAssignments" | "unknown" | "unknownReasons">,
    principals: Principal[] = [],
    /** Why the host's groups are not known at all, when they are not. */
    private readonly principalsUnknown?: string,
  ) {
    // The host's answer carries SIDs and nested groups, so it comes first; role assignments fill in
    // the rest, unless their value is unknown (then what they list may be partial).
    this.groups = [
      ...principals.map((p): GroupFacts => ({
        name: p.name,
        sid: p.sid,
        ...(p.membersError ? { error: p.membersError } : { members: p.members }),
      })),
      ...(this.wholeUnknown() === undefined ? (site.roleAssignments ?? []) : []).map((r): GroupFacts => ({
        name: r.role,
        members: r.members.map((name) => ({ name })),
      })),
    ];
  }

  static forSite(site: Site, host?: Host): Directory {
    if (site.origin !== "observed") return new Directory(site);
    const principalsUnknown = host?.unknown.find((u) => u === "principals" || u.startsWith("principals."));
    return new Directory(
      site,
      host?.principals,
      principalsUnknown && (host?.unknownReasons?.[principalsUnknown] ?? "the host's groups could not be read"),
    );
  }

  private facts(account: Account): GroupFacts | undefined {
    return this.groups.find((g) => (account.sid !== undefined && g.sid === account.sid) || sameAccount(g.name, account.name));
  }

  /** Why the site's memberships as a whole are unknown (an unknown roleAssignments value), if they are. */
  private wholeUnknown(): string | undefined {
    const path = this.site.unknown.find((u) => u === "roleAssignments" || u.startsWith("roleAssignments."));
    if (path === undefined) return undefined;
    return this.site.unknownReasons?.[path] ?? `the site's roleAssignments are not known (${path})`;
  }

  /** The members of `group`, following nested groups. */
  membership(group: string, seen: Set<string> = new Set()): Membership {
    if (isInEveryToken(group)) return { kind: "everyone" };
    if (isInNoRemoteToken(group)) return { kind: "noRemoteUser" };
    const facts = this.facts({ name: group });
    if (facts?.error !== undefined) return { kind: "unknown", reason: `the members of '${group}' could not be read: ${facts.error}` };
    if (facts?.members === undefined) {
      const whole = this.wholeUnknown();
      if (whole !== undefined) return { kind: "unknown", reason: whole };
      if (this.principalsUnknown !== undefined)
        return { kind: "unknown", reason: `the members of '${group}' are not known: ${this.principalsUnknown}` };
      if (this.site.origin === "observed") return { kind: "unknown", reason: `the members of '${group}' were not collected from the host` };
      return { kind: "assumed" };
    }
    const key = nameKey(facts.name);
    if (seen.has(key)) return { kind: "known", accounts: [] }; // a cycle adds nobody new
    seen.add(key);
    const accounts: Account[] = [];
    for (const member of facts.members) {
      if (isInEveryToken(member.name, member.sid)) return { kind: "everyone" };
      if (isInNoRemoteToken(member.name, member.sid)) continue;
      const nested = this.facts(member);
      if (nested === undefined) {
        accounts.push(member);
        continue;
      }
      const inner = this.membership(nested.name, seen);
      if (inner.kind === "everyone" || inner.kind === "unknown") return inner;
      if (inner.kind === "assumed") return { kind: "unknown", reason: `the members of '${nested.name}' (in '${group}') are not known` };
      if (inner.kind === "known") accounts.push(...inner.accounts);
    }
    return { kind: "known", accounts };
  }

  /** Every group known to contain `account`, directly or through nested groups. */
  groupsOf(account: Account): string[] {
    const found: GroupFacts[] = [];
    const contains = (g: GroupFacts, a: Account) =>
      (g.members ?? []).some((m) => (a.sid !== undefined && m.sid === a.sid) || sameAccount(m.name, a.name));
    let frontier: Account[] = [account];
    while (frontier.length > 0) {
      const next = this.groups.filter((g) => !found.includes(g) && frontier.some((a) => contains(g, a)));
      found.push(...next);
      frontier = next.map((g) => ({ name: g.name, ...(g.sid ? { sid: g.sid } : {}) }));
    }
    return found.map((g) => g.name);
  }
}

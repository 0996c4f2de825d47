// NTFS read access as Windows decides it for one access token.
//
// AccessCheck "examines each ACE in sequence until" an access-denied ACE denies any of the requested
// rights still outstanding, access-allowed ACEs have granted all of them, or the list ends (implicit
// deny) — learn.microsoft.com/windows/win32/secauthz/how-dacls-control-access-to-an-object. So the
// order matters: in canonical order ("Order of ACEs in a DACL", same site) explicit ACEs come before
// inherited ones, and an explicit Allow grants before an inherited Deny is ever reached. The ACL is
// walked exactly in the order the collector reports it (Get-Acl's DACL order).
import type { AclEntry, Principal } from "../model";
import { sameName } from "../names";

/** FileSystemRights Read = ReadData | ReadExtendedAttributes | ReadAttributes | ReadPermissions (0x20089). */
export const READ = 131209;
const INHERIT_ONLY = 2;

// Generic rights as the file system maps them (FILE_GENERIC_READ …, FILE_ALL_ACCESS):
// learn.microsoft.com/windows/win32/fileio/file-security-and-access-rights.
const GENERIC_MAPPING: readonly (readonly [generic: number, specific: number])[] = [
  [0x80000000, 0x120089], // GENERIC_READ → FILE_GENERIC_READ
  [0x40000000, 0x120116], // GENERIC_WRITE → FILE_GENERIC_WRITE
  [0x20000000, 0x1200a0], // GENERIC_EXECUTE → FILE_GENERIC_EXECUTE
  [0x10000000, 0x1f01ff], // GENERIC_ALL → FILE_ALL_ACCESS
];

export const WELL_KNOWN = {
  everyone: "S-1-1-0",
  /** NETWORK: "added to the process of a token when it logs on across a network" (WELL_KNOWN_SID_TYPE, WinNetworkSid). */
  network: "S-1-5-2",
  authenticatedUsers: "S-1-5-11",
  iusr: "S-1-5-17",
  localSystem: "S-1-5-18",
  localService: "S-1-5-19",
  networkService: "S-1-5-20",
  administrators: "S-1-5-32-544",
  users: "S-1-5-32-545",
  iisIusrs: "S-1-5-32-568",
} as const;

/** Prefix of the virtual accounts `IIS AppPool\<name>` (SECURITY_APPPOOL_ID_BASE_RID 82). */
export const APP_POOL_SID_PREFIX = "S-1-5-82-";

/** Names of groups every Windows installation has, with or without their authority prefix. */
const WELL_KNOWN_GROUP_NAMES: readonly (readonly [string[], string])[] = [
  [["Everyone"], WELL_KNOWN.everyone],
  [["Authenticated Users", "NT AUTHORITY\\Authenticated Users"], WELL_KNOWN.authenticatedUsers],
  [["Users", "BUILTIN\\Users"], WELL_KNOWN.users],
];

/** The SID of a well-known group named by a role (`Users`, `BUILTIN\Users`, `Authenticated Users`, `Everyone`). */
export function wellKnownGroupSid(name: string): string | undefined {
  return WELL_KNOWN_GROUP_NAMES.find(([names]) => names.some((n) => sameName(n, name.trim())))?.[1];
}

/** What iisguard knows of an access token: SIDs certainly in it, and SIDs that may be (with why it cannot tell). */
export interface Token {
  sids: ReadonlySet<string>;
  /** Why `sid` may be in the token although it is not known to be; undefined when it certainly is not. */
  doubt(sid: string): string | undefined;
}

export type ReadDecision = { outcome: "granted" } | { outcome: "denied"; reason: string } | { outcome: "unknown"; reason: string };

function specificRights(rights: number): number {
  const r = rights >>> 0; // FileSystemRights arrive as signed 32-bit numbers; generic bits make them negative
  return GENERIC_MAPPING.reduce((mask, [generic, specific]) => ((r & generic) >>> 0 !== 0 ? mask | specific : mask), r & 0x0fffffff);
}

function describe(e: AclEntry): string {
  return `${e.deny ? "Deny" : "Allow"} ${e.rights} for ${e.name || e.sid}${e.inherited ? " (inherited)" : ""}`;
}

/**
 * Whether a token can read the folder the ACL protects. Entries that are inherit-only do not apply to
 * the folder itself. An entry whose trustee may or may not be in the token (or has no SID) makes the
 * answer unknown when it could change it.
 */
export function readAccess(acl: readonly AclEntry[], token: Token): ReadDecision {
  let missing = READ;
  let doubtfulDeny: string | undefined; // a Deny passed over that may have applied
  let doubtfulAllow: string | undefined; // an Allow passed over that may have granted
  for (const entry of acl) {
    if ((entry.propagation & INHERIT_ONLY) !== 0) continue;
    const relevant = specificRights(entry.rights) & missing;
    if (relevant === 0) continue;
    const applies = entry.sid !== undefined && token.sids.has(entry.sid);
    if (!applies) {
      const doubt = entry.sid === undefined ? "the host could not translate it to a SID" : token.doubt(entry.sid);
      if (doubt === undefined) continue;
      const why = `${describe(entry)} may apply: ${doubt}`;
      if (entry.deny) doubtfulDeny ??= why;
      else doubtfulAllow ??= why;
      continue;
    }
    if (entry.deny) {
      return doubtfulAllow
        ? { outcome: "unknown", reason: `${describe(entry)} applies, but an earlier ${doubtfulAllow}` }
        : { outcome: "denied", reason: describe(entry) };
    }
    missing &= ~relevant;
    if (missing === 0) {
      return doubtfulDeny
        ? { outcome: "unknown", reason: `${describe(entry)} grants Read, but an earlier ${doubtfulDeny}` }
        : { outcome: "granted" };
    }
  }
  if (doubtfulAllow) return { outcome: "unknown", reason: `no entry certainly grants Read; ${doubtfulAllow}` };
  return { outcome: "denied", reason: "no Allow entry grants Read" };
}

/**
 * The token of an identity whose own SIDs are `sids` (user and groups known to be in it), grown by
 * the host's resolved groups that contain any of them, transitively. A group whose membership could
 * not be read may or may not be in the token, and so may any group containing it.
 */
export function buildToken(
  sids: readonly string[],
  principals: readonly Principal[] = [],
  doubt: (sid: string) => string | undefined = () => undefined,
): Token {
  const certain = new Set<string>([WELL_KNOWN.everyone, ...sids]);
  const uncertain = new Map<string, string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of principals) {
      if (!p.sid || certain.has(p.sid) || uncertain.has(p.sid)) continue;
      if (p.membersError !== undefined) {
        uncertain.set(p.sid, `the members of '${p.name}' could not be read (${p.membersError})`);
        grew = true;
      } else if (p.members.some((m) => certain.has(m.sid))) {
        certain.add(p.sid);
        grew = true;
      } else {
        const via = p.members.find((m) => uncertain.has(m.sid));
        if (via) {
          uncertain.set(p.sid, `'${p.name}' contains '${via.name}': ${uncertain.get(via.sid)}`);
          grew = true;
        }
      }
    }
  }
  // A group found certain on a later pass is no longer in doubt.
  for (const sid of certain) uncertain.delete(sid);
  return { sids: certain, doubt: (sid) => uncertain.get(sid) ?? doubt(sid) };
}

// NTFS read access as Windows decides it for one access token: entries that apply to the folder
// itself (not inherit-only), Deny before Allow, generic rights mapped, group membership by SID.
import type { AclEntry, Principal } from "../model";

/** FileSystemRights Read = ReadData | ReadExtendedAttributes | ReadAttributes | ReadPermissions. */
export const READ = 131209;
const GENERIC_ALL = 0x10000000;
const GENERIC_READ = 0x80000000;
const INHERIT_ONLY = 2;

export const WELL_KNOWN = {
  everyone: "S-1-1-0",
  authenticatedUsers: "S-1-5-11",
  users: "S-1-5-32-545",
  iisIusrs: "S-1-5-32-568",
  iusr: "S-1-5-17",
} as const;

function grantsRead(rights: number): boolean {
  const r = rights >>> 0; // generic rights arrive as negative signed 32-bit numbers
  return (r & READ) === READ || (r & GENERIC_ALL) !== 0 || (r & GENERIC_READ) !== 0;
}
function touchesRead(rights: number): boolean {
  const r = rights >>> 0;
  return (r & READ) !== 0 || (r & (GENERIC_ALL | GENERIC_READ)) !== 0;
}

export type ReadDecision = { canRead: true } | { canRead: false; reason: string };

/** Whether a token holding `sids` can read the folder the ACL protects. */
export function canRead(acl: AclEntry[], sids: Set<string>): ReadDecision {
  const applicable = acl.filter((e) => e.sid !== undefined && sids.has(e.sid) && (e.propagation & INHERIT_ONLY) === 0);
  const deny = applicable.find((e) => e.deny && touchesRead(e.rights));
  if (deny) return { canRead: false, reason: `Deny ${deny.rights} for ${deny.name || deny.sid}` };
  const allowed = applicable.filter((e) => !e.deny).reduce((mask, e) => mask | (e.rights >>> 0), 0);
  if (grantsRead(allowed)) return { canRead: true };
  return { canRead: false, reason: "no Allow entry grants Read" };
}

/** The SIDs in the token of an account or of the members of a group, as far as the host knows them. */
export function tokenSids(sid: string, principals: Principal[] = [], extra: string[] = []): Set<string> {
  const sids = new Set<string>([sid, WELL_KNOWN.everyone, ...extra]);
  // Groups that list this SID (directly, or through a group already in the token) add theirs.
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of principals) {
      if (!sids.has(p.sid) && p.members.some((m) => sids.has(m.sid))) {
        sids.add(p.sid);
        grew = true;
      }
    }
  }
  return sids;
}

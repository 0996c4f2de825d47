// Turns the declared baseline into what a scan would observe on web01, with the groups the host
// resolved: the rules must judge declared and observed configuration alike.
import type { Fleet, Principal } from "../../core/model";

export const SID = {
  administrators: "S-1-5-32-544",
  pmAdmins: "S-1-5-21-1-2-3-1101",
  helpDesk: "S-1-5-21-1-2-3-1102",
  contractors: "S-1-5-21-1-2-3-1103",
  alice: "S-1-5-21-1-2-3-2001",
  bob: "S-1-5-21-1-2-3-2002",
  carol: "S-1-5-21-1-2-3-2003",
} as const;

/** Administrators holds the domain group CORP\pm-admins (alice); Help Desk Operators holds bob and carol. */
export function hostGroups(): Principal[] {
  return [
    { name: "BUILTIN\\Administrators", sid: SID.administrators, members: [{ name: "CORP\\pm-admins", sid: SID.pmAdmins }] },
    { name: "CORP\\pm-admins", sid: SID.pmAdmins, members: [{ name: "CORP\\alice", sid: SID.alice }] },
    {
      name: "Help Desk Operators",
      sid: SID.helpDesk,
      members: [
        { name: "CORP\\bob", sid: SID.bob },
        { name: "CORP\\carol", sid: SID.carol },
      ],
    },
  ];
}

/**
 * The baseline as observed: the site's roleAssignments are what the collector derived (here none:
 * an inventory-only scan asks for no roles) and the host reports `principals`.
 */
export function observe(
  f: Fleet,
  principals: Principal[] = hostGroups(),
  roleAssignments: Fleet["sites"][0]["roleAssignments"] = [],
): void {
  f.sites[0].origin = "observed";
  f.sites[0].resource = "host:web01";
  f.sites[0].roleAssignments = roleAssignments;
  f.hosts[0].origin = "observed";
  f.hosts[0].resource = "host:web01";
  f.hosts[0].principals = principals;
}

/** A group whose members could not be read (Get-LocalGroupMember on an orphaned SID, a domain group without network credentials). */
export function unreadable(name: string, sid: string): Principal {
  return { name, sid, members: [], membersError: "Get-LocalGroupMember: Failed to compare two elements in the array" };
}

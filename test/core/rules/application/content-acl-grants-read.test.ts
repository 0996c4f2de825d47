import type { AclEntry, Fleet } from "../../../../core/model";
import rule from "../../../../core/rules/application/content-acl-grants-read";
import { testRule } from "../../../helpers/rule-tester";

const POOL = "S-1-5-82-1-2-3-4-5";
const HELPDESK = "S-1-5-21-9-9-9-1104";
const ADMINS = "S-1-5-21-9-9-9-1103";
const ace = (sid: string, rights: number, extra: Partial<AclEntry> = {}): AclEntry => ({ sid, name: sid, rights, deny: false, inheritance: 3, propagation: 0, ...extra });
const DEFAULT_ACL = [ace("S-1-5-18", 2032127), ace("S-1-5-32-544", 2032127), ace("S-1-5-32-545", 1179817), ace("S-1-5-32-568", 1179817)];

/** Turns the baseline into what a collector reports: ACLs, pool SID, resolved role groups. */
function observed(f: Fleet, acl: AclEntry[] = DEFAULT_ACL, helpdeskAcl: AclEntry[] = acl): void {
  f.sites[0].appPool.sid = POOL;
  for (const a of f.sites[0].applications) a.acl = a.path === "/PM/helpdesk" ? helpdeskAcl : acl;
  f.hosts[0].principals = [
    { name: "Administrators", sid: ADMINS, members: [{ name: "CORP\\alice", sid: "S-1-5-21-1-1-1-500" }] },
    { name: "Help Desk Operators", sid: HELPDESK, members: [{ name: "CORP\\bob", sid: "S-1-5-21-1-1-1-501" }] },
  ];
}
const helpdesk = "web01/Default Web Site/PM/helpdesk";

testRule(rule, {
  valid: [
    { name: "the default inetpub ACL (Users, IIS_IUSRS)", change: (f) => observed(f) },
    { name: "the role group granted directly, pool through IIS_IUSRS, IUSR through Users", change: (f) => observed(f, DEFAULT_ACL, [ace(HELPDESK, 131209), ace("S-1-5-32-568", 131209), ace("S-1-5-32-545", 131209)]) },
    { name: "generic read counts", change: (f) => observed(f, [ace("S-1-1-0", -1610612736)]) },
    { name: "a Deny of write only does not block reading", change: (f) => observed(f, [...DEFAULT_ACL, ace(HELPDESK, 278, { deny: true })]) },
    { name: "a Deny on an inherit-only entry does not apply to the folder", change: (f) => observed(f, DEFAULT_ACL, [...DEFAULT_ACL, ace(HELPDESK, 131209, { deny: true, propagation: 2 })]) },
  ],
  invalid: [
    {
      name: "a Deny Read for the help desk role (the KB case)",
      change: (f) => observed(f, DEFAULT_ACL, [ace(HELPDESK, 131209, { deny: true, name: "WEB\\Help Desk Operators" }), ...DEFAULT_ACL]),
      errors: [{ messageId: "cannotRead", data: { identity: "role 'Help Desk Operators'", target: helpdesk, path: "C:\\inetpub\\wwwroot", reason: "Deny 131209 for WEB\\Help Desk Operators" } }],
    },
    {
      name: "only administrators may read",
      change: (f) => observed(f, DEFAULT_ACL, [ace("S-1-5-18", 2032127), ace("S-1-5-32-544", 2032127)]),
      errors: [
        { messageId: "cannotRead", data: { identity: "IIS AppPool\\PasswordManager", reason: "no Allow entry grants Read" } },
        { messageId: "cannotRead", data: { identity: "role 'Help Desk Operators'" } },
      ],
    },
    {
      name: "Read granted only on an inherit-only entry",
      change: (f) => observed(f, DEFAULT_ACL, [ace("S-1-5-32-545", 131209, { propagation: 2 }), ace("S-1-5-32-568", 131209)]),
      errors: [{ messageId: "cannotRead", data: { identity: "role 'Help Desk Operators'" } }],
    },
    {
      name: "a role the host could not resolve",
      change: (f) => {
        observed(f);
        f.hosts[0].principals = f.hosts[0].principals!.filter((p) => p.name !== "Help Desk Operators");
      },
      errors: [{ messageId: "unresolved", data: { target: helpdesk, role: "Help Desk Operators" } }],
    },
  ],
  notApplicable: [{ name: "declared configuration carries no ACL", reason: /ACL of the content is not known/ }],
  unknown: [{ name: "ACL unreadable on the host", change: (f) => { observed(f); f.sites[0].unknown.push("applications[2].acl"); }, reason: /site\.applications\.acl/ }],
});

import type { AclEntry, Fleet } from "../../../../core/model";
import rule from "../../../../core/rules/application/content-acl-grants-read";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const POOL = "S-1-5-82-1-2-3-4-5";
const ADMIN_POOL = "S-1-5-82-6-7-8-9-10";
const HELPDESK = "S-1-5-21-9-9-9-1104";
const ADMINS = "S-1-5-21-9-9-9-1103";
const SVC_ACCOUNT = "S-1-5-21-9-9-9-3000";
const CONTRACTORS = "S-1-5-21-9-9-9-1200";
const SID = {
  system: "S-1-5-18",
  networkService: "S-1-5-20",
  network: "S-1-5-2",
  builtinAdmins: "S-1-5-32-544",
  users: "S-1-5-32-545",
  iisIusrs: "S-1-5-32-568",
};
const [FULL, READ_EXECUTE, READ] = [2032127, 1179817, 131209];
const ace = (sid: string, rights: number, extra: Partial<AclEntry> = {}): AclEntry => ({
  sid,
  name: sid,
  rights,
  deny: false,
  inheritance: 3,
  propagation: 0,
  ...extra,
});
const inherited = (e: AclEntry): AclEntry => ({ ...e, inherited: true });
const DEFAULT_ACL = [
  ace(SID.system, FULL),
  ace(SID.builtinAdmins, FULL),
  ace(SID.users, READ_EXECUTE),
  ace(SID.iisIusrs, READ_EXECUTE),
].map(inherited);
/** Readable by SYSTEM and the two role groups only: neither IIS_IUSRS nor Users. */
const ROLES_ONLY = [ace(SID.system, FULL), ace(ADMINS, READ_EXECUTE), ace(HELPDESK, READ_EXECUTE)];

/** Turns the baseline into what a collector reports: ACLs, pool SID, resolved role groups. */
function observed(f: Fleet, acl: AclEntry[] = DEFAULT_ACL, helpdeskAcl: AclEntry[] = acl): void {
  f.sites[0].appPool.sid = POOL;
  for (const a of f.sites[0].applications) a.acl = a.path === "/PM/helpdesk" ? helpdeskAcl : acl;
  f.hosts[0].principals = [
    { name: "Administrators", sid: ADMINS, members: [{ name: "CORP\\alice", sid: "S-1-5-21-1-1-1-500" }] },
    { name: "Help Desk Operators", sid: HELPDESK, members: [{ name: "CORP\\bob", sid: "S-1-5-21-1-1-1-501" }] },
  ];
}
/** /PM/admin (Windows auth, role Administrators) gets `acl`; everything else the default ACL. */
function adminAcl(f: Fleet, acl: AclEntry[]): void {
  observed(f);
  appAt(f, "/PM/admin").acl = acl;
}
const admin = "web01/Default Web Site/PM/admin";
const helpdesk = "web01/Default Web Site/PM/helpdesk";

testRule(rule, {
  valid: [
    { name: "the default inetpub ACL (Users, IIS_IUSRS)", change: (f) => observed(f) },
    {
      name: "the role group granted directly, pool through IIS_IUSRS, IUSR through Users",
      change: (f) => observed(f, DEFAULT_ACL, [ace(HELPDESK, READ), ace(SID.iisIusrs, READ), ace(SID.users, READ)]),
    },
    { name: "generic read counts", change: (f) => observed(f, [ace("S-1-1-0", -1610612736)]) },
    {
      name: "a Deny of write only does not block reading",
      change: (f) => observed(f, [...DEFAULT_ACL, ace(HELPDESK, 278, { deny: true })]),
    },
    {
      name: "a Deny on an inherit-only entry does not apply to the folder",
      change: (f) => observed(f, DEFAULT_ACL, [...DEFAULT_ACL, ace(HELPDESK, READ, { deny: true, propagation: 2 })]),
    },
    {
      name: "defect 11: an explicit Allow before an inherited Deny grants (AccessCheck stops at the grant)",
      change: (f) =>
        observed(f, DEFAULT_ACL, [
          ace(HELPDESK, READ_EXECUTE, { inherited: false }),
          ace(HELPDESK, READ, { deny: true, inherited: true }),
          ...DEFAULT_ACL,
        ]),
    },
    {
      name: "defect 11: a Deny reached only after Read is granted denies nothing",
      change: (f) => observed(f, DEFAULT_ACL, [...DEFAULT_ACL, ace(SID.network, READ, { deny: true, inherited: true })]),
    },
    {
      name: "defect 12: a NetworkService pool reads through NETWORK SERVICE ([Allow NETWORK SERVICE RX, Allow SYSTEM F])",
      change: (f) => {
        adminAcl(f, [ace(SID.networkService, READ_EXECUTE), ace(SID.system, FULL), ace(ADMINS, READ_EXECUTE)]);
        Object.assign(f.sites[0].appPool, { identity: "NetworkService", identitySid: SID.networkService });
      },
    },
    {
      name: "defect 12: a NetworkService pool also reads through its injected IIS AppPool SID",
      change: (f) => {
        adminAcl(f, [ace(POOL, READ_EXECUTE), ace(ADMINS, READ_EXECUTE)]);
        f.sites[0].appPool.identity = "NetworkService";
      },
    },
    {
      name: "defect 12: a LocalSystem pool reads through SYSTEM",
      change: (f) => {
        adminAcl(f, [ace(SID.system, FULL), ace(ADMINS, READ_EXECUTE)]);
        f.sites[0].appPool.identity = "LocalSystem";
      },
    },
    {
      name: "defect 12: a SpecificUser pool reads through its account",
      change: (f) => {
        adminAcl(f, [ace(SVC_ACCOUNT, READ_EXECUTE), ace(ADMINS, READ_EXECUTE)]);
        Object.assign(f.sites[0].appPool, { identity: "SpecificUser", userName: "CORP\\svc-pm", identitySid: SVC_ACCOUNT });
      },
    },
    {
      name: "defect 12: the path's own pool is judged, not the site's",
      change: (f) => {
        adminAcl(f, [ace(ADMIN_POOL, READ_EXECUTE), ace(ADMINS, READ_EXECUTE)]);
        appAt(f, "/PM/admin").appPool = { name: "PMAdmin", identity: "ApplicationPoolIdentity", sid: ADMIN_POOL };
      },
    },
    {
      name: "defect 6: roles naming well-known groups are their well-known SIDs, no principal needed",
      change: (f) => {
        observed(f, DEFAULT_ACL, [ace(SID.iisIusrs, READ), ace(SID.users, READ)]);
        appAt(f, "/PM/helpdesk").authorization = [
          { access: "allow", users: [], roles: ["BUILTIN\\Users", "Authenticated Users", "Everyone"] },
        ];
        f.hosts[0].principals = f.hosts[0].principals!.filter((p) => p.name !== "Help Desk Operators");
        f.sites[0].roleAssignments = undefined;
      },
    },
    {
      name: "defect 6: a group whose membership is unknown, listed after the grant, changes nothing",
      change: (f) => {
        observed(f, DEFAULT_ACL, [...DEFAULT_ACL, ace(CONTRACTORS, READ, { deny: true })]);
        f.hosts[0].principals!.push({
          name: "Contractors",
          sid: CONTRACTORS,
          members: [],
          membersError: "Failed to compare two elements in the array.",
        });
      },
    },
  ],
  invalid: [
    {
      name: "a Deny Read for the help desk role (the KB case)",
      change: (f) => observed(f, DEFAULT_ACL, [ace(HELPDESK, READ, { deny: true, name: "WEB\\Help Desk Operators" }), ...DEFAULT_ACL]),
      errors: [
        {
          messageId: "cannotRead",
          data: {
            identity: "role 'Help Desk Operators'",
            target: helpdesk,
            path: "C:\\inetpub\\wwwroot",
            reason: "Deny 131209 for WEB\\Help Desk Operators",
            substatus: "401.3",
          },
        },
      ],
    },
    {
      name: "defect 11: an explicit Deny before an inherited Allow denies",
      change: (f) =>
        observed(f, DEFAULT_ACL, [
          ace(HELPDESK, READ, { deny: true, name: "WEB\\Help Desk Operators", inherited: false }),
          ace(HELPDESK, READ_EXECUTE, { inherited: true }),
          ...DEFAULT_ACL,
        ]),
      errors: [
        { messageId: "cannotRead", data: { identity: "role 'Help Desk Operators'", reason: "Deny 131209 for WEB\\Help Desk Operators" } },
      ],
    },
    {
      name: "defect 11 (NETWORK): a Deny for NETWORK refuses Windows-auth users, whose logon is a network logon",
      change: (f) => observed(f, DEFAULT_ACL, [ace(SID.network, READ, { deny: true, name: "NT AUTHORITY\\NETWORK" }), ...DEFAULT_ACL]),
      errors: [
        {
          messageId: "cannotRead",
          data: { identity: "role 'Help Desk Operators'", reason: "Deny 131209 for NT AUTHORITY\\NETWORK", substatus: "401.3" },
        },
      ],
    },
    {
      name: "defect 13: a pool identity that cannot read the folder gets 500.19, not 401.3",
      change: (f) => observed(f, DEFAULT_ACL, ROLES_ONLY),
      errors: [
        {
          messageId: "workerCannotRead",
          substatus: "500.19",
          data: {
            identity: "IIS AppPool\\PasswordManager",
            pool: "PasswordManager",
            target: helpdesk,
            reason: "no Allow entry grants Read",
            substatus: "500.19",
          },
        },
      ],
    },
    {
      name: "only administrators may read: the worker (500.19) and the role (401.3) both fail",
      change: (f) => observed(f, DEFAULT_ACL, [ace(SID.system, FULL), ace(SID.builtinAdmins, FULL)]),
      errors: [
        {
          messageId: "workerCannotRead",
          substatus: "500.19",
          data: { identity: "IIS AppPool\\PasswordManager", reason: "no Allow entry grants Read", substatus: "500.19" },
        },
        { messageId: "cannotRead", substatus: "401.3", data: { identity: "role 'Help Desk Operators'", substatus: "401.3" } },
      ],
    },
    {
      name: "Read granted only on an inherit-only entry",
      change: (f) => observed(f, DEFAULT_ACL, [ace(SID.users, READ, { propagation: 2 }), ace(SID.iisIusrs, READ)]),
      errors: [{ messageId: "cannotRead", data: { identity: "role 'Help Desk Operators'" } }],
    },
    {
      name: "defect 12: a NetworkService pool is not the IIS AppPool account: granting only NETWORK SERVICE elsewhere does not help the virtual account's pool",
      change: (f) => adminAcl(f, [ace(SID.networkService, READ_EXECUTE), ace(SID.system, FULL), ace(ADMINS, READ_EXECUTE)]),
      errors: [
        {
          messageId: "workerCannotRead",
          substatus: "500.19",
          data: { identity: "IIS AppPool\\PasswordManager", target: admin, substatus: "500.19" },
        },
      ],
    },
    {
      name: "defect 12: the path's own pool that cannot read is reported, though the site's pool could",
      change: (f) => {
        adminAcl(f, [ace(POOL, READ_EXECUTE), ace(ADMINS, READ_EXECUTE)]);
        appAt(f, "/PM/admin").appPool = {
          name: "PMAdmin",
          identity: "SpecificUser",
          userName: "CORP\\svc-pm",
          identitySid: SVC_ACCOUNT,
          sid: ADMIN_POOL,
        };
      },
      errors: [{ messageId: "workerCannotRead", substatus: "500.19", data: { identity: "CORP\\svc-pm", pool: "PMAdmin", target: admin } }],
    },
    {
      name: "defect 6: a violation of another identity is reported although a role is unresolved",
      change: (f) => {
        observed(f, DEFAULT_ACL, ROLES_ONLY);
        f.hosts[0].principals = f.hosts[0].principals!.filter((p) => p.name !== "Help Desk Operators");
      },
      errors: [{ messageId: "workerCannotRead", substatus: "500.19", data: { target: helpdesk } }],
    },
  ],
  notApplicable: [{ name: "declared configuration carries no ACL", reason: /ACL of the content is not known/ }],
  unknown: [
    {
      name: "ACL unreadable on the host",
      change: (f) => {
        observed(f);
        f.sites[0].unknown.push("applications[2].acl");
      },
      reason: /site\.applications\.acl/,
    },
    {
      name: "defect 6: a role the host could not resolve is unknown, not a violation",
      change: (f) => {
        observed(f);
        f.hosts[0].principals = f.hosts[0].principals!.filter((p) => p.name !== "Help Desk Operators");
      },
      reason: /helpdesk: the host could not resolve role 'Help Desk Operators' to a SID/,
    },
    {
      name: "defect 6: a role principal without a SID is unknown",
      change: (f) => {
        observed(f);
        f.hosts[0].principals![1] = { name: "Help Desk Operators", sid: "", members: [], membersError: "not found" };
      },
      reason: /could not resolve role 'Help Desk Operators'/,
    },
    {
      name: "defect 6: a role whose members could not be read (CORP\\Help Desk Operators) is unknown",
      change: (f) => {
        observed(f);
        appAt(f, "/PM/helpdesk").authorization = [{ access: "allow", users: [], roles: ["CORP\\Help Desk Operators"] }];
        f.sites[0].roleAssignments = undefined;
        f.hosts[0].principals![1] = {
          name: "CORP\\Help Desk Operators",
          sid: HELPDESK,
          members: [],
          membersError: "a session without network credentials cannot read domain group members",
        };
      },
      reason: /the members of role 'CORP\\Help Desk Operators' could not be read \(a session without network credentials/,
    },
    {
      name: "defect 6: a Deny for a group whose membership is unknown, before the grant, may apply",
      change: (f) => {
        observed(f, DEFAULT_ACL, [ace(CONTRACTORS, READ, { deny: true, name: "CORP\\Contractors" }), ...DEFAULT_ACL]);
        f.hosts[0].principals!.push({
          name: "CORP\\Contractors",
          sid: CONTRACTORS,
          members: [],
          membersError: "Failed to compare two elements in the array.",
        });
      },
      reason: /Deny 131209 for CORP\\Contractors may apply: the members of 'CORP\\Contractors' could not be read/,
    },
    {
      name: "defect 12: an ApplicationPoolIdentity pool whose SID is not known",
      change: (f) => {
        observed(f);
        delete f.sites[0].appPool.sid;
      },
      reason: /the SID of IIS AppPool\\PasswordManager, the worker's identity, is not known/,
    },
    {
      name: "defect 12: a SpecificUser pool whose account SID is not known",
      change: (f) => {
        observed(f);
        Object.assign(f.sites[0].appPool, { identity: "SpecificUser", userName: "CORP\\svc-pm" });
      },
      reason: /the SID of CORP\\svc-pm, the identity of pool 'PasswordManager', is not known/,
    },
    {
      name: "defect 12: a NetworkService pool without its injected SID, where only an IIS AppPool entry grants",
      change: (f) => {
        adminAcl(f, [ace(POOL, READ_EXECUTE), ace(ADMINS, READ_EXECUTE)]);
        f.sites[0].appPool.identity = "NetworkService";
        delete f.sites[0].appPool.sid;
        for (const a of f.sites[0].applications) if (a.path !== "/PM/admin") a.acl = undefined;
      },
      reason: /injected into the worker's token\) is not known/,
    },
    {
      name: "an ACL entry the host could not translate to a SID may be the one that denies",
      change: (f) =>
        observed(f, DEFAULT_ACL, [{ name: "S-1-5-21-orphan", rights: READ, deny: true, inheritance: 3, propagation: 0 }, ...DEFAULT_ACL]),
      reason: /could not translate it to a SID/,
    },
  ],
});

// Expectations from IIS's mixed mode: Anonymous beside a challenge method is served anonymously
// unless URL authorization, ASP.NET authorization or the NTFS ACL refuses the anonymous identity, in
// which case IIS challenges and users log on ("Understanding IIS URL Authorization",
// learn.microsoft.com/iis/manage/configuring-security/understanding-iis-url-authorization; "Configure
// Windows Authentication", learn.microsoft.com/aspnet/core/security/authentication/windowsauth: "enable
// Windows and Anonymous … specify [Authorize]"; anonymous identity: learn.microsoft.com/iis/configuration/
// system.webServer/security/authentication/anonymousAuthentication). Collector-review defect 8.
import type { AclEntry, Fleet } from "../../../../core/model";
import rule from "../../../../core/rules/application/mixed-auth-admits-anonymous";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";
import { observe, SID } from "../../../helpers/observed";

const helpdesk = "web01/Default Web Site/PM/helpdesk";
const [FULL, READ_EXECUTE] = [2032127, 1179817];
const ace = (sid: string, rights: number, deny = false): AclEntry => ({ sid, name: sid, rights, deny, inheritance: 3, propagation: 0 });
const USERS_READ = [ace("S-1-5-18", FULL), ace("S-1-5-32-545", READ_EXECUTE)];
const ROLE_ONLY = [ace("S-1-5-18", FULL), ace(SID.helpDesk, READ_EXECUTE)];

/** /PM/helpdesk in mixed mode; by default its rules still allow only Help Desk Operators (inheritance cleared). */
const mixed = (f: Fleet, extra: Partial<Fleet["sites"][0]["applications"][0]> = {}) =>
  void Object.assign(appAt(f, "/PM/helpdesk"), { authentication: ["anonymous", "windows"], ...extra });
/** …with the server default Allow * in force: URL authorization admits anonymous users. */
const openMixed = (f: Fleet, extra: Partial<Fleet["sites"][0]["applications"][0]> = {}) =>
  mixed(f, { authorization: [], inheritAuthorization: true, ...extra });

testRule(rule, {
  valid: [
    {
      name: "defect 8: mixed mode whose URL authorization allows only the role: anonymous users are refused and challenged",
      change: (f) => mixed(f),
    },
    {
      name: "a Deny for ? refuses anonymous users",
      change: (f) => openMixed(f, { authorization: [{ access: "deny", users: ["?"], roles: [] }] }),
    },
    {
      name: "ASP.NET authorization denies ? (managed content answers 401 and IIS adds the challenge)",
      change: (f) => openMixed(f, { aspNetAuthorization: [{ access: "deny", users: ["?"], roles: [] }] }),
    },
    {
      name: "observed: the content ACL refuses IUSR (only the role and SYSTEM may read)",
      change: (f) => {
        observe(f);
        openMixed(f, { acl: ROLE_ONLY });
      },
    },
    {
      name: "a challenge method without its module leaves Anonymous alone",
      change: (f) => openMixed(f, { modules: ["AnonymousAuthenticationModule", "UrlAuthorizationModule"] }),
    },
  ],
  invalid: [
    {
      name: "defect 8: Anonymous + Windows under the server default Allow *: served anonymously, the application's role check answers 401",
      change: (f) => openMixed(f),
      errors: [
        {
          messageId: "anonymousServed",
          data: { target: helpdesk, methods: "Windows", why: expect.stringContaining("URL authorization admits anonymous users") },
        },
      ],
    },
    {
      name: "observed: URL authorization admits ? and the ACL lets IUSR read through Users",
      change: (f) => {
        observe(f);
        openMixed(f, { acl: USERS_READ });
      },
      errors: [{ messageId: "anonymousServed", data: { why: "URL authorization admits anonymous users; the ACL lets IUSR read" } }],
    },
    {
      name: "without UrlAuthorizationModule an Allow for the role only refuses nobody",
      change: (f) => mixed(f, { modules: ["AnonymousAuthenticationModule", "WindowsAuthenticationModule"] }),
      errors: [{ messageId: "anonymousServed", data: { why: expect.stringContaining("UrlAuthorizationModule is not enabled") } }],
    },
    {
      name: "an empty anonymous userName serves as the pool identity, which reads the content",
      change: (f) => {
        observe(f);
        f.sites[0].appPool.sid = "S-1-5-82-1";
        openMixed(f, { anonymousUserName: "", acl: [ace("S-1-5-82-1", READ_EXECUTE)] });
      },
      errors: [{ messageId: "anonymousServed", data: { why: expect.stringContaining("the identity of pool 'PasswordManager'") } }],
    },
  ],
  notApplicable: [
    { name: "Windows only", reason: /not Anonymous beside a working challenge method/ },
    {
      name: "Anonymous only",
      change: (f) => void (appAt(f, "/PM/helpdesk").authentication = ["anonymous"]),
      reason: /not Anonymous beside/,
    },
  ],
  unknown: [
    {
      name: "the authorization rules are unknown at preview",
      change: (f) => {
        openMixed(f);
        f.sites[0].unknown.push("applications.authorization");
      },
      reason: /authorization is not known/,
    },
    {
      name: "the ACL could not be read",
      change: (f) => {
        observe(f);
        openMixed(f, { acl: USERS_READ });
        f.sites[0].unknown.push("applications[2].acl");
      },
      reason: /acl is not known/,
    },
    {
      name: "an anonymous account the host did not resolve",
      change: (f) => {
        observe(f);
        openMixed(f, { anonymousUserName: "CORP\\svc-anon", acl: USERS_READ });
      },
      reason: /did not resolve anonymous user 'CORP\\svc-anon'/,
    },
  ],
});

// Expectations from "Adding Security Authorization <add>" (verbs, Setup: the URL authorization
// module), learn.microsoft.com/iis/configuration/system.webServer/security/authorization/add, and
// "Understanding IIS URL Authorization" (Deny first, parent first; a site-root deny ? inherited),
// learn.microsoft.com/iis/manage/configuring-security/understanding-iis-url-authorization.
import { evaluateRule } from "../../../../core/engine";
import type { AuthorizationRule } from "../../../../core/model";
import rule from "../../../../core/rules/application/authorization-admits-someone";
import { app, appAt, baselineFleet } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";
import { observe, hostGroups, SID, unreadable } from "../../../helpers/observed";

const admin = "web01/Default Web Site/PM/admin";
const selfservice = "web01/Default Web Site/PM/selfservice";
const allow = (o: Partial<AuthorizationRule>): AuthorizationRule => ({ access: "allow", users: [], roles: [], ...o });
const deny = (o: Partial<AuthorizationRule>): AuthorizationRule => ({ access: "deny", users: [], roles: [], ...o });
const ALLOW_ADMINS = allow({ roles: ["Administrators"] });
const NO_WINDOWS_MODULE = ["UrlAuthorizationModule", "AnonymousAuthenticationModule", "BasicAuthenticationModule"];

testRule(rule, {
  valid: [
    { name: "the baseline role rules" },
    {
      name: "no rules: the server default Allow * applies",
      change: (f) => {
        const a = appAt(f, "/PM/admin");
        a.authorization = [];
        a.inheritAuthorization = true;
      },
    },
    {
      name: "deny anonymous, allow all",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [deny({ users: ["?"] }), allow({ users: ["*"] })]),
    },
    {
      name: "deny one user, allow a role with another member",
      change: (f) =>
        void (appAt(f, "/PM/helpdesk").authorization = [deny({ users: ["CORP\\bob"] }), allow({ roles: ["Help Desk Operators"] })]),
    },
    { name: "role membership not declared: assumed to have members", change: (f) => void delete f.sites[0].roleAssignments },
    { name: "a named user", change: (f) => void (appAt(f, "/PM/admin").authorization = [allow({ users: ["CORP\\alice"] })]) },
    // defect 7
    {
      name: "a verb-scoped Deny locks out only its verbs (Deny * for POST, GET still admitted)",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [deny({ users: ["*"], verbs: ["POST"] }), ALLOW_ADMINS]),
    },
    {
      name: "a Deny for the admins limited to DELETE leaves GET to them",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [deny({ roles: ["Administrators"], verbs: ["delete"] }), ALLOW_ADMINS]),
    },
    // defect 14
    {
      name: "a Deny for INTERACTIVE refuses no remote user (IIS logons are network logons)",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [deny({ roles: ["NT AUTHORITY\\INTERACTIVE"] }), ALLOW_ADMINS]),
    },
    {
      name: "an Allow for Authenticated Users admits every domain user",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [allow({ roles: ["NT AUTHORITY\\Authenticated Users"] })]),
    },
    { name: "observed: a member of a domain group nested in the allowed role is admitted", change: (f) => observe(f) },
    // defect 9
    {
      name: "anonymous-only applications under the server default Allow * admit anonymous users",
      change: (f) => void (appAt(f, "/PM/selfservice").authorization = [allow({ users: ["?"] })]),
    },
    {
      name: "anonymous next to Windows: authenticated users get in when anonymous users are refused",
      change: (f) => void Object.assign(appAt(f, "/PM/helpdesk"), { authentication: ["anonymous", "windows"] }),
    },
    // defect 15
    {
      name: "modules not known: those the configuration needs are assumed",
      change: (f) => void (appAt(f, "/PM/admin").modules = undefined),
    },
  ],
  invalid: [
    {
      name: "deny * shadows the role allow",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [ALLOW_ADMINS, deny({ users: ["*"] })]),
      errors: [{ messageId: "nobody", data: { target: admin, reason: "a Deny for all users (*) declared at /PM/admin" } }],
    },
    {
      name: "a parent deny * cannot be overridden below it",
      change: (f) => {
        f.sites[0].applications.push(app("/PM", { authorization: [deny({ users: ["*"] })] }));
        appAt(f, "/PM/admin").inheritAuthorization = true;
        appAt(f, "/PM/helpdesk").inheritAuthorization = true;
      },
      errors: [
        { messageId: "nobody", data: { target: admin, reason: "a Deny for all users (*) declared at /PM" } },
        { messageId: "nobody", data: { target: "web01/Default Web Site/PM/helpdesk" } },
        { messageId: "anonymousRefused", data: { target: selfservice, reason: "a Deny for all users (*) declared at /PM" } },
        { messageId: "nobody", data: { target: "web01/Default Web Site/PM" } },
      ],
    },
    {
      name: "only anonymous users allowed on a challenge app",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [allow({ users: ["?"] })]),
      errors: [{ messageId: "nobody", data: { reason: "no Allow rule admits an authenticated user" } }],
    },
    {
      name: "the only allowed role is also denied",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [ALLOW_ADMINS, deny({ roles: ["Administrators"] })]),
      errors: [{ messageId: "nobody", data: { reason: "every allowed user or role (Administrators) is denied or has no members" } }],
    },
    {
      name: "the only allowed role is empty",
      change: (f) => void (f.sites[0].roleAssignments![0].members = []),
      errors: [{ messageId: "nobody", data: { target: admin } }],
    },
    {
      name: "the only member of the allowed role is denied by name",
      change: (f) => void appAt(f, "/PM/admin").authorization.push(deny({ users: ["corp\\ALICE"] })),
      errors: [{ messageId: "nobody", data: { target: admin } }],
    },
    // defect 7
    {
      name: "a verb-scoped Deny of GET locks out browsing and names the verbs",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [deny({ users: ["*"], verbs: ["GET", "HEAD"] }), ALLOW_ADMINS]),
      errors: [
        {
          messageId: "nobodyForVerbs",
          data: {
            target: admin,
            verbs: "GET, HEAD",
            admittedVerbs: "(other verbs)",
            reason: "a Deny for all users (*) for GET, HEAD declared at /PM/admin",
          },
        },
      ],
    },
    // defect 14
    ...["Users", "BUILTIN\\Users", "Authenticated Users", "NT AUTHORITY\\Authenticated Users", "Everyone", "NETWORK"].map((group) => ({
      name: `a Deny for '${group}' (in every authenticated user's token) admits nobody`,
      change: (f: ReturnType<typeof baselineFleet>) =>
        void (appAt(f, "/PM/admin").authorization = [deny({ roles: [group] }), ALLOW_ADMINS]),
      errors: [
        {
          messageId: "nobody",
          data: {
            target: admin,
            reason: `a Deny for role '${group}', which every authenticated user's token carries, declared at /PM/admin`,
          },
        },
      ],
    })),
    {
      name: "an Allow for INTERACTIVE alone admits no remote user",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [allow({ roles: ["INTERACTIVE"] })]),
      errors: [{ messageId: "nobody", data: { target: admin, reason: expect.stringContaining("INTERACTIVE is never in the token") } }],
    },
    {
      name: "observed: a Deny for the domain group nested in Administrators shadows the Administrators Allow",
      change: (f) => {
        observe(f);
        appAt(f, "/PM/admin").authorization = [deny({ roles: ["CORP\\pm-admins"] }), ALLOW_ADMINS];
      },
      errors: [
        { messageId: "nobody", data: { target: admin, reason: "every allowed user or role (Administrators) is denied or has no members" } },
      ],
    },
    // defect 9
    {
      name: 'an inherited deny users="?" at the site root refuses every anonymous request',
      change: (f) => void (appAt(f, "/").authorization = [deny({ users: ["?"] })]),
      errors: [
        {
          messageId: "anonymousRefused",
          data: { target: "web01/Default Web Site/", reason: "a Deny for anonymous users (?) declared at /" },
        },
        { messageId: "anonymousRefused", data: { target: selfservice, reason: "a Deny for anonymous users (?) declared at /" } },
      ],
    },
    {
      name: "an anonymous-only application whose only Allow names a role refuses anonymous users",
      change: (f) => void Object.assign(appAt(f, "/PM/selfservice"), { authorization: [ALLOW_ADMINS], inheritAuthorization: false }),
      errors: [{ messageId: "anonymousRefused", data: { target: selfservice, reason: "no Allow rule admits anonymous users (? or *)" } }],
    },
    {
      name: "an anonymous-only application with deny ? for GET names the verb",
      change: (f) => void (appAt(f, "/PM/selfservice").authorization = [deny({ users: ["?"], verbs: ["GET"] })]),
      errors: [{ messageId: "anonymousRefusedForVerbs", data: { target: selfservice, verbs: "GET", admittedVerbs: "(other verbs)" } }],
    },
    // defect 15
    {
      name: "Windows enabled without WindowsAuthenticationModule leaves only Anonymous, which the rules refuse",
      change: (f) => void Object.assign(appAt(f, "/PM/admin"), { authentication: ["anonymous", "windows"], modules: NO_WINDOWS_MODULE }),
      errors: [{ messageId: "anonymousRefused", data: { target: admin, reason: "no Allow rule admits anonymous users (? or *)" } }],
    },
  ],
  notApplicable: [
    {
      name: "no authentication method works: auth-method-required reports it",
      change: (f) => f.sites[0].applications.forEach((a) => Object.assign(a, { authentication: ["windows"], modules: NO_WINDOWS_MODULE })),
      reason: /no authentication method works/,
    },
    {
      name: "without UrlAuthorizationModule a Deny * is not enforced",
      change: (f) =>
        void Object.assign(appAt(f, "/PM/admin"), {
          authorization: [deny({ users: ["*"] })],
          modules: ["WindowsAuthenticationModule", "AnonymousAuthenticationModule"],
        }),
      reason: /UrlAuthorizationModule is not enabled at this path/,
    },
  ],
  unknown: [
    { name: "authorization unknown", change: (f) => void f.sites[0].unknown.push("applications.authorization"), reason: /authorization/ },
    {
      name: "a Deny naming a group whose members could not be read is unknown, never 'denies nobody'",
      change: (f) => {
        observe(f, [...hostGroups(), unreadable("CORP\\Contractors", SID.contractors)]);
        appAt(f, "/PM/admin").authorization = [deny({ roles: ["CORP\\Contractors"] }), ALLOW_ADMINS];
      },
      reason: /members of 'CORP\\Contractors' could not be read: Get-LocalGroupMember/,
    },
    {
      name: "observed roles the collector did not resolve are unknown, not undeclared",
      change: (f) => observe(f, []),
      reason: /members of '(Administrators|Help Desk Operators)' were not collected/,
    },
    {
      name: "declared Deny for a group without declared members is unknown",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [deny({ roles: ["CORP\\Contractors"] }), ALLOW_ADMINS]),
      reason: /members of 'CORP\\Contractors' are not declared/,
    },
  ],
});

describe("unknown membership is scoped to the applications that name the group", () => {
  test("an unreadable Help Desk Operators leaves /PM/admin judged compliant and /PM/helpdesk unknown", () => {
    const f = baselineFleet();
    observe(f, [hostGroups()[0], hostGroups()[1], unreadable("Help Desk Operators", SID.helpDesk)]);
    const byTarget = Object.fromEntries(evaluateRule(rule, f).map((x) => [x.target, x.status]));
    expect(byTarget).toEqual({
      "web01/Default Web Site/": "compliant",
      [admin]: "compliant",
      "web01/Default Web Site/PM/helpdesk": "unknown",
      [selfservice]: "compliant",
    });
  });

  test("a site-wide unknown roleAssignments does not blind the applications that name no role", () => {
    const f = baselineFleet();
    f.sites[0].unknown.push("roleAssignments");
    const byTarget = Object.fromEntries(evaluateRule(rule, f).map((x) => [x.target, x.status]));
    expect(byTarget[selfservice]).toBe("compliant");
    expect(byTarget[admin]).toBe("unknown");
  });
});

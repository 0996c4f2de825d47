// Expectations from "authorization Element (ASP.NET Settings Schema)": the most local configuration
// file first, the first rule that fits decides
// (learn.microsoft.com/previous-versions/dotnet/netframework-4.0/8d82143t(v=vs.100)), and its
// allow/deny elements' verbs attribute (…/acsd09b0, …/8aeskccd).
import type { AspNetAuthorizationRule } from "../../../../core/model";
import rule from "../../../../core/rules/application/aspnet-authorization-admits-someone";
import { app, appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";
import { hostGroups, observe, SID, unreadable } from "../../../helpers/observed";

const admin = "web01/Default Web Site/PM/admin";
const helpdesk = "web01/Default Web Site/PM/helpdesk";
const allow = (o: Partial<AspNetAuthorizationRule>): AspNetAuthorizationRule => ({ access: "allow", users: [], roles: [], ...o });
const deny = (o: Partial<AspNetAuthorizationRule>): AspNetAuthorizationRule => ({ access: "deny", users: [], roles: [], ...o });
const DENY_ALL = deny({ users: ["*"] });
const ALLOW_ADMINS = allow({ roles: ["Administrators"] });

testRule(rule, {
  valid: [
    { name: "the baseline (no system.web/authorization anywhere)" },
    {
      name: "allow the admins, then deny everyone: the admins match first",
      change: (f) => void (appAt(f, "/PM/admin").aspNetAuthorization = [ALLOW_ADMINS, DENY_ALL]),
    },
    {
      name: "the lowest level is evaluated first: an application's own Allow precedes the root's Deny",
      change: (f) => {
        appAt(f, "/").aspNetAuthorization = [allow({ users: ["?"] }), DENY_ALL];
        appAt(f, "/PM/admin").aspNetAuthorization = [ALLOW_ADMINS];
        appAt(f, "/PM/helpdesk").aspNetAuthorization = [allow({ roles: ["Help Desk Operators"] })];
      },
    },
    {
      name: "a Deny * limited to POST leaves GET to the machine default",
      change: (f) => void (appAt(f, "/PM/admin").aspNetAuthorization = [deny({ users: ["*"], verbs: ["POST"] })]),
    },
    {
      name: "deny anonymous users only, on a Windows application",
      change: (f) => void (appAt(f, "/PM/admin").aspNetAuthorization = [deny({ users: ["?"] })]),
    },
    {
      name: "observed: a member of a domain group nested in Administrators matches the Allow",
      change: (f) => {
        observe(f);
        appAt(f, "/PM/admin").aspNetAuthorization = [ALLOW_ADMINS, DENY_ALL];
      },
    },
  ],
  invalid: [
    {
      name: 'deny users="*" in the application\'s web.config refuses every managed request',
      change: (f) => void (appAt(f, "/PM/admin").aspNetAuthorization = [DENY_ALL]),
      errors: [{ messageId: "nobody", data: { target: admin, reason: 'the first rule that matches is <deny users="*"/> at /PM/admin' } }],
    },
    {
      name: "deny everyone before allowing the admins: the first match wins",
      change: (f) => void (appAt(f, "/PM/admin").aspNetAuthorization = [DENY_ALL, ALLOW_ADMINS]),
      errors: [{ messageId: "nobody", data: { target: admin } }],
    },
    {
      name: "a parent's Deny applies where the application defines nothing",
      change: (f) => {
        f.sites[0].applications.push(app("/PM", { aspNetAuthorization: [allow({ users: ["?"] }), DENY_ALL] }));
      },
      errors: [
        { messageId: "nobody", data: { target: admin, reason: 'the first rule that matches is <deny users="*"/> at /PM' } },
        { messageId: "nobody", data: { target: helpdesk, reason: 'the first rule that matches is <deny users="*"/> at /PM' } },
        { messageId: "nobody", data: { target: "web01/Default Web Site/PM" } },
      ],
    },
    {
      name: "a Deny for the built-in Users group matches every authenticated user",
      change: (f) => void (appAt(f, "/PM/admin").aspNetAuthorization = [deny({ roles: ["BUILTIN\\Users"] }), ALLOW_ADMINS]),
      errors: [
        {
          messageId: "nobody",
          data: { target: admin, reason: 'the first rule that matches is <deny roles="BUILTIN\\Users"/> at /PM/admin' },
        },
      ],
    },
    {
      name: "a Deny * for GET locks browsing out and names the verbs",
      change: (f) => void (appAt(f, "/PM/admin").aspNetAuthorization = [deny({ users: ["*"], verbs: ["GET"] })]),
      errors: [{ messageId: "nobodyForVerbs", data: { target: admin, verbs: "GET", admittedVerbs: "(other verbs)" } }],
    },
    {
      name: 'an anonymous-only application with <deny users="?"/> refuses every anonymous request',
      change: (f) => void (appAt(f, "/PM/selfservice").aspNetAuthorization = [deny({ users: ["?"] })]),
      errors: [
        {
          messageId: "anonymousRefused",
          data: {
            target: "web01/Default Web Site/PM/selfservice",
            reason: 'the first rule that matches is <deny users="?"/> at /PM/selfservice',
          },
        },
      ],
    },
  ],
  notApplicable: [
    { name: "no level defines ASP.NET rules", reason: /no system\.web\/authorization rules/ },
    {
      name: "without ASP.NET's UrlAuthorization module the rules are not enforced",
      change: (f) =>
        void Object.assign(appAt(f, "/PM/admin"), {
          aspNetAuthorization: [DENY_ALL],
          modules: ["WindowsAuthenticationModule", "UrlAuthorizationModule"],
        }),
      reason: /UrlAuthorization module is not enabled/,
    },
  ],
  unknown: [
    {
      name: "ASP.NET rules unknown",
      change: (f) => void f.sites[0].unknown.push("applications[1].aspNetAuthorization"),
      reason: /aspNetAuthorization/,
    },
    {
      name: "a Deny naming a group whose members could not be read is unknown",
      change: (f) => {
        observe(f, [...hostGroups(), unreadable("CORP\\Contractors", SID.contractors)]);
        appAt(f, "/PM/admin").aspNetAuthorization = [deny({ roles: ["CORP\\Contractors"] }), ALLOW_ADMINS];
      },
      reason: /members of 'CORP\\Contractors' could not be read/,
    },
  ],
});

import rule from "../../../../core/rules/application/authorization-admits-someone";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const admin = "web01/Default Web Site/PM/admin";

testRule(rule, {
  valid: [
    { name: "the baseline role rules" },
    { name: "no rules: the server default Allow * applies", change: (f) => { const a = appAt(f, "/PM/admin"); a.authorization = []; a.inheritAuthorization = true; } },
    { name: "deny anonymous, allow all", change: (f) => void (appAt(f, "/PM/admin").authorization = [{ access: "deny", users: ["?"], roles: [] }, { access: "allow", users: ["*"], roles: [] }]) },
    { name: "deny one user, allow a role with another member", change: (f) => void (appAt(f, "/PM/helpdesk").authorization = [{ access: "deny", users: ["CORP\\bob"], roles: [] }, { access: "allow", users: [], roles: ["Help Desk Operators"] }]) },
    { name: "role membership unknown: assumed to have members", change: (f) => void delete f.sites[0].roleAssignments },
    { name: "a named user", change: (f) => void (appAt(f, "/PM/admin").authorization = [{ access: "allow", users: ["CORP\\alice"], roles: [] }]) },
  ],
  invalid: [
    {
      name: "deny * shadows the role allow",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [{ access: "allow", users: [], roles: ["Administrators"] }, { access: "deny", users: ["*"], roles: [] }]),
      errors: [{ messageId: "nobody", data: { target: admin, reason: "a Deny for all users (*) declared at /PM/admin" } }],
    },
    {
      name: "a parent deny * cannot be overridden below it",
      change: (f) => {
        f.sites[0].applications.push({ path: "/PM", authentication: ["windows"], requireSsl: false, authorization: [{ access: "deny", users: ["*"], roles: [] }], inheritAuthorization: true, localClients: false });
        appAt(f, "/PM/admin").inheritAuthorization = true;
        appAt(f, "/PM/helpdesk").inheritAuthorization = true;
      },
      errors: [
        { messageId: "nobody", data: { target: admin, reason: "a Deny for all users (*) declared at /PM" } },
        { messageId: "nobody", data: { target: "web01/Default Web Site/PM/helpdesk" } },
        { messageId: "nobody", data: { target: "web01/Default Web Site/PM" } },
      ],
    },
    {
      name: "only anonymous users allowed on a challenge app",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [{ access: "allow", users: ["?"], roles: [] }]),
      errors: [{ messageId: "nobody", data: { reason: "no Allow rule admits an authenticated user" } }],
    },
    {
      name: "the only allowed role is also denied",
      change: (f) => void (appAt(f, "/PM/admin").authorization = [{ access: "allow", users: [], roles: ["Administrators"] }, { access: "deny", users: [], roles: ["Administrators"] }]),
      errors: [{ messageId: "nobody", data: { reason: "every allowed user or role (Administrators) is denied or has no members" } }],
    },
    {
      name: "the only allowed role is empty",
      change: (f) => void (f.sites[0].roleAssignments![0].members = []),
      errors: [{ messageId: "nobody", data: { target: admin } }],
    },
    {
      name: "the only member of the allowed role is denied by name",
      change: (f) => void appAt(f, "/PM/admin").authorization.push({ access: "deny", users: ["corp\\ALICE"], roles: [] }),
      errors: [{ messageId: "nobody", data: { target: admin } }],
    },
  ],
  notApplicable: [{ name: "anonymous-only self-service", change: (f) => f.sites[0].applications.forEach((a) => (a.authentication = ["anonymous"])), reason: /no challenge/ }],
  unknown: [{ name: "authorization unknown", change: (f) => void f.sites[0].unknown.push("applications.authorization"), reason: /authorization/ }],
});

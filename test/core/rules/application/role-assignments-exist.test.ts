import { evaluateRule } from "../../../../core/engine";
import rule from "../../../../core/rules/application/role-assignments-exist";
import { appAt, baselineFleet } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";
import { hostGroups, observe, SID, unreadable } from "../../../helpers/observed";

const helpdesk = "web01/Default Web Site/PM/helpdesk";

testRule(rule, {
  valid: [
    { name: "both roles have members" },
    { name: "role names compare case-insensitively", change: (f) => void (f.sites[0].roleAssignments![1].role = "help desk operators") },
    // defect 14: built-in groups every authenticated user carries need no assignment
    {
      name: "an Allow for Authenticated Users needs no role assignment",
      change: (f) =>
        void (appAt(f, "/PM/helpdesk").authorization = [{ access: "allow", users: [], roles: ["NT AUTHORITY\\Authenticated Users"] }]),
    },
    // defect 5: an inventory-only scan whose host resolved the groups itself
    { name: "observed roles resolved from the host's groups (nested) have members", change: (f) => observe(f) },
  ],
  invalid: [
    {
      name: "Help Desk Operators has no members (the KB case)",
      change: (f) => void (f.sites[0].roleAssignments![1].members = []),
      errors: [{ messageId: "empty", data: { target: helpdesk, role: "Help Desk Operators" } }],
    },
    {
      name: "a role missing from the declared assignments",
      change: (f) => void f.sites[0].roleAssignments!.splice(1, 1),
      errors: [{ messageId: "undeclared", data: { target: helpdesk, role: "Help Desk Operators" } }],
    },
    {
      name: "two empty roles in one rule",
      change: (f) => {
        appAt(f, "/PM/helpdesk").authorization = [{ access: "allow", users: [], roles: ["Help Desk Operators", "Auditors"] }];
        f.sites[0].roleAssignments![1].members = [];
        f.sites[0].roleAssignments!.push({ role: "Auditors", members: [] });
      },
      errors: [
        { messageId: "empty", data: { role: "Help Desk Operators" } },
        { messageId: "empty", data: { role: "Auditors" } },
      ],
    },
    {
      name: "observed: a group the host reports with no members is empty",
      change: (f) => observe(f, [hostGroups()[0], hostGroups()[1], { name: "Help Desk Operators", sid: SID.helpDesk, members: [] }]),
      errors: [{ messageId: "empty", data: { target: helpdesk, role: "Help Desk Operators" } }],
    },
  ],
  notApplicable: [
    { name: "memberships not declared", change: (f) => void delete f.sites[0].roleAssignments, reason: /not declared/ },
    {
      name: "no role in any allow rule",
      change: (f) => f.sites[0].applications.forEach((a) => (a.authorization = [])),
      reason: /names a role/,
    },
    {
      name: "without UrlAuthorizationModule the roles are not enforced",
      change: (f) => {
        f.sites[0].roleAssignments![1].members = [];
        appAt(f, "/PM/helpdesk").modules = ["WindowsAuthenticationModule"];
      },
      reason: /UrlAuthorizationModule is not enabled/,
    },
  ],
  unknown: [
    { name: "role assignments unknown", change: (f) => void f.sites[0].unknown.push("roleAssignments"), reason: /roleAssignments/ },
    // defect 6
    {
      name: "a role whose members could not be read is unknown, not undeclared",
      change: (f) => observe(f, [hostGroups()[0], hostGroups()[1], unreadable("Help Desk Operators", SID.helpDesk)]),
      reason: /members of 'Help Desk Operators' could not be read: Get-LocalGroupMember/,
    },
    // defect 5
    {
      name: "observed roles the collector was never asked to resolve are unknown, not undeclared",
      change: (f) => observe(f, []),
      reason: /were not collected from the host/,
    },
  ],
});

test("an unreadable role leaves the applications that do not name it judged", () => {
  const f = baselineFleet();
  observe(f, [hostGroups()[0], hostGroups()[1], unreadable("Help Desk Operators", SID.helpDesk)]);
  const byTarget = Object.fromEntries(evaluateRule(rule, f).map((x) => [x.target, x.status]));
  expect(byTarget["web01/Default Web Site/PM/admin"]).toBe("compliant");
  expect(byTarget[helpdesk]).toBe("unknown");
});

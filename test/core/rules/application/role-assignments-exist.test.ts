import rule from "../../../../core/rules/application/role-assignments-exist";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const helpdesk = "web01/Default Web Site/PM/helpdesk";

testRule(rule, {
  valid: [
    { name: "both roles have members" },
    { name: "role names compare case-insensitively", change: (f) => void (f.sites[0].roleAssignments![1].role = "help desk operators") },
  ],
  invalid: [
    {
      name: "Help Desk Operators has no members (the KB case)",
      change: (f) => void (f.sites[0].roleAssignments![1].members = []),
      errors: [{ messageId: "empty", data: { target: helpdesk, role: "Help Desk Operators" } }],
    },
    {
      name: "a role missing from the assignments",
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
  ],
  notApplicable: [
    { name: "memberships not declared", change: (f) => void delete f.sites[0].roleAssignments, reason: /not declared/ },
    { name: "no role in any allow rule", change: (f) => f.sites[0].applications.forEach((a) => (a.authorization = [])), reason: /names a role/ },
  ],
  unknown: [{ name: "role assignments unknown", change: (f) => void f.sites[0].unknown.push("roleAssignments"), reason: /roleAssignments/ }],
});

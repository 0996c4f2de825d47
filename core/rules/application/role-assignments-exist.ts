import { sameName } from "../../model";
import { defineRule, notApplicable, violations, type Violation } from "../../rule";
import { applicationTarget } from "../../targets";

export default defineRule({
  id: "role-assignments-exist",
  title: "Every role an Allow rule names has members",
  subject: "application",
  severity: "high",
  level: "mandatory",
  substatus: "401",
  reads: ["site.applications.authorization", "site.roleAssignments"],
  docs: {
    checks: "Each role named in an Allow rule of an application appears in the site's roleAssignments with at least one member.",
    why: "Users outside the allowed roles log on successfully and are then refused by URL authorization: the browser prompts again and finally shows 401. When the role is empty, that is everyone.",
    fix: "Assign the users who need the portal to the role (for example the Help Desk Operators group), or allow a role that has members.",
    example: `authorization: [{ access: "allow", roles: ["Help Desk Operators"] }], roleAssignments: [{ role: "Help Desk Operators", members: [] }]`,
  },
  messages: {
    empty: "{target} allows only role '{role}' in one rule, and that role has no members: its users get 401. Assign the people who use {target} to '{role}'.",
    undeclared: "{target} allows role '{role}', which is not among the site's role assignments: nobody is known to be in it, so users get 401. Declare its members.",
  },
  check({ site, app }) {
    const roles = app.authorization.filter((r) => r.access === "allow").flatMap((r) => r.roles);
    if (roles.length === 0) return notApplicable("no Allow rule at this path names a role");
    if (site.roleAssignments === undefined) return notApplicable("role membership is not declared for this site");
    const target = applicationTarget(site, app);
    return violations(
      roles.flatMap((role): Violation<"empty" | "undeclared">[] => {
        const assignment = site.roleAssignments?.find((a) => sameName(a.role, role));
        if (!assignment) return [{ messageId: "undeclared", data: { target, role } }];
        return assignment.members.length === 0 ? [{ messageId: "empty", data: { target, role } }] : [];
      }),
    );
  },
});

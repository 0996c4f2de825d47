import { isInEveryToken, isInNoRemoteToken } from "../../iis/membership";
import { runsModule, URL_AUTHORIZATION_MODULE } from "../../iis/modules";
import { defineRule, notApplicable, unknown, violations, type Violation } from "../../rule";
import { applicationTarget } from "../../location";
import { sameName } from "../../names";

type Message = "empty" | "undeclared";

export default defineRule({
  id: "role-assignments-exist",
  title: "Every role an Allow rule names has members",
  subject: "application",
  severity: "high",
  level: "mandatory",
  substatus: "401",
  // Membership (site.roleAssignments, host.principals) is read per role inside the check: a role
  // whose members are unknown makes only the applications that name it unknown.
  reads: ["site.applications.authorization", "site.applications.modules"],
  docs: {
    checks:
      "Each role named in an Allow rule of an application has at least one member: in the site's declared roleAssignments, or among the members the host reported for that group (observed). " +
      "Built-in groups every authenticated user carries (Everyone, Authenticated Users, Users, NETWORK) always have members. " +
      "A role whose members could not be read, or were not collected on an observed site, is unknown, never undeclared. Not applicable where UrlAuthorizationModule is not enabled (the rules are not enforced).",
    why: "Users outside the allowed roles log on successfully and are then refused by URL authorization: the browser prompts again and finally shows 401. When the role is empty, that is everyone.",
    fix: "Assign the users who need the portal to the role (for example the Help Desk Operators group), or allow a role that has members.",
    example: `authorization: [{ access: "allow", roles: ["Help Desk Operators"] }], roleAssignments: [{ role: "Help Desk Operators", members: [] }]`,
  },
  messages: {
    empty:
      "{target} allows only role '{role}' in one rule, and that role has no members: its users get 401. Assign the people who use {target} to '{role}'.",
    undeclared:
      "{target} allows role '{role}', which is not among the site's role assignments: nobody is known to be in it, so users get 401. Declare its members.",
  },
  check({ site, app, directory }) {
    if (runsModule(app, URL_AUTHORIZATION_MODULE) === false)
      return notApplicable(`${URL_AUTHORIZATION_MODULE} is not enabled at this path: its roles are not enforced`);
    const roles = [...new Set(app.authorization.filter((r) => r.access === "allow").flatMap((r) => r.roles))].filter(
      (role) => !isInEveryToken(role) && !isInNoRemoteToken(role),
    );
    if (roles.length === 0)
      return notApplicable("no Allow rule at this path names a role (other than a built-in group every user carries)");
    const membershipUnknown = site.unknown.some((u) => u === "roleAssignments" || u.startsWith("roleAssignments."));
    if (site.origin === "declared" && site.roleAssignments === undefined && !membershipUnknown)
      return notApplicable("role membership is not declared for this site");
    const dir = directory;
    const target = applicationTarget(site, app);
    const found: Violation<Message>[] = [];
    const unknowns: string[] = [];
    for (const role of roles) {
      const members = dir.membership(role);
      if (members.kind === "known" && members.accounts.length === 0) found.push({ messageId: "empty", data: { target, role } });
      else if (members.kind === "unknown") unknowns.push(members.reason);
      else if (members.kind === "assumed" && !site.roleAssignments?.some((a) => sameName(a.role, role)))
        found.push({ messageId: "undeclared", data: { target, role } });
    }
    // An empty role is a 401 for its users whatever the other roles hold; unknown only when nothing is certain.
    if (found.length === 0 && unknowns.length > 0) return unknown(unknowns.join("; "));
    return violations(found);
  },
});

import { admitsAuthenticatedUser, effectiveRules } from "../../iis/authorization";
import { CHALLENGE_METHODS } from "../../model";
import { compliant, defineRule, notApplicable, violation } from "../../rule";
import { applicationTarget } from "../../targets";

export default defineRule({
  id: "authorization-admits-someone",
  title: "URL authorization admits at least one authenticated user",
  subject: "application",
  severity: "critical",
  level: "mandatory",
  substatus: "401",
  reads: ["site.applications.authentication", "site.applications.authorization", "site.applications.inheritAuthorization", "site.roleAssignments"],
  docs: {
    checks:
      "For an application protected by a challenge method, the URL authorization rules in force (the server default Allow *, the parents' rules unless cleared, its own) admit some authenticated user. " +
      "Rules are evaluated as IIS does: every Deny first, starting at the parent, then the Allow rules.",
    why: "When a Deny shadows every Allow, or the only Allow names anonymous users or empty roles, every user authenticates successfully and is still refused: repeated prompts, then 401.",
    fix: "Remove the Deny that shadows the Allow rules (a parent Deny cannot be overridden below it), or allow the role that should use the application.",
    example: `authorization: [{ access: "deny", users: ["*"] }, { access: "allow", roles: ["Administrators"] }]`,
  },
  messages: {
    nobody: "URL authorization on {target} admits nobody ({reason}): every user is refused with 401 after logging on. Allow the role that should use it and remove the shadowing Deny.",
  },
  check({ site, app, ancestors }) {
    if (!app.authentication.some((m) => CHALLENGE_METHODS.includes(m))) {
      return notApplicable("no challenge authentication method is enabled");
    }
    const admission = admitsAuthenticatedUser(effectiveRules(ancestors, app), site.roleAssignments);
    if (admission.admitsSomeone) return compliant();
    return violation("nobody", { target: applicationTarget(site, app), reason: admission.reason ?? "" });
  },
});

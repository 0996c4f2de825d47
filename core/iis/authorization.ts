// IIS URL authorization (system.webServer/security/authorization), evaluated the way IIS does:
// the rule list a path sees is its parents' list plus its own (unless a level clears it), the
// server's default is a single Allow for all users, Deny rules are evaluated before Allow rules,
// and parent rules before child rules.
import type { Application, AuthorizationRule, RoleAssignment } from "../model";
import { sameName } from "../model";

export interface EffectiveRule extends AuthorizationRule {
  /** The application path that declared the rule; "(server)" for IIS's default. */
  declaredAt: string;
}

const SERVER_DEFAULT: EffectiveRule = { access: "allow", users: ["*"], roles: [], declaredAt: "(server)" };

/** The rules in force at `app`, in IIS evaluation order: all Deny rules, then all Allow rules, parent first. */
export function effectiveRules(ancestors: Application[], app: Application): EffectiveRule[] {
  let rules: EffectiveRule[] = [SERVER_DEFAULT];
  for (const level of [...ancestors, app]) {
    if (!level.inheritAuthorization) rules = [];
    rules = rules.concat(level.authorization.map((r) => ({ ...r, declaredAt: level.path })));
  }
  return [...rules.filter((r) => r.access === "deny"), ...rules.filter((r) => r.access === "allow")];
}

export interface Admission {
  /** True when some authenticated user can get past the rules. */
  admitsSomeone: boolean;
  /** Why nobody is admitted, when nobody is. */
  reason?: string;
}

const has = (list: string[], name: string) => list.some((x) => sameName(x, name));

/**
 * Whether any authenticated user is admitted. Role membership is used when it is known; a role
 * whose membership is unknown is assumed to have members (role-assignments-exist checks that).
 */
export function admitsAuthenticatedUser(rules: EffectiveRule[], roles: RoleAssignment[] | undefined): Admission {
  const denies = rules.filter((r) => r.access === "deny");
  const allows = rules.filter((r) => r.access === "allow");
  const denyAll = denies.find((r) => r.users.includes("*"));
  if (denyAll) return { admitsSomeone: false, reason: `a Deny for all users (*) declared at ${denyAll.declaredAt}` };

  const deniedUsers = denies.flatMap((r) => r.users);
  const deniedRoles = denies.flatMap((r) => r.roles);
  const membersOf = (role: string): string[] | undefined => roles?.find((r) => sameName(r.role, role))?.members;
  const userDenied = (user: string) =>
    has(deniedUsers, user) || deniedRoles.some((role) => (membersOf(role) ?? []).some((m) => sameName(m, user)));

  for (const rule of allows) {
    if (rule.users.includes("*")) return { admitsSomeone: true };
    if (rule.users.some((u) => u !== "?" && !userDenied(u))) return { admitsSomeone: true };
    for (const role of rule.roles) {
      if (has(deniedRoles, role)) continue;
      const members = membersOf(role);
      if (members === undefined || members.some((m) => !userDenied(m))) return { admitsSomeone: true };
    }
  }
  const allowed = allows.flatMap((r) => [...r.users, ...r.roles]).filter((x) => x !== "?");
  return {
    admitsSomeone: false,
    reason:
      allowed.length === 0
        ? "no Allow rule admits an authenticated user"
        : `every allowed user or role (${allowed.join(", ")}) is denied or has no members`,
  };
}

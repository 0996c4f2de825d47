// IIS URL authorization (system.webServer/security/authorization), evaluated the way IIS does:
// the rule list a path sees is its parents' list plus its own (unless a level clears it), the
// server's default is a single Allow for all users, Deny rules are evaluated before Allow rules,
// and parent rules before child rules. A rule with `verbs` applies only to those verbs ("If this
// value is left blank … the rule will apply to all HTTP verbs",
// learn.microsoft.com/iis/configuration/system.webServer/security/authorization/add).
//
// "Is anybody admitted?" is answered by trying the people the Allow rules could admit (every
// authenticated user, a named account, each known member of an allowed role, an unnamed member of
// a role whose members are not known) against the Deny rules, with three answers: admitted,
// nobody (and why), or unknown (and which membership would decide it).
import type { Application, AuthorizationRule, RoleAssignment } from "../model";
import { Directory, isInEveryToken, isInNoRemoteToken, sameAccount, type Account } from "./membership";

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

// ---- verbs ---------------------------------------------------------------------------------

/** Stands for every verb no rule names (it matches only rules without `verbs`). */
export const OTHER_VERBS = "(other verbs)";

export function appliesToVerb(rule: AuthorizationRule, verb: string): boolean {
  if (!rule.verbs || rule.verbs.length === 0) return true;
  return verb !== OTHER_VERBS && rule.verbs.some((v) => v.trim().toUpperCase() === verb);
}

/** The verbs worth judging separately: GET (browsing), each verb a rule names, and the rest. */
export function verbsToJudge(rules: AuthorizationRule[]): string[] {
  const named = rules.flatMap((r) => (r.verbs ?? []).map((v) => v.trim().toUpperCase())).filter((v) => v !== "");
  return [...new Set(["GET", ...named, OTHER_VERBS])];
}

// ---- who might be admitted ------------------------------------------------------------------

export type Audience = "authenticated" | "anonymous";

/** Someone who might send a request, as far as the configuration tells. */
export interface Candidate {
  label: string;
  anonymous: boolean;
  /** A named account (from users="…" or a role's known members). */
  account?: Account;
  /** Groups known to be in its token. */
  groups: string[];
  /** An unnamed member of this group (its members are assumed or unknown). */
  memberOf?: string;
  /** Set when it is not known that such a user exists: why. */
  existsUnknown?: string;
}

export type Tri = "yes" | "no" | { unknown: string };

const ANONYMOUS: Candidate = { label: "anonymous users", anonymous: true, groups: [] };
const anyUser = (label = "any authenticated user"): Candidate => ({ label, anonymous: false, groups: [] });

/** Whether `c`'s token carries `group`. */
export function inGroup(c: Candidate, group: string, dir: Directory): Tri {
  if (isInEveryToken(group)) return "yes";
  if (isInNoRemoteToken(group)) return "no";
  if (c.groups.some((g) => sameAccount(g, group)) || (c.memberOf !== undefined && sameAccount(c.memberOf, group))) return "yes";
  const members = dir.membership(group);
  switch (members.kind) {
    case "everyone":
      return "yes";
    case "noRemoteUser":
      return "no";
    case "known":
      // A named account's groups were read from the same facts; "any user" stands for the many outside a listed group.
      return c.memberOf === undefined ? "no" : { unknown: `whether members of '${c.memberOf}' are also in '${group}' is not known` };
    case "assumed":
      return { unknown: `the members of '${group}' are not declared (roleAssignments)` };
    case "unknown":
      return { unknown: members.reason };
  }
}

/**
 * Whether a rule names `c`. Roles are not matched for anonymous users: they have no authenticated
 * token to carry groups, and the IIS documentation matches them only through "?" and "*".
 */
export function namesCandidate(rule: AuthorizationRule, c: Candidate, dir: Directory): Tri {
  if (rule.users.some((u) => u.trim() === "*")) return "yes";
  if (c.anonymous) return rule.users.some((u) => u.trim() === "?") ? "yes" : "no";
  if (c.account && rule.users.some((u) => u.trim() !== "?" && sameAccount(u, c.account!.name))) return "yes";
  let unknown: string | undefined;
  for (const role of rule.roles) {
    const answer = inGroup(c, role, dir);
    if (answer === "yes") return "yes";
    if (answer !== "no") unknown ??= answer.unknown;
  }
  return unknown === undefined ? "no" : { unknown };
}

/** The people the Allow rules (for this verb) could admit. */
export function candidatesOf(allows: AuthorizationRule[], audience: Audience, dir: Directory): Candidate[] {
  if (audience === "anonymous") return allows.some((r) => r.users.some((u) => u.trim() === "*" || u.trim() === "?")) ? [ANONYMOUS] : [];
  return allows.flatMap((rule): Candidate[] => [
    ...rule.users.flatMap((u): Candidate[] => {
      if (u.trim() === "*") return [anyUser()];
      if (u.trim() === "?") return [];
      return [{ label: u, anonymous: false, account: { name: u }, groups: dir.groupsOf({ name: u }) }];
    }),
    ...rule.roles.flatMap((role): Candidate[] => {
      const members = dir.membership(role);
      switch (members.kind) {
        case "everyone":
          return [{ ...anyUser(`any authenticated user (all carry '${role}')`), groups: [role] }];
        case "noRemoteUser":
          return [];
        case "known":
          return members.accounts.map((a) => ({ label: a.name, anonymous: false, account: a, groups: [role, ...dir.groupsOf(a)] }));
        case "assumed":
          return [{ label: `a member of '${role}'`, anonymous: false, groups: [role], memberOf: role }];
        case "unknown":
          return [{ label: `a member of '${role}'`, anonymous: false, groups: [role], memberOf: role, existsUnknown: members.reason }];
      }
    }),
  ]);
}

// ---- verdicts --------------------------------------------------------------------------------

export type Verdict = { outcome: "admitted" } | { outcome: "nobody"; reason: string } | { outcome: "unknown"; reason: string };

const verbsSuffix = (rule: AuthorizationRule) => (rule.verbs && rule.verbs.length > 0 ? ` for ${rule.verbs.join(", ")}` : "");

/** Any admitted → admitted; else any unknown → unknown; else nobody (the first reason). */
export function combine(verdicts: Verdict[], nobodyReason: () => string): Verdict {
  if (verdicts.some((v) => v.outcome === "admitted")) return { outcome: "admitted" };
  const unknown = verdicts.find((v) => v.outcome === "unknown");
  if (unknown) return unknown;
  return { outcome: "nobody", reason: nobodyReason() };
}

/** IIS's answer for one verb: a candidate is admitted when no Deny names it (the Allow that produced it names it). */
export function iisVerdict(rules: EffectiveRule[], audience: Audience, dir: Directory, verb: string): Verdict {
  const applicable = rules.filter((r) => appliesToVerb(r, verb));
  const denies = applicable.filter((r) => r.access === "deny");
  const allows = applicable.filter((r) => r.access === "allow");
  const candidates = candidatesOf(allows, audience, dir);
  const verdicts = candidates.map((c): Verdict => {
    let unknown: string | undefined;
    for (const deny of denies) {
      const named = namesCandidate(deny, c, dir);
      if (named === "yes") return { outcome: "nobody", reason: "" };
      if (named !== "no") unknown ??= named.unknown;
    }
    unknown ??= c.existsUnknown;
    return unknown === undefined
      ? { outcome: "admitted" }
      : { outcome: "unknown", reason: `whether ${c.label} is admitted depends on this: ${unknown}` };
  });
  return combine(verdicts, () => nobodyReason(denies, allows, audience));
}

function nobodyReason(denies: EffectiveRule[], allows: EffectiveRule[], audience: Audience): string {
  const all = denies.find((r) => r.users.some((u) => u.trim() === "*"));
  if (all) return `a Deny for all users (*)${verbsSuffix(all)} declared at ${all.declaredAt}`;
  if (audience === "anonymous") {
    const anon = denies.find((r) => r.users.some((u) => u.trim() === "?"));
    if (anon) return `a Deny for anonymous users (?)${verbsSuffix(anon)} declared at ${anon.declaredAt}`;
    return "no Allow rule admits anonymous users (? or *)";
  }
  const universal = denies.find((r) => r.roles.some((role) => isInEveryToken(role)));
  if (universal) {
    const role = universal.roles.find((x) => isInEveryToken(x))!;
    return `a Deny for role '${role}'${verbsSuffix(universal)}, which every authenticated user's token carries, declared at ${universal.declaredAt}`;
  }
  const allowed = [...new Set(allows.flatMap((r) => [...r.users, ...r.roles]).filter((x) => x.trim() !== "?"))];
  if (allowed.length === 0) return "no Allow rule admits an authenticated user";
  const interactive = allowed.filter((role) => isInNoRemoteToken(role));
  const note = interactive.length > 0 ? `; ${interactive.join(", ")} is never in the token of a user logged on over the network` : "";
  return `every allowed user or role (${allowed.join(", ")}) is denied or has no members${note}`;
}

// ---- across verbs ----------------------------------------------------------------------------

export type Judgement =
  | { outcome: "admitted" }
  | { outcome: "unknown"; reason: string }
  /** `lockedVerbs` is set when some verbs are still admitted (the lock-out is verb-specific). */
  | { outcome: "nobody"; reason: string; lockedVerbs?: string[]; admittedVerbs?: string[] };

/**
 * Judges browsing: GET admitted → admitted, whatever other verbs do (a Deny for POST alone is a
 * read-only application, not a 401). GET refused → nobody, naming the verbs still admitted if any.
 */
export function judgeVerbs(verbs: string[], verdictFor: (verb: string) => Verdict): Judgement {
  const get = verdictFor("GET");
  if (get.outcome !== "nobody") return get;
  const others = verbs.filter((v) => v !== "GET").map((verb) => ({ verb, verdict: verdictFor(verb) }));
  const admitted = others.filter((o) => o.verdict.outcome === "admitted").map((o) => o.verb);
  if (admitted.length === 0) return { outcome: "nobody", reason: get.reason };
  const locked = ["GET", ...others.filter((o) => o.verdict.outcome === "nobody").map((o) => o.verb)];
  return { outcome: "nobody", reason: get.reason, lockedVerbs: locked, admittedVerbs: admitted };
}

/** The audiences an application's working methods serve: anonymous users, authenticated users, or both. */
export function audiencesOf(methods: readonly string[]): Audience[] {
  const out: Audience[] = [];
  if (methods.some((m) => m !== "anonymous")) out.push("authenticated");
  if (methods.includes("anonymous")) out.push("anonymous");
  return out;
}

// ---- the earlier interface (content-acl-grants-read) -----------------------------------------

export interface Admission {
  /** True when some authenticated user can get past the rules, or when that depends on unknown membership. */
  admitsSomeone: boolean;
  /** Why nobody is admitted, when nobody is. */
  reason?: string;
}

/**
 * Whether any authenticated user is admitted, for GET, with the memberships of `roles` (a
 * declaration's view). A role whose membership is not declared is assumed to have members
 * (role-assignments-exist checks that); an outcome that depends on unknown membership counts as admitted.
 */
export function admitsAuthenticatedUser(rules: EffectiveRule[], roles: RoleAssignment[] | undefined): Admission {
  const dir = new Directory({ origin: "declared", roleAssignments: roles, unknown: [] });
  const verdict = iisVerdict(rules, "authenticated", dir, "GET");
  return verdict.outcome === "nobody" ? { admitsSomeone: false, reason: verdict.reason } : { admitsSomeone: true };
}

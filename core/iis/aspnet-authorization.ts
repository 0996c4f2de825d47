// ASP.NET URL authorization (system.web/authorization), a second gate beside IIS's: "the
// authorization module iterates through the allow and deny elements, starting at the most local
// configuration file, until the authorization module finds the first access rule that fits a
// particular user account" ("authorization Element (ASP.NET Settings Schema)",
// learn.microsoft.com/previous-versions/dotnet/netframework-4.0/8d82143t(v=vs.100)). The machine-level
// web.config ends the list with <allow users="*"/>. It guards requests served by managed handlers
// (understanding-iis-url-authorization, "Differences", learn.microsoft.com/iis/manage/configuring-security/understanding-iis-url-authorization).
import type { Application, AspNetAuthorizationRule } from "../model";
import {
  appliesToVerb,
  candidatesOf,
  combine,
  namesCandidate,
  type Audience,
  type Candidate,
  type Tri,
  type Verdict,
} from "./authorization";
import type { Directory } from "./membership";

export interface LevelRule extends AspNetAuthorizationRule {
  /** The path whose level defines the rule; "(machine web.config)" for ASP.NET's default. */
  declaredAt: string;
}

const MACHINE_DEFAULT: LevelRule = { access: "allow", users: ["*"], roles: [], declaredAt: "(machine web.config)" };

/** True when the path or a parent defines ASP.NET authorization rules (otherwise only the machine default applies). */
export function definesAspNetRules(ancestors: Application[], app: Application): boolean {
  return [...ancestors, app].some((level) => (level.aspNetAuthorization ?? []).length > 0);
}

/** The rules in ASP.NET's evaluation order: this level first, then each parent up to the root, document order within a level, the machine default last. */
export function aspNetRules(ancestors: Application[], app: Application): LevelRule[] {
  const levels = [app, ...[...ancestors].reverse()];
  return [...levels.flatMap((level) => (level.aspNetAuthorization ?? []).map((r) => ({ ...r, declaredAt: level.path }))), MACHINE_DEFAULT];
}

export function describeRule(rule: LevelRule): string {
  const who = [
    ...(rule.users.length > 0 ? [`users="${rule.users.join(",")}"`] : []),
    ...(rule.roles.length > 0 ? [`roles="${rule.roles.join(",")}"`] : []),
    ...(rule.verbs && rule.verbs.length > 0 ? [`verbs="${rule.verbs.join(",")}"`] : []),
  ].join(" ");
  return `<${rule.access} ${who}/> at ${rule.declaredAt}`;
}

type Decision = { access: "allow" | "deny"; by: LevelRule } | { unknown: string };

/** First match wins; a rule that may or may not match leaves the outcome open unless both branches agree. */
function decide(c: Candidate, rules: LevelRule[], dir: Directory): Decision {
  for (const [i, rule] of rules.entries()) {
    const named: Tri = namesCandidate(rule, c, dir);
    if (named === "no") continue;
    if (named === "yes") return { access: rule.access, by: rule };
    const rest = decide(c, rules.slice(i + 1), dir);
    if ("access" in rest && rest.access === rule.access) return rest;
    return { unknown: named.unknown };
  }
  return { unknown: "no rule matched (the machine default Allow * was expected last)" };
}

/** ASP.NET's answer for one verb. */
export function aspNetVerdict(rules: LevelRule[], audience: Audience, dir: Directory, verb: string): Verdict {
  const applicable = rules.filter((r) => appliesToVerb(r, verb));
  const candidates = candidatesOf(
    applicable.filter((r) => r.access === "allow"),
    audience,
    dir,
  );
  const deciders: LevelRule[] = [];
  const verdicts = candidates.map((c): Verdict => {
    const d = decide(c, applicable, dir);
    if ("unknown" in d) return { outcome: "unknown", reason: `whether ${c.label} is admitted depends on this: ${d.unknown}` };
    if (d.access === "deny") {
      if (!deciders.includes(d.by)) deciders.push(d.by);
      return { outcome: "nobody", reason: "" };
    }
    return c.existsUnknown === undefined
      ? { outcome: "admitted" }
      : { outcome: "unknown", reason: `whether ${c.label} is admitted depends on this: ${c.existsUnknown}` };
  });
  return combine(verdicts, () =>
    deciders.length > 0
      ? `the first rule that matches is ${deciders.map(describeRule).join("; or ")}`
      : audience === "anonymous"
        ? "no rule allows anonymous users (? or *)"
        : "no rule allows an authenticated user",
  );
}

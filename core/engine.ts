// Runs rules over a fleet. Pure: the same fleet gives the same findings, whether it was declared
// or observed.
import type { Finding } from "./finding";
import type { Fleet } from "./model";
import { renderMessage, type Rule, type Subject, type SubjectKind } from "./rule";
import { RULES } from "./rules";
import { subjectsOf } from "./subjects";
import { applicationTarget, hostTarget, siteTarget, vmTarget } from "./targets";

interface Located {
  target: string;
  resource: string;
  origin: Finding["origin"];
  /** Unknown field paths visible to this subject, prefixed by the object they belong to. */
  unknown: string[];
}

const APP_INDEX = /^applications\[(\d+)\]/;

/** Site unknowns as one application sees them: its own index kept, other applications' dropped. */
function appUnknowns(paths: string[], index: number): string[] {
  return paths.flatMap((p) => {
    const m = APP_INDEX.exec(p);
    if (!m) return [p];
    return Number(m[1]) === index ? [`applications${p.slice(m[0].length)}`] : [];
  });
}
const anyAppUnknowns = (paths: string[] = []) => paths.map((p) => p.replace(APP_INDEX, "applications"));

function locate(subject: Subject): Located {
  const prefixed = (prefix: string, paths: string[] = []) => paths.map((p) => `${prefix}.${p}`);
  switch (subject.kind) {
    case "application":
      return {
        target: applicationTarget(subject.site, subject.app),
        resource: subject.site.resource,
        origin: subject.site.origin,
        unknown: [
          ...prefixed("site", appUnknowns(subject.site.unknown, subject.site.applications.indexOf(subject.app))),
          ...prefixed("host", subject.host?.unknown),
        ],
      };
    case "site":
      return {
        target: siteTarget(subject.site),
        resource: subject.site.resource,
        origin: subject.site.origin,
        unknown: [...prefixed("site", anyAppUnknowns(subject.site.unknown)), ...prefixed("host", subject.host?.unknown), ...prefixed("vm", subject.vm?.unknown)],
      };
    case "host":
      return { target: hostTarget(subject.host), resource: subject.host.resource, origin: subject.host.origin, unknown: prefixed("host", subject.host.unknown) };
    case "drift":
      // Drift compares field by field and skips what was not observed itself.
      return { target: subject.server, resource: subject.observedHost?.resource ?? `host:${subject.server}`, origin: "observed", unknown: [] };
    case "vm":
      return {
        target: vmTarget(subject.vm),
        resource: subject.vm.resource,
        origin: "declared",
        unknown: [
          ...prefixed("vm", subject.vm.unknown),
          ...subject.sites.flatMap((s) => prefixed("site", anyAppUnknowns(s.unknown))),
          ...subject.hosts.flatMap((h) => prefixed("host", h.unknown)),
        ],
      };
  }
}

/** The collector's reason for an unknown field the subject sees ("site.applications.acl" → the site's reason for "applications[i].acl"). */
function unknownReason(subject: Subject, located: string): string | undefined {
  const [owner, ...rest] = located.split(".");
  const field = rest.join(".");
  const site = "site" in subject ? subject.site : undefined;
  const host = "host" in subject ? subject.host : subject.kind === "drift" ? subject.observedHost : undefined;
  if (owner === "site" && site?.unknownReasons) {
    const index = subject.kind === "application" ? site.applications.indexOf(subject.app) : -1;
    const own = field.replace(/^applications/, `applications[${index}]`);
    return site.unknownReasons[own] ?? site.unknownReasons[field];
  }
  if (owner === "host" && host?.unknownReasons) return host.unknownReasons[field];
  return undefined;
}

/** True when `a` and `b` are the same dotted path or one contains the other. */
function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

export function evaluateRule(rule: Rule<SubjectKind, string>, fleet: Fleet): Finding[] {
  return subjectsOf(fleet, rule.subject).flatMap((subject) => {
    const where = locate(subject);
    const base = { ruleId: rule.id, severity: rule.severity, level: rule.level, substatus: rule.substatus, ...where };
    const { unknown: _ignored, ...common } = base;
    const unknownRead = where.unknown.find((u) => rule.reads.some((r) => overlaps(u, r)));
    if (unknownRead) {
      const why = unknownReason(subject, unknownRead);
      return [{ ...common, status: "unknown", message: `${unknownRead} is not known (${why ?? "unknown during preview or not collected"})` } satisfies Finding];
    }
    const result = (rule.check as (s: Subject) => ReturnType<typeof rule.check>)(subject);
    if (result.status === "notApplicable") return [{ ...common, status: "notApplicable", message: result.reason } satisfies Finding];
    if (result.status === "unknown") return [{ ...common, status: "unknown", message: result.reason } satisfies Finding];
    if (result.violations.length === 0) return [{ ...common, status: "compliant", message: "" } satisfies Finding];
    return result.violations.map(
      (v): Finding => ({
        ...common,
        status: "violation",
        ...(v.severity ? { severity: v.severity } : {}),
        ...(v.target ? { target: v.target } : {}),
        ...(v.substatus !== undefined ? { substatus: v.substatus } : {}),
        messageId: v.messageId,
        data: v.data,
        message: renderMessage(rule.messages[v.messageId], v.data),
      }),
    );
  });
}

export function evaluate(fleet: Fleet, rules: readonly Rule<SubjectKind, string>[] = RULES): Finding[] {
  return rules.flatMap((rule) => evaluateRule(rule, fleet));
}

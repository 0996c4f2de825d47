// Runs rules over a fleet. Pure: the same fleet gives the same findings, whether it was declared
// or observed.
import type { Finding } from "./finding";
import type { Application, Fleet, Site } from "./model";
import { renderMessage, type Rule, type Subject, type SubjectKind } from "./rule";
import { RULES } from "./rules";
import { subjectsOf } from "./subjects";
import { applicationLocation, hostLocation, locationName, siteLocation, vmLocation, type Location } from "./location";
import { anyApplication, appField, overlaps, splitAppPath } from "./unknown-paths";

interface Located {
  location: Location;
  resource: string;
  origin: Finding["origin"];
  /** Unknown field paths visible to this subject, prefixed by the object they belong to. */
  unknown: string[];
}

/**
 * Site unknowns as each application sees them: its own index kept (as `applications…`), other
 * applications' dropped, order kept. Built once per site and evaluation: filtering every unknown
 * of the site for every application (and finding the application's index by scanning the list)
 * was quadratic in a site's applications.
 */
function appUnknownsOf(site: Site): (app: Application) => string[] {
  const shared: { at: number; path: string }[] = [];
  const own = new Map<number, { at: number; path: string }[]>();
  site.unknown.forEach((p, at) => {
    const app = splitAppPath(p);
    if (!app) return void shared.push({ at, path: p });
    let list = own.get(app.index);
    if (!list) own.set(app.index, (list = []));
    list.push({ at, path: anyApplication(p) });
  });
  const indexOf = new Map<Application, number>();
  site.applications.forEach((app, i) => {
    if (!indexOf.has(app)) indexOf.set(app, i);
  });
  return (app) => {
    const mine = own.get(indexOf.get(app) ?? -1) ?? [];
    if (mine.length === 0) return shared.map((u) => u.path);
    return [...shared, ...mine].sort((a, b) => a.at - b.at).map((u) => u.path);
  };
}
const anyAppUnknowns = (paths: string[] = []) => paths.map(anyApplication);

function locate(subject: Subject, appUnknowns: (site: Site, app: Application) => string[]): Located {
  const prefixed = (prefix: string, paths: string[] = []) => paths.map((p) => `${prefix}.${p}`);
  switch (subject.kind) {
    case "application":
      return {
        location: applicationLocation(subject.site, subject.app),
        resource: subject.site.resource,
        origin: subject.site.origin,
        unknown: [...prefixed("site", appUnknowns(subject.site, subject.app)), ...prefixed("host", subject.host?.unknown)],
      };
    case "site":
      return {
        location: siteLocation(subject.site),
        resource: subject.site.resource,
        origin: subject.site.origin,
        unknown: [
          ...prefixed("site", anyAppUnknowns(subject.site.unknown)),
          ...prefixed("host", subject.host?.unknown),
          ...prefixed("vm", subject.vm?.unknown),
        ],
      };
    case "host":
      return {
        location: hostLocation(subject.host.server),
        resource: subject.host.resource,
        origin: subject.host.origin,
        unknown: prefixed("host", subject.host.unknown),
      };
    case "drift":
      // Drift compares field by field and skips what was not observed itself.
      return {
        location: hostLocation(subject.server),
        resource: subject.observedHost?.resource ?? `host:${subject.server}`,
        origin: "observed",
        unknown: [],
      };
    case "vm":
      return {
        location: vmLocation(subject.vm),
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
    // Only an unknown finding asks, so finding the application's index here stays off the hot path.
    const index = subject.kind === "application" ? site.applications.indexOf(subject.app) : -1;
    const own = field.startsWith("applications") ? appField(index, field.slice("applications".length).replace(/^\./, "")) : field;
    return site.unknownReasons[own] ?? site.unknownReasons[field];
  }
  if (owner === "host" && host?.unknownReasons) return host.unknownReasons[field];
  return undefined;
}

/**
 * What rules of one evaluation share: the subjects of each kind and each site's unknowns per
 * application, built once for all rules rather than once per rule (eight rules judge applications).
 * Lives for one `evaluate` call only: fleets may change between calls.
 */
class Evaluation {
  private readonly subjects = new Map<SubjectKind, Subject[]>();
  private readonly perSite = new Map<Site, (app: Application) => string[]>();
  constructor(private readonly fleet: Fleet) {}

  subjectsOf(kind: SubjectKind): Subject[] {
    let list = this.subjects.get(kind);
    if (!list) this.subjects.set(kind, (list = subjectsOf(this.fleet, kind)));
    return list;
  }

  appUnknowns = (site: Site, app: Application): string[] => {
    let of = this.perSite.get(site);
    if (!of) this.perSite.set(site, (of = appUnknownsOf(site)));
    return of(app);
  };
}

export function evaluateRule(rule: Rule<SubjectKind, string>, fleet: Fleet, evaluation = new Evaluation(fleet)): Finding[] {
  const appUnknowns = evaluation.appUnknowns;
  return evaluation.subjectsOf(rule.subject).flatMap((subject) => {
    const where = locate(subject, appUnknowns);
    const { unknown: _ignored, location, resource, origin } = where;
    const common = {
      ruleId: rule.id,
      severity: rule.severity,
      level: rule.level,
      substatus: rule.substatus,
      location,
      target: locationName(location),
      resource,
      origin,
    };
    const unknownRead = where.unknown.find((u) => rule.reads.some((r) => overlaps(u, r)));
    if (unknownRead) {
      const why = unknownReason(subject, unknownRead);
      return [
        {
          ...common,
          status: "unknown",
          message: `${unknownRead} is not known (${why ?? "unknown during preview or not collected"})`,
        } satisfies Finding,
      ];
    }
    const result = (rule.check as (s: Subject) => ReturnType<typeof rule.check>)(subject);
    if (result.status === "notApplicable") return [{ ...common, status: "notApplicable", message: result.reason } satisfies Finding];
    if (result.status === "unknown") return [{ ...common, status: "unknown", message: result.reason } satisfies Finding];
    if (result.violations.length === 0) return [{ ...common, status: "compliant", message: "" } satisfies Finding];
    return result.violations.map((v): Finding => ({
      ...common,
      status: "violation",
      ...(v.severity ? { severity: v.severity } : {}),
      ...(v.location ? { location: v.location, target: locationName(v.location) } : {}),
      ...(v.substatus !== undefined ? { substatus: v.substatus } : {}),
      messageId: v.messageId,
      data: v.data,
      message: renderMessage(rule.messages[v.messageId], v.data),
    }));
  });
}

export function evaluate(fleet: Fleet, rules: readonly Rule<SubjectKind, string>[] = RULES): Finding[] {
  const evaluation = new Evaluation(fleet);
  return rules.flatMap((rule) => evaluateRule(rule, fleet, evaluation));
}

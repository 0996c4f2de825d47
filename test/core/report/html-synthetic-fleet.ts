// A scan report of a fleet of any size, as `iisguard scan --baseline` writes it: real rule ids,
// severities, substatuses and messages rendered from the rules' own templates, drift findings with
// data.declared/data.observed, unreadable hosts of every failure kind, waived, new and resolved
// findings. Deterministic (a seeded generator), so a test or a benchmark sees the same report each run.
// Used by the HTML report's browser tests and bench/html-report.ts.
import { locationName } from "../../../core/location";
import { couldNotRead } from "../../../core/outcomes";
import { renderMessage, type Rule } from "../../../core/rule";
import { RULES } from "../../../core/rules";
import type { HostResult, ScanReport } from "../../../core/report/scan-report";

/** Mulberry32: a small seeded PRNG, so the same size gives the same report. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SITES: Record<string, string[]> = {
  "Default Web Site": ["/PM/admin", "/PM/helpdesk", "/PM/selfservice"],
  Intranet: ["/", "/hr", "/finance"],
  Reports: ["/ssrs"],
};
const FAILURES = ["timeout", "host-key", "auth", "unreachable", "protocol"];
const DRIFT = [
  ["authentication", "windows", "anonymous, windows"],
  ["requireSsl", "true", "false"],
  ["authorization", "allow roles=Administrators", "allow users=*"],
  ["physicalPath", "C:\\inetpub\\wwwroot", "D:\\sites\\pm"],
];

export interface SyntheticOptions {
  hosts: number;
  /** Findings per read host, on average. */
  findingsPerHost: number;
  /** A site name every host serves (a hostile one in the tests). */
  extraSite?: string;
  seed?: number;
}

/** The seeded draws, in one place: every value below comes from them in a fixed order, so a seed gives one report. */
interface Draw {
  rnd: () => number;
  pick: <T>(xs: readonly T[]) => T;
}

type ReportFinding = ScanReport["findings"][number];

/** A host the scan could not read, of a random failure kind, and the could-not-read finding it leaves. */
function failedHost(draw: Draw, server: string, address: string): { host: HostResult; finding: ReportFinding } {
  const kind = draw.pick(FAILURES);
  const reason = `${server}: ${kind === "timeout" ? "no answer within 120000 ms" : kind === "host-key" ? "host key does not match known_hosts" : `${kind} failure`}`;
  const host: HostResult = {
    server,
    address,
    status: "failed",
    reason,
    errorKind: kind,
    durationMs: Math.floor(draw.rnd() * 120000),
    sites: 0,
  };
  return { host, finding: { ...couldNotRead(server, reason), baseline: draw.rnd() < 0.5 ? "new" : "existing" } };
}

/** One finding on a read host: a random rule at a random site and application, its message rendered from the rule's template. */
function syntheticFinding(draw: Draw, sites: Record<string, string[]>, rules: readonly Rule[], server: string): ReportFinding {
  const { rnd, pick } = draw;
  const rule = pick(rules);
  const site = pick(Object.keys(sites));
  const app = pick(sites[site]);
  const location = rule.subject === "host" ? { server } : rule.subject === "site" ? { server, site } : { server, site, path: app };
  const target = locationName(location);
  const [messageId, template] = pick(Object.entries(rule.messages));
  const drift = rule.id === "declared-config-drift" ? pick(DRIFT) : undefined;
  const data: Record<string, string | number> = drift
    ? { target, field: drift[0], declared: drift[1], observed: drift[2] }
    : {
        target,
        site,
        path: app,
        methods: "anonymous, windows",
        count: 2,
        names: "pm.corp.example.com",
        role: "Help Desk Operators",
        skew: "4 min",
      };
  for (const name of template.match(/\{(\w+)\}/g) ?? []) data[name.slice(1, -1)] ??= `${name.slice(1, -1)}-value`;
  const unknown = rnd() < 0.05;
  const waived = !unknown && rnd() < 0.05;
  return {
    ruleId: rule.id,
    status: unknown ? "unknown" : "violation",
    location,
    target,
    resource: `host:${server}`,
    origin: "observed",
    severity: rule.severity,
    level: rule.level,
    substatus: rule.substatus,
    ...(unknown ? {} : { messageId, data }),
    message: unknown ? `${rule.id} could not be judged: a field it reads was not returned by the host` : renderMessage(template, data),
    ...(waived ? { waiver: { reason: "accepted until the Q1 migration", expires: "2027-03-31" } } : {}),
    baseline: rnd() < 0.2 ? "new" : "existing",
  };
}

export function syntheticReport({ hosts, findingsPerHost, extraSite, seed = 15 }: SyntheticOptions): ScanReport {
  const rnd = random(seed);
  const draw: Draw = { rnd, pick: (xs) => xs[Math.floor(rnd() * xs.length)] };
  const sites = { ...SITES, ...(extraSite ? { [extraSite]: ["/"] } : {}) };
  const width = String(hosts).length;
  const hostResults: HostResult[] = [];
  const findings: ScanReport["findings"] = [];
  const resolved: NonNullable<ScanReport["resolved"]> = [];
  const rules = RULES.filter((r) => r.subject !== "vm");
  for (let i = 1; i <= hosts; i++) {
    const server = `web${String(i).padStart(width, "0")}`;
    const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:22`;
    const roll = rnd();
    // The last host of a fleet of two or more always fails, so even a small report shows an unread host.
    if (roll < 0.06 || (i === hosts && hosts > 1)) {
      const failed = failedHost(draw, server, address);
      hostResults.push(failed.host);
      findings.push(failed.finding);
      continue;
    }
    if (roll < 0.08) {
      hostResults.push({
        server,
        address,
        status: "not-scanned",
        reason: "the scan was interrupted before this host",
        durationMs: 0,
        sites: 0,
      });
      findings.push({ ...couldNotRead(server, "the scan was interrupted before this host"), baseline: "existing" });
      continue;
    }
    hostResults.push({ server, address, status: "ok", durationMs: 300 + Math.floor(rnd() * 2000), sites: Object.keys(sites).length });
    const count = Math.max(0, Math.round(findingsPerHost * (0.2 + 1.6 * rnd())));
    for (let k = 0; k < count; k++) findings.push(syntheticFinding(draw, sites, rules, server));
    if (rnd() < 0.1)
      resolved.push({
        ruleId: "single-auth-method",
        location: { server, site: "Default Web Site", path: "/PM/helpdesk" },
        target: `${server}/Default Web Site/PM/helpdesk`,
        message: "fixed since the baseline",
      });
  }
  return {
    schema: 1,
    tool: { name: "iisguard", version: "0.1.0" },
    startedAt: "2026-11-24T02:00:00.000Z",
    finishedAt: "2026-11-24T02:41:07.000Z",
    complete: true,
    hosts: hostResults,
    findings,
    resolved,
    waiverProblems: [],
  };
}

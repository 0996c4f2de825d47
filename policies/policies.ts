// The policies of the iisguard pack, as plain data and functions: one stack policy per rule, named
// by its rule id, plus `iisguard-incomplete`, which makes every outcome that could not be decided
// visible. Kept apart from the entry file because constructing a PolicyPack starts its server.
import type { Policies, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { evaluateRule } from "../core/engine";
import type { Finding } from "../core/finding";
import { RULES } from "../core/rules";
import type { Rule, SubjectKind } from "../core/rule";
import { headline } from "../core/report/headline";
import { applyWaivers, parseWaivers } from "../core/waivers";
import type { AdaptedFleet, ResourceLike } from "../adapters/resources";
import { sharedAdaptation } from "./adapters/shared-adaptation";
import { deserializeEachResourceOnce } from "./adapters/deserialize-once";
import { waiverConfigSchema } from "./config-schema";
import { collectDeployed, collectOnce, knownServers, REMOTE_POLICY, remoteConfig, remoteConfigSchema, takeCollection } from "./remote";
import type { Fleet } from "../core/model";
import { nameKey, sameName } from "../core/names";
import { hostLocation, type Location } from "../core/location";

export const INCOMPLETE_POLICY = "iisguard-incomplete";

function resourcesOf(args: StackValidationArgs): ResourceLike[] {
  return args.resources as unknown as ResourceLike[];
}

type Adapt = (resources: readonly ResourceLike[]) => AdaptedFleet;
type Judge = (rule: Rule<SubjectKind, string>, fleet: Fleet) => Finding[];

/**
 * Each rule judged once per fleet: the rule's own policy and iisguard-incomplete (which reports
 * every rule's unknown outcomes) share the findings. The fleet is the shared adaptation's, so a
 * new stack is a new key, and the WeakMap lets it go with the fleet.
 */
function sharedJudgement(): Judge {
  const byFleet = new WeakMap<Fleet, Map<string, Finding[]>>();
  return (rule, fleet) => {
    let byRule = byFleet.get(fleet);
    if (!byRule) byFleet.set(fleet, (byRule = new Map()));
    let findings = byRule.get(rule.id);
    if (!findings) byRule.set(rule.id, (findings = evaluateRule(rule, fleet)));
    return findings;
  };
}

function rulePolicy(rule: Rule<SubjectKind, string>, now: () => Date, adaptFleet: Adapt, judge: Judge): StackValidationPolicy {
  return {
    name: rule.id,
    description: `${rule.title}${rule.substatus ? ` (HTTP ${rule.substatus})` : ""}.`,
    enforcementLevel: rule.level,
    severity: rule.severity,
    configSchema: waiverConfigSchema,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const { fleet } = adaptFleet(resourcesOf(args));
      const parsed = parseWaivers(args.getConfig<{ waivers?: unknown }>().waivers, `policy config '${rule.id}'.waivers`, rule.id);
      const { findings, problems } = applyWaivers(judge(rule, fleet), parsed, now());
      for (const f of findings) {
        if (f.status === "violation" && !f.waiver) report(headline(f), f.resource.startsWith("urn:") ? f.resource : undefined);
      }
      for (const p of problems) report(`[WAIVER ${p.kind.toUpperCase()}] ${p.message}`);
    },
  };
}

/** The declared resource a finding on a server points at: its Site, else its Host. */
function declaredUrn(fleet: Fleet, at: Location): string | undefined {
  const { server, site } = at;
  if (server === undefined) return undefined;
  const declaredSite = site === undefined ? undefined : fleet.sites.find((s) => sameName(s.server, server) && sameName(s.siteName, site));
  return (declaredSite ?? fleet.hosts.find((h) => sameName(h.server, server)))?.resource;
}

const collectionKey = (servers: string[]) => JSON.stringify([...servers].map(nameKey).sort());

function remotePolicy(adaptFleet: Adapt): StackValidationPolicy {
  return {
    name: REMOTE_POLICY,
    description:
      "What is already deployed on the stack's servers causes no 401 (collected over SSH; off unless enabled in this policy's config).",
    enforcementLevel: "advisory",
    severity: "high",
    configSchema: remoteConfigSchema,
    validateStack: async (args: StackValidationArgs, report: ReportViolation) => {
      const config = remoteConfig(args.getConfig<Record<string, unknown>>());
      if (!config.enabled) return args.notApplicable(`remote checks are off; set "enabled": true in the ${REMOTE_POLICY} config`);
      const { fleet } = adaptFleet(resourcesOf(args));
      const { servers, unknown } = knownServers(fleet);
      if (servers.length === 0) {
        return args.notApplicable(
          unknown.length > 0
            ? `no server name is known during this preview (${unknown.length} declarations): nothing is deployed there yet`
            : "no iisguard Site or Host is declared",
        );
      }
      let deployed;
      try {
        deployed = await collectOnce(collectionKey(servers), () => collectDeployed(fleet, servers, config));
      } catch (e) {
        // Bad credentials or known_hosts: say so once, and let the preview go on.
        return report(`[REMOTE] remote checks could not start: ${(e as Error).message}`);
      }
      for (const f of deployed.findings) {
        if (f.status === "violation" && !f.waiver)
          report(`[DEPLOYED on ${f.location.server}] ${f.ruleId}: ${headline(f)}`, declaredUrn(fleet, f.location));
      }
    },
  };
}

function incompletePolicy(adaptFleet: Adapt, judge: Judge): StackValidationPolicy {
  return {
    name: INCOMPLETE_POLICY,
    description: "Every rule could be decided: no value unknown during preview, no unreadable declaration.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateStack: async (args: StackValidationArgs, report: ReportViolation) => {
      const { fleet, unreadable } = adaptFleet(resourcesOf(args));
      for (const u of unreadable) report(`[UNREADABLE] ${u.message}`, u.resource);
      for (const f of RULES.flatMap((rule) => judge(rule, fleet))) {
        if (f.status === "unknown")
          report(
            `[UNKNOWN] ${f.ruleId} on ${f.target}: ${f.message}. The rule could not be decided; it is not counted as compliant.`,
            f.resource.startsWith("urn:") ? f.resource : undefined,
          );
      }
      const collection = takeCollection(collectionKey(knownServers(fleet).servers));
      const deployed = collection ? await collection.catch(() => undefined) : undefined;
      for (const h of deployed?.hosts ?? []) {
        if (h.status !== "ok")
          report(
            `[UNREACHABLE] ${h.server}: what is deployed could not be read (${h.reason}); its remote checks were skipped.`,
            declaredUrn(fleet, hostLocation(h.server)),
          );
      }
    },
  };
}

export function iisguardPolicies(now: () => Date = () => new Date()): Policies {
  deserializeEachResourceOnce();
  // iisguard-remote before iisguard-incomplete: the latter reports the hosts the former could not read.
  const adapt = sharedAdaptation();
  const judge = sharedJudgement();
  return [...RULES.map((r) => rulePolicy(r, now, adapt, judge)), remotePolicy(adapt), incompletePolicy(adapt, judge)];
}

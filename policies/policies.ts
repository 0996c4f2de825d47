// The policies of the iisguard pack, as plain data and functions: one stack policy per rule, named
// by its rule id, plus `iisguard-incomplete`, which makes every outcome that could not be decided
// visible. Kept apart from the entry file because constructing a PolicyPack starts its server.
import type { Policies, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { evaluate, evaluateRule } from "../core/engine";
import { RULES } from "../core/rules";
import type { Rule, SubjectKind } from "../core/rule";
import { headline } from "../core/report/headline";
import { applyWaivers, parseWaivers } from "../core/waivers";
import { adaptFleet, type ResourceLike } from "./adapters/fleet";
import { waiverConfigSchema } from "./config-schema";

export const INCOMPLETE_POLICY = "iisguard-incomplete";

function resourcesOf(args: StackValidationArgs): ResourceLike[] {
  return args.resources as unknown as ResourceLike[];
}

function rulePolicy(rule: Rule<SubjectKind, string>, now: () => Date): StackValidationPolicy {
  return {
    name: rule.id,
    description: `${rule.title}${rule.substatus ? ` (HTTP ${rule.substatus})` : ""}.`,
    enforcementLevel: rule.level,
    severity: rule.severity,
    configSchema: waiverConfigSchema,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const { fleet } = adaptFleet(resourcesOf(args));
      const parsed = parseWaivers(args.getConfig<{ waivers?: unknown }>().waivers, `policy config '${rule.id}'.waivers`, rule.id);
      const { findings, problems } = applyWaivers(evaluateRule(rule, fleet), parsed, now());
      for (const f of findings) {
        if (f.status === "violation" && !f.waiver) report(headline(f), f.resource.startsWith("urn:") ? f.resource : undefined);
      }
      for (const p of problems) report(`[WAIVER ${p.kind.toUpperCase()}] ${p.message}`);
    },
  };
}

function incompletePolicy(): StackValidationPolicy {
  return {
    name: INCOMPLETE_POLICY,
    description: "Every rule could be decided: no value unknown during preview, no unreadable declaration.",
    enforcementLevel: "advisory",
    severity: "medium",
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const { fleet, unreadable } = adaptFleet(resourcesOf(args));
      for (const u of unreadable) report(`[UNREADABLE] ${u.message}`, u.resource);
      for (const f of evaluate(fleet)) {
        if (f.status === "unknown") report(`[UNKNOWN] ${f.ruleId} on ${f.target}: ${f.message}. The rule could not be decided; it is not counted as compliant.`, f.resource.startsWith("urn:") ? f.resource : undefined);
      }
    },
  };
}

export function iisguardPolicies(now: () => Date = () => new Date()): Policies {
  return [...RULES.map((r) => rulePolicy(r, now)), incompletePolicy()];
}

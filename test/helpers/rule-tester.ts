// A table-driven rule tester in the manner of ESLint's RuleTester: every case starts from the
// compliant baseline fleet and changes one thing; invalid cases list the exact violations expected.
import { evaluateRule } from "../../core/engine";
import type { Finding } from "../../core/finding";
import type { Fleet } from "../../core/model";
import type { MessageData, Rule, SubjectKind } from "../../core/rule";
import { baselineFleet } from "../fixtures/fleet";

interface Case {
  name: string;
  change?: (fleet: Fleet) => void;
}
interface InvalidCase extends Case {
  /** `substatus`: what the finding must say when the violation carries its own (the rule's otherwise). */
  errors: { messageId: string; data?: MessageData; substatus?: string | null }[];
}
interface OutcomeCase extends Case {
  /** Text the reason must contain. */
  reason: RegExp;
}
export interface RuleCases {
  valid: Case[];
  invalid: InvalidCase[];
  notApplicable?: OutcomeCase[];
  unknown?: OutcomeCase[];
}

function run(rule: Rule<SubjectKind, string>, c: Case): Finding[] {
  const fleet = baselineFleet();
  c.change?.(fleet);
  return evaluateRule(rule, fleet);
}

export function testRule(rule: Rule<SubjectKind, string>, cases: RuleCases): void {
  describe(rule.id, () => {
    test.each(cases.valid.map((c) => [c.name, c] as const))("valid: %s", (_name, c) => {
      const findings = run(rule, c);
      expect(findings.filter((f) => f.status === "violation" || f.status === "unknown")).toEqual([]);
    });
    test.each(cases.invalid.map((c) => [c.name, c] as const))("invalid: %s", (_name, c) => {
      const violations = run(rule, c).filter((f) => f.status === "violation");
      expect(violations.map((v) => ({ messageId: v.messageId, data: v.data }))).toEqual(
        c.errors.map((e) => ({ messageId: e.messageId, data: e.data ? expect.objectContaining(e.data) : expect.anything() })),
      );
      violations.forEach((v, i) => {
        expect(v.message).not.toMatch(/\{\w+\}/); // every placeholder was filled
        const expected = c.errors[i];
        expect(v.substatus).toBe(expected && "substatus" in expected ? expected.substatus : rule.substatus);
      });
    });
    const notApplicable = cases.notApplicable ?? [];
    if (notApplicable.length > 0)
      test.each(notApplicable.map((c) => [c.name, c] as const))("not applicable: %s", (_name, c) => {
        const findings = run(rule, c);
        expect(findings.filter((f) => f.status === "violation" || f.status === "unknown")).toEqual([]);
        expect(findings.some((f) => f.status === "notApplicable" && c.reason.test(f.message))).toBe(true);
      });
    const unknownCases = cases.unknown ?? [];
    if (unknownCases.length > 0)
      test.each(unknownCases.map((c) => [c.name, c] as const))("unknown: %s", (_name, c) => {
        const findings = run(rule, c);
        const unknown = findings.filter((f) => f.status === "unknown");
        expect(unknown.length).toBeGreaterThan(0);
        expect(unknown.every((f) => c.reason.test(f.message))).toBe(true);
        expect(findings.some((f) => f.status === "compliant" && f.target === unknown[0].target)).toBe(false);
      });
  });
}

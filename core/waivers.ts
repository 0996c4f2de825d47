// Waivers: a finding someone decided to accept, with a reason and optionally an end date. A waiver
// that is invalid, expired or matches nothing is itself a problem to report: otherwise waivers
// outlive the reasons they were written for.
import type { Finding } from "./finding";
import { globMatch } from "./glob";
import { closestKey, excerpt, kindOf } from "./schemas/excerpt";

export interface Waiver {
  rule: string;
  /** A finding target; `*` matches any run of characters ("web01/Default Web Site/PM/*"). */
  target: string;
  reason: string;
  /** Last day (UTC, YYYY-MM-DD) the waiver applies. */
  expires?: string;
}

export type WaiverProblemKind = "invalid" | "expired" | "unused";
export interface WaiverProblem {
  kind: WaiverProblemKind;
  /** Where the waiver came from and its position ("policy config 'single-auth-method', waivers[0]"). */
  where: string;
  waiver: Partial<Waiver>;
  message: string;
}

export const MIN_REASON_LENGTH = 10;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const WAIVER_KEYS = ["rule", "target", "reason", "expires"];

/**
 * A calendar date that exists. Date.parse rolls impossible days over ("2027-02-31" is 3 March),
 * so the parsed date must print back as the same text.
 */
export function isCalendarDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

export interface ParsedWaivers {
  waivers: { waiver: Waiver; where: string }[];
  problems: WaiverProblem[];
}

/** Validates raw waiver objects; each invalid one becomes a problem naming its field and value. */
export function parseWaivers(raw: unknown, source: string, defaultRule?: string): ParsedWaivers {
  const out: ParsedWaivers = { waivers: [], problems: [] };
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw)) {
    out.problems.push({ kind: "invalid", where: source, waiver: {}, message: `${source}: waivers must be a list, got ${kindOf(raw)}` });
    return out;
  }
  raw.forEach((item: unknown, i): void => {
    const where = `${source}[${i}]`;
    const w = (typeof item === "object" && item !== null ? item : {}) as Record<string, unknown>;
    const rule = w.rule ?? defaultRule;
    const partial: Partial<Waiver> = {
      rule: typeof rule === "string" ? rule : undefined,
      target: typeof w.target === "string" ? w.target : undefined,
      reason: typeof w.reason === "string" ? w.reason : undefined,
      expires: typeof w.expires === "string" ? w.expires : undefined,
    };
    const invalid = (field: string, value: unknown, expected: string, shown = excerpt(value)): void =>
      void out.problems.push({
        kind: "invalid",
        where,
        waiver: partial,
        message: `${where}${field ? `.${field}` : ""}: ${expected}, got ${shown}`,
      });
    // An item that is not a mapping is not shown at all: it may be a line of a secret file.
    if (typeof item !== "object" || item === null)
      return invalid("", item, "a waiver must be an object {rule, target, reason, expires?}", kindOf(item));
    // A misspelt key would be ignored silently: `expiry:` would make the waiver last for ever.
    const unknownKey = Object.keys(w).find((k) => !WAIVER_KEYS.includes(k));
    if (unknownKey !== undefined) {
      const near = closestKey(unknownKey, WAIVER_KEYS);
      return invalid(
        unknownKey,
        w[unknownKey],
        `unknown key${near ? ` (did you mean '${near}'?)` : ""}; a waiver has ${WAIVER_KEYS.join(", ")}`,
      );
    }
    if (typeof rule !== "string" || rule === "") return invalid("rule", rule, "a rule id is required");
    if (defaultRule !== undefined && w.rule !== undefined && w.rule !== defaultRule) {
      return invalid("rule", w.rule, `this list only waives '${defaultRule}'`);
    }
    if (typeof w.target !== "string" || w.target.trim() === "") return invalid("target", w.target, "a finding target is required");
    if (typeof w.reason !== "string" || w.reason.trim().length < MIN_REASON_LENGTH) {
      return invalid("reason", w.reason, `a reason of at least ${MIN_REASON_LENGTH} characters is required`);
    }
    if (w.expires !== undefined && (typeof w.expires !== "string" || !isCalendarDate(w.expires))) {
      return invalid("expires", w.expires, "a date YYYY-MM-DD is expected");
    }
    out.waivers.push({ waiver: partial as Waiver, where });
  });
  return out;
}

const targetMatches = (pattern: string, target: string): boolean => globMatch(pattern, target);

export function isExpired(waiver: Waiver, now: Date): boolean {
  if (!waiver.expires) return false;
  const endOfDay = Date.parse(`${waiver.expires}T23:59:59.999Z`);
  return now.getTime() > endOfDay;
}

/**
 * Marks the violations and unknowns a valid, unexpired waiver covers, and reports expired waivers
 * and waivers that cover nothing among `findings` (pass every finding of the waived rules).
 */
export function applyWaivers(findings: Finding[], parsed: ParsedWaivers, now: Date): { findings: Finding[]; problems: WaiverProblem[] } {
  const problems = [...parsed.problems];
  const active = parsed.waivers.filter(({ waiver, where }) => {
    if (!isExpired(waiver, now)) return true;
    problems.push({
      kind: "expired",
      where,
      waiver,
      message: `${where}: the waiver of ${waiver.rule} for '${waiver.target}' expired on ${waiver.expires}; its findings are reported again. Fix them or renew the waiver with a reason.`,
    });
    return false;
  });
  const used = new Set<number>();
  const result = findings.map((f) => {
    if (f.status !== "violation" && f.status !== "unknown") return f;
    const index = active.findIndex(({ waiver }) => waiver.rule === f.ruleId && targetMatches(waiver.target, f.target));
    if (index < 0) return f;
    used.add(index);
    const { waiver } = active[index];
    return { ...f, waiver: { reason: waiver.reason, ...(waiver.expires ? { expires: waiver.expires } : {}) } };
  });
  active.forEach(({ waiver, where }, i) => {
    if (used.has(i)) return;
    problems.push({
      kind: "unused",
      where,
      waiver,
      message: `${where}: the waiver of ${waiver.rule} for '${waiver.target}' matches no finding; remove it.`,
    });
  });
  return { findings: result, problems };
}

// The rule reference (docs/rules.md), generated from the rules' own metadata so it cannot drift.
import { OUTCOMES, UNEXPLAINED_401S } from "../outcomes";
import type { Rule, SubjectKind } from "../rule";

export function rulesMarkdown(rules: readonly Rule<SubjectKind, string>[]): string {
  const out = [
    "# Rule reference",
    "",
    "Generated from the rules' metadata by `npm run docs` (a test fails when this file is stale).",
    "Each rule is one CrossGuard policy of the same name. Level is the default enforcement; change it",
    "per policy or for `all` with `--policy-pack-config`.",
    "",
    "| rule | users see | level | severity | subject | runs on |",
    "|---|---|---|---|---|---|",
    ...rules.map(
      (r) =>
        `| [${r.id}](#${r.id}) | ${r.substatus ? `HTTP ${r.substatus}` : "—"} | ${r.level} | ${r.severity} | ${r.subject} | ${r.observedOnly ? "observed" : "declared, observed"} |`,
    ),
    "",
  ];
  for (const r of rules) {
    out.push(
      `## ${r.id}`,
      "",
      `**${r.title}.** ${r.substatus ? `Users see HTTP ${r.substatus}.` : "No 401 by itself."} Default level: ${r.level}; severity: ${r.severity}.${r.observedOnly ? " Needs collected facts: runs in `iisguard scan` (not applicable to a declaration alone)." : ""}`,
      "",
      `- **Checks:** ${r.docs.checks}`,
      `- **Why it ends in a 401:** ${r.docs.why}`,
      `- **Fix:** ${r.docs.fix}`,
      `- **Reads:** ${r.reads.map((p) => `\`${p}\``).join(", ")} (an unknown value in any of them makes the outcome *unknown*, never compliant)`,
      "",
      "Example that violates it:",
      "",
      "```ts",
      r.docs.example,
      "```",
      "",
      "Messages:",
      "",
      ...Object.entries(r.messages).map(([id, text]) => `- \`${id}\`: ${text}`),
      "",
    );
  }
  out.push(
    "## Outcomes that are not rules",
    "",
    "A scan also reports, as findings of their own, what it could not look at (could-not-read: status unknown, never compliant) and the 401s the servers' logs show that no rule predicts (unexplained-401s):",
    "",
    ...OUTCOMES.flatMap((o) => [
      `### ${o.id}`,
      "",
      `**${o.title}.** Default level: ${o.level}; severity: ${o.id === UNEXPLAINED_401S.id ? "by cause, medium at most" : o.severity}.`,
      "",
      `- **Checks:** ${o.docs.checks}`,
      `- **Why it matters:** ${o.docs.why}`,
      `- **Fix:** ${o.docs.fix}`,
      "",
    ]),
  );
  return out.join("\n");
}

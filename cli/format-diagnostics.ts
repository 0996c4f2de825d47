// Diagnostics as a person reads them in a terminal, close to how `pulumi preview` prints policy
// violations: grouped by resource, the level first. Messages and names come from the program, the
// stack and deployed hosts: escaped, so they cannot drive the terminal or forge a line.
import { escapeText as t } from "../core/report/escape";
import type { CheckResult } from "./commands/check";

function resourceLabel(urn: string): string {
  if (!urn) return "(stack)";
  const parts = urn.split("::");
  const type = (parts[2] ?? "").split("$").pop();
  return t(`${type} ${parts[3] ?? urn}`);
}

export function formatCheck(result: CheckResult, title: string): string {
  const lines = [`${t(title)}: ${result.resources} resources of ${t(result.project)}/${t(result.stack)} checked`];
  const byResource = new Map<string, CheckResult["diagnostics"]>();
  for (const d of result.diagnostics) byResource.set(d.urn, [...(byResource.get(d.urn) ?? []), d]);
  for (const [urn, list] of byResource) {
    lines.push(`  ${resourceLabel(urn)}`);
    for (const d of list) lines.push(`    ${t(d.enforcementLevel).padEnd(9)} ${t(d.policyName)}: ${t(d.message)}`);
  }
  const advisory = result.diagnostics.length - result.mandatory;
  lines.push(
    result.diagnostics.length === 0
      ? "  no policy violations"
      : `  ${result.mandatory} mandatory, ${advisory} advisory${result.mandatory > 0 ? " — a preview with this pack would fail" : ""}`,
  );
  return lines.join("\n");
}

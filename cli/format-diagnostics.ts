// Diagnostics as a person reads them in a terminal, close to how `pulumi preview` prints policy
// violations: grouped by resource, the level first.
import type { CheckResult } from "./commands/check";

function resourceLabel(urn: string): string {
  if (!urn) return "(stack)";
  const parts = urn.split("::");
  const type = (parts[2] ?? "").split("$").pop();
  return `${type} ${parts[3] ?? urn}`;
}

export function formatCheck(result: CheckResult, title: string): string {
  const lines = [`${title}: ${result.resources} resources of ${result.project}/${result.stack} checked`];
  const byResource = new Map<string, CheckResult["diagnostics"]>();
  for (const d of result.diagnostics) byResource.set(d.urn, [...(byResource.get(d.urn) ?? []), d]);
  for (const [urn, list] of byResource) {
    lines.push(`  ${resourceLabel(urn)}`);
    for (const d of list) lines.push(`    ${d.enforcementLevel.padEnd(9)} ${d.policyName}: ${d.message}`);
  }
  const advisory = result.diagnostics.length - result.mandatory;
  lines.push(
    result.diagnostics.length === 0
      ? "  no policy violations"
      : `  ${result.mandatory} mandatory, ${advisory} advisory${result.mandatory > 0 ? " — a preview with this pack would fail" : ""}`,
  );
  return lines.join("\n");
}

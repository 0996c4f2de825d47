// SARIF 2.1.0 for code-scanning dashboards. Findings are about servers, not files: each result
// carries a logical location (the target) and a fingerprint stable across runs.
import { createHash } from "crypto";
import { OUTCOMES } from "../outcomes";
import { RULES } from "../rules";
import { jsonText } from "./escape";
import { headline } from "./headline";
import { findingKey, missingFromInventory, NOT_IN_INVENTORY_TITLE, notInInventoryNote, type ScanReport } from "./scan-report";
import { findingEvidenceText } from "./evidence";

const LEVEL = { critical: "error", high: "error", medium: "warning", low: "note" } as const;

type ReportFinding = ScanReport["findings"][number];

export function sarifReport(r: ScanReport): string {
  const rules = sarifRules();
  const failed = r.hosts.filter((h) => h.status !== "ok");
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "iisguard", version: r.tool.version, informationUri: "https://github.com/iisguard/iisguard", rules } },
        invocations: [
          {
            executionSuccessful: r.complete && failed.length === 0 && missingFromInventory(r).length === 0,
            startTimeUtc: r.startedAt,
            endTimeUtc: r.finishedAt,
            toolExecutionNotifications: executionNotifications(r, failed),
          },
        ],
        results: r.findings.map((f) =>
          sarifResult(
            f,
            rules.findIndex((x) => x.id === f.ruleId),
          ),
        ),
      },
    ],
  };
  return `${jsonText(log)}\n`;
}

/** Every rule and outcome iisguard can report, as SARIF reporting descriptors (results point at them by index). */
function sarifRules() {
  return [
    ...RULES.map((rule) => ({ id: rule.id, title: rule.title, docs: rule.docs, severity: rule.severity, substatus: rule.substatus })),
    ...OUTCOMES.map((o) => ({ id: o.id, title: o.title, docs: o.docs, severity: o.severity, substatus: o.substatus ?? null })),
  ].map((rule) => ({
    id: rule.id,
    name: rule.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.checks },
    help: { text: `${rule.docs.why}\nFix: ${rule.docs.fix}` },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      substatus: rule.substatus ?? "none",
      tags: rule.substatus === null && OUTCOMES.some((o) => o.id === rule.id) ? ["iis"] : ["iis", "http-401"],
    },
  }));
}

/** One finding as a SARIF result: an unknown is a review (a warning), a violation a failure at its severity's level. */
function sarifResult(f: ReportFinding, ruleIndex: number) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.status === "unknown" ? ("warning" as const) : LEVEL[f.severity],
    kind: f.status === "unknown" ? ("review" as const) : ("fail" as const),
    message: { text: [headline(f), findingEvidenceText(f)].filter((x) => x !== undefined).join("\nLogs: ") },
    locations: [{ logicalLocations: [{ fullyQualifiedName: f.target, kind: "resource" }] }],
    partialFingerprints: { "iisguardFinding/v2": createHash("sha256").update(findingKey(f)).digest("hex") },
    ...(f.baseline ? { baselineState: f.baseline === "new" ? ("new" as const) : ("unchanged" as const) } : {}),
    ...(f.waiver ? { suppressions: [{ kind: "external" as const, justification: f.waiver.reason }] } : {}),
    properties: {
      substatus: f.substatus ?? "none",
      severity: f.severity,
      status: f.status,
      ...(f.evidence ? { logEvidence: f.evidence } : {}),
    },
  };
}

/** Hosts that could not be read, then servers never checked because the inventory lacks them. */
function executionNotifications(r: ScanReport, failed: ScanReport["hosts"]) {
  // Servers never checked are about the run, not a result on a server: execution notifications, errors unless allowed.
  const notListed = (r.notInInventory?.servers ?? []).map((server) => ({
    level: r.notInInventory!.allowed ? ("note" as const) : ("error" as const),
    message: { text: `${server}: ${NOT_IN_INVENTORY_TITLE.toLowerCase()}, ${notInInventoryNote(r)}` },
  }));
  return [...failed.map((h) => ({ level: "error" as const, message: { text: `${h.server}: ${h.reason ?? h.status}` } })), ...notListed];
}

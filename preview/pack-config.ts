// What the Pulumi engine does with --policy-pack-config before it calls Configure: resolve `all`
// and per-policy enforcement levels, fill config-schema defaults, validate against each policy's
// schema. A CLI-free driver has to do it itself; errors name the policy, the field and the value.
import Ajv, { type ValidateFunction } from "ajv";
import type { EnforcementLevel } from "./wire";

export interface PolicySummary {
  name: string;
  enforcementLevel: EnforcementLevel;
  configSchema?: { properties: Record<string, Record<string, unknown>>; required?: string[] };
}

/** The file format of `pulumi preview --policy-pack-config`: a level, or an object with one and properties. */
export type PackConfigFile = Record<string, unknown>;

export interface ResolvedPolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

export class PackConfigError extends Error {
  constructor(source: string, problems: string[]) {
    super(`${source}: invalid policy pack config\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "PackConfigError";
  }
}

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];

const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
const validators = new Map<string, ValidateFunction>();
/** Schemas are compiled once per process: the pack's schemas do not change while it runs. */
function validatorFor(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = validators.get(key);
  if (!v) validators.set(key, (v = ajv.compile(schema)));
  return v;
}

function levelOf(value: unknown, where: string, problems: string[]): EnforcementLevel | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && (LEVELS as string[]).includes(value)) return value as EnforcementLevel;
  problems.push(`${where}: ${JSON.stringify(value)} is not an enforcement level (expected ${LEVELS.join(", ")})`);
  return undefined;
}

export function resolvePackConfig(
  policies: PolicySummary[],
  file: PackConfigFile = {},
  source = "policy pack config",
): Map<string, ResolvedPolicyConfig> {
  const problems: string[] = [];
  if (typeof file !== "object" || file === null || Array.isArray(file))
    throw new PackConfigError(source, ["the config must be an object keyed by policy name"]);
  const known = new Set(policies.map((p) => p.name));
  for (const key of Object.keys(file)) {
    if (key !== "all" && !known.has(key))
      problems.push(`${JSON.stringify(key)}: no policy of that name in the pack (known: all, ${[...known].join(", ")})`);
  }
  const allEntry = file.all;
  const allLevel =
    typeof allEntry === "object" && allEntry !== null
      ? levelOf((allEntry as Record<string, unknown>).enforcementLevel, "all.enforcementLevel", problems)
      : levelOf(allEntry, "all", problems);

  const resolved = new Map<string, ResolvedPolicyConfig>();
  for (const policy of policies) {
    const entry = file[policy.name];
    let level: EnforcementLevel | undefined;
    let properties: Record<string, unknown> = {};
    if (typeof entry === "string") level = levelOf(entry, policy.name, problems);
    else if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) {
      const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
      level = levelOf(enforcementLevel, `${policy.name}.enforcementLevel`, problems);
      properties = JSON.parse(JSON.stringify(rest));
    } else if (entry !== undefined)
      problems.push(`${policy.name}: expected an enforcement level or an object, got ${JSON.stringify(entry)}`);

    if (policy.configSchema) {
      const schema = { type: "object", additionalProperties: false, ...policy.configSchema };
      const validate = validatorFor(schema);
      if (!validate(properties)) {
        for (const e of validate.errors ?? []) {
          const field = `${policy.name}${e.instancePath.replace(/\//g, ".")}`;
          const extra = e.keyword === "additionalProperties" ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : "";
          problems.push(`${field}: ${e.message}${extra}`);
        }
      }
    } else if (Object.keys(properties).length > 0) problems.push(`${policy.name}: takes no configuration besides enforcementLevel`);
    resolved.set(policy.name, { enforcementLevel: level ?? allLevel ?? policy.enforcementLevel, properties });
  }
  if (problems.length > 0) throw new PackConfigError(source, problems);
  return resolved;
}

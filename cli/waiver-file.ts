// A waiver file (YAML or JSON list of {rule, target, reason, expires?}) turned into the per-policy
// `waivers` config of the pack, so `iisguard check --waivers` and `--policy-pack-config` meet in
// one place: the pack reports expired and unused waivers either way.
import * as fs from "fs";
import { findRule, RULES } from "../core/rules";
import { parseYamlFile } from "../core/schemas/parse";
import { closestKey, excerpt } from "../core/schemas/excerpt";
import { parseWaivers } from "../core/waivers";
import type { PackConfigFile } from "../preview/pack-config";
import { UsageError } from "./errors";

export function readWaiverFile(file: string): ReturnType<typeof parseWaivers>["waivers"] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`${file}: cannot read waivers: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    // Errors name the line, never quote it: this may be a key or an .env passed by mistake.
    raw = parseYamlFile(text, file);
  } catch (e) {
    throw new UsageError(`${(e as Error).message} (a waiver file is a YAML or JSON list of {rule, target, reason, expires?})`);
  }
  const parsed = parseWaivers(raw ?? [], file);
  const problems = parsed.problems.map((p) => p.message);
  for (const { waiver, where } of parsed.waivers) {
    if (findRule(waiver.rule)) continue;
    const near = closestKey(
      waiver.rule,
      RULES.map((r) => r.id),
    );
    problems.push(`${where}.rule: ${excerpt(waiver.rule)} is not an iisguard rule id${near ? ` (did you mean '${near}'?)` : ""}`);
  }
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  return parsed.waivers;
}

export function mergeWaivers(config: PackConfigFile, waivers: ReturnType<typeof readWaiverFile>): PackConfigFile {
  const merged: PackConfigFile = { ...config };
  for (const { waiver } of waivers) {
    const current = merged[waiver.rule];
    const entry: Record<string, unknown> =
      typeof current === "string" ? { enforcementLevel: current } : { ...((current as Record<string, unknown> | undefined) ?? {}) };
    const { rule: _rule, ...rest } = waiver;
    entry.waivers = [...((entry.waivers as unknown[] | undefined) ?? []), rest];
    merged[waiver.rule] = entry;
  }
  return merged;
}

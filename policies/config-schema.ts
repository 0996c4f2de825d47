// Config each iisguard policy accepts through --policy-pack-config, besides its enforcement level.
import type { PolicyConfigSchema } from "@pulumi/policy";
import { MIN_REASON_LENGTH } from "../core/waivers";

export const waiverConfigSchema: PolicyConfigSchema = {
  properties: {
    waivers: {
      type: "array",
      description: "Findings of this policy accepted on purpose: {target, reason, expires?}. Expired and unused waivers are reported.",
      default: [],
      items: {
        type: "object",
        required: ["target", "reason"],
        additionalProperties: false,
        properties: {
          rule: { type: "string", description: "Optional; must be this policy's rule id." },
          target: { type: "string", minLength: 1, description: "Finding target, `*` wildcards allowed: web01/Default Web Site/PM/admin" },
          reason: { type: "string", minLength: MIN_REASON_LENGTH },
          expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Last day (UTC) the waiver applies." },
        },
      },
    },
  },
};

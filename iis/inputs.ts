// Inputs that may be Outputs (a server name taken from a VM) are validated now when they are plain
// values and when they resolve otherwise; a missing one is an error now.
export const RESOLVED_LATER = "(resolved later)";

export function plainOrLater(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === "string") return value;
  return RESOLVED_LATER;
}

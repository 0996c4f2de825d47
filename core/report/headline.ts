// One line a person reads first: the status users would see, then what is wrong and the fix.
import type { Finding } from "../finding";

export function headline(f: Finding): string {
  const status =
    f.status === "unknown" ? "UNKNOWN" : f.substatus ? `HTTP ${f.substatus}` : f.level === "advisory" ? "ADVISORY" : "VIOLATION";
  return `[${status}] ${f.message}`;
}

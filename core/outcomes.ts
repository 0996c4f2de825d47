// Outcomes that are not rules: what a scan reports when it could not look at all. Like ESLint's
// `fatal` results, a host that could not be read is a finding of its own, documented and rendered
// by every format from the same data — never a pseudo-rule that each format must know by name.
import type { Finding } from "./finding";
import { hostLocation } from "./location";
import type { Level, Severity } from "./rule";

export interface OutcomeDoc {
  id: string;
  title: string;
  severity: Severity;
  level: Level;
  docs: { checks: string; why: string; fix: string };
}

export const COULD_NOT_READ: OutcomeDoc = {
  id: "could-not-read",
  title: "The host could be read",
  severity: "high",
  level: "mandatory",
  docs: {
    checks: "The collector connected to the host over SSH, verified its host key, ran the collection script and parsed a complete answer within the timeouts and the limits on what one host may send.",
    why: "No rule can run on a host that could not be read, so nothing is known about the 401s it may cause: the host is reported as unknown with the reason, never counted as compliant (scan exit code 3).",
    fix: "Fix the reason given: the network or the address, the host key (known_hosts), the credentials, PowerShell on the host (Constrained Language Mode, a script error), or the timeouts.",
  },
};

export const OUTCOMES: readonly OutcomeDoc[] = [COULD_NOT_READ];

/** The finding for a host the scan could not read (or did not reach). */
export function couldNotRead(server: string, reason: string): Finding {
  return {
    ruleId: COULD_NOT_READ.id,
    fatal: true,
    status: "unknown",
    location: hostLocation(server),
    target: server,
    resource: `host:${server}`,
    origin: "observed",
    severity: COULD_NOT_READ.severity,
    level: COULD_NOT_READ.level,
    substatus: null,
    message: `no rule could run on ${server}: ${reason}`,
  };
}

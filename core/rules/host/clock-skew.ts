import { compliant, defineRule, notApplicable, violations } from "../../rule";
import { hostTarget } from "../../location";

/** Kerberos rejects tickets beyond 5 minutes of skew (KRB_AP_ERR_SKEW). */
export const MAX_SKEW_SECONDS = 300;
export const WARN_SKEW_SECONDS = 120;

export default defineRule({
  id: "clock-skew",
  title: "The host's clock agrees with the rest of the domain",
  subject: "host",
  severity: "high",
  level: "mandatory",
  substatus: "401.1",
  reads: ["host.clockOffsetSeconds"],
  observedOnly: true,
  docs: {
    checks: `The host's clock is within ${MAX_SKEW_SECONDS / 60} minutes of the collector's (a violation), and within ${WARN_SKEW_SECONDS / 60} minutes (otherwise a low-severity warning: it is drifting).`,
    why: "Kerberos refuses tickets when client, server and domain controller clocks differ by more than 5 minutes (KRB_AP_ERR_SKEW): Negotiate logons fail, browsers prompt, users get 401.1.",
    fix: "Let the host synchronise with the domain hierarchy (w32tm /resync; check the Windows Time service and the VM's time source).",
    example: "host clock 7 minutes ahead of the collector",
  },
  messages: {
    skewed:
      "{target}'s clock is {seconds} s off: beyond Kerberos' 5 minutes, Windows logons fail with 401.1. Resynchronise its time (w32tm /resync).",
    drifting: "{target}'s clock is {seconds} s off: still within Kerberos' 5 minutes, but drifting. Check the Windows Time service.",
  },
  check({ host }) {
    if (host.clockOffsetSeconds === undefined)
      return notApplicable("the host's clock is not known (declared configuration, or not collected)");
    const seconds = host.clockOffsetSeconds;
    const off = Math.abs(seconds);
    if (off > MAX_SKEW_SECONDS) return violations([{ messageId: "skewed", data: { target: hostTarget(host), seconds } }]);
    if (off > WARN_SKEW_SECONDS)
      return violations([{ messageId: "drifting", data: { target: hostTarget(host), seconds }, severity: "low" }]);
    return compliant();
  },
});

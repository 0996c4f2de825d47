// Outcomes that are not rules: what a scan reports when it could not look at all, and the 401s the
// logs show that no rule predicts. Like ESLint's `fatal` results, a host that could not be read is a
// finding of its own, documented and rendered by every format from the same data — never a
// pseudo-rule that each format must know by name.
import type { Finding } from "./finding";
import { hostLocation, locationName, type Location } from "./location";
import type { ObservedEvidence } from "./logs/finding-evidence";
import { describeWin32Status, type LikelyCause } from "./logs/win32-status";
import type { Level, Severity } from "./rule";

export interface OutcomeDoc {
  id: string;
  title: string;
  severity: Severity;
  level: Level;
  /** The HTTP status its findings are about ("401": any substatus), absent when none. */
  substatus?: string;
  docs: { checks: string; why: string; fix: string };
}

export const COULD_NOT_READ: OutcomeDoc = {
  id: "could-not-read",
  title: "The host could be read",
  severity: "high",
  level: "mandatory",
  docs: {
    checks:
      "The collector connected to the host over SSH, verified its host key, ran the collection script and parsed a complete answer within the timeouts and the limits on what one host may send.",
    why: "No rule can run on a host that could not be read, so nothing is known about the 401s it may cause: the host is reported as unknown with the reason, never counted as compliant (scan exit code 3).",
    fix: "Fix the reason given: the network or the address, the host key (known_hosts), the credentials, PowerShell on the host (Constrained Language Mode, a script error), or the timeouts.",
  },
};

/**
 * Unresolved 401s of one kind below this count in the window are not a finding when their cause is
 * plain bad credentials or unknown: a mistyped password now and then is every portal's daily noise
 * and must not fail each nightly scan at the default --fail-on low. They stay in the host's log
 * evidence in every report.
 */
export const UNEXPLAINED_NOISE_THRESHOLD = 25;

/** Causes someone must act on for users to get in again (an account, a clock, a domain controller, an SPN): medium from the first 401. */
const ACTIONABLE_CAUSES: ReadonlySet<LikelyCause> = new Set([
  "expired-password",
  "must-change-password",
  "locked-out",
  "disabled",
  "expired-account",
  "account-restriction",
  "logon-hours",
  "workstation",
  "logon-right",
  "domain-controller",
  "kerberos",
  "clock-skew",
]);

/** An unexplained group's severity from its likely cause: medium for a cause someone must act on, low for bad credentials and the unknown. */
export function unexplainedSeverity(cause: LikelyCause): Severity {
  return ACTIONABLE_CAUSES.has(cause) ? "medium" : "low";
}

export const UNEXPLAINED_401S: OutcomeDoc = {
  id: "unexplained-401s",
  title: "Every 401 in the logs is predicted by a rule",
  severity: "medium",
  level: "advisory",
  substatus: "401",
  docs: {
    checks:
      "The scan reads each site's W3C logs of the window (--log-window) and groups the 401s that no success for the same client followed (unresolved: not the normal Negotiate/NTLM handshake) by site, application, substatus and sc-win32-status. A group is explained when a violation on the same server covers its application and predicts its substatus (a rule whose 401 has no fixed substatus predicts any); causes that are the user's account (expired password, locked out, disabled, expired account, logon hours, workstation, account restriction) are never explained by configuration. Every other group is this finding, with the count, the window, the top paths, the win32 status's meaning and its likely cause.",
    why: "Users see these 401s, and no configuration rule says why: an account state, a clock, a domain controller or a Kerberos name, or a cause iisguard has no rule for. Severity follows the cause: medium from the first 401 when someone must act for users to get in again (expired or must-change password, locked out, disabled or expired account, logon hours, workstation, logon right, no domain controller, Kerberos/SPN, clock skew); low for plain bad credentials (1326, SEC_E_LOGON_DENIED), a refused anonymous request, an abandoned handshake or an unknown status, and then only from 25 unresolved 401s in the window, because a mistyped password now and then is every portal's daily noise and must not fail each nightly scan at the default --fail-on low (fewer are still listed in the host's log evidence). Advisory: it is evidence, not a verdict on the configuration.",
    fix: "Follow the likely cause: tell the user to change an expired password (a browser cannot), unlock or enable the account and find the device retrying a stale password, fix the clock or the domain controller's reachability, register the SPN; or, when the 401s are a configuration's doing that no rule knows, waive the finding with the reason. --fail-on high gates on configuration alone.",
  },
};

export const OUTCOMES: readonly OutcomeDoc[] = [COULD_NOT_READ, UNEXPLAINED_401S];

const grouped = (n: number) => n.toLocaleString("en-US");

/**
 * One group of unresolved 401s that no violation predicts. Its identity across runs (baselines) is
 * the location, substatus and win32 status (`data`); the counts are in the message and the evidence.
 */
export function unexplained401s(
  location: Location,
  substatus: number | null,
  win32: number | null,
  severity: Severity,
  evidence: ObservedEvidence,
): Finding {
  const target = locationName(location);
  const status = substatus === null ? "401" : `401.${substatus}`;
  const w = win32 === null ? undefined : describeWin32Status(win32);
  const what = w
    ? `win32 ${w.code} ${w.name} (${w.meaning.replace(/\.$/, "")}): likely ${w.likelyCause}`
    : "win32 status not logged: the cause is unknown";
  const since = evidence.firstSeenUtc ? ` since ${evidence.firstSeenUtc.slice(0, 16)}Z` : "";
  const paths = evidence.topPaths.length ? `; top paths ${evidence.topPaths.map((p) => `${p.stem} (${grouped(p.count)})`).join(", ")}` : "";
  return {
    ruleId: UNEXPLAINED_401S.id,
    status: "violation",
    location,
    target,
    resource: `host:${location.server}`,
    origin: "observed",
    severity,
    level: UNEXPLAINED_401S.level,
    substatus: status,
    messageId: "unexplained",
    data: { target, substatus: status, win32: win32 ?? "-" },
    message: `${grouped(evidence.observed)} × ${status} on ${target}${since} that no rule predicts: ${what}${paths}`,
    evidence,
  };
}

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

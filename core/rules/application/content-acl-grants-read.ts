import { admitsAuthenticatedUser, effectiveRules } from "../../iis/authorization";
import { APP_POOL_SID_PREFIX, buildToken, readAccess, WELL_KNOWN, wellKnownGroupSid, type Token } from "../../iis/ntfs";
import type { Application, AppPool, Principal } from "../../model";
import { compliant, defineRule, notApplicable, unknown, violations, type Violation } from "../../rule";
import { applicationTarget } from "../../location";
import { sameName } from "../../names";

type Message = "workerCannotRead" | "cannotRead";

/** An identity IIS uses for the path, with its token, or why its token cannot be built. */
type Identity = { label: string; worker: boolean; token: Token } | { unknown: string };

/** Logons carry Authenticated Users, and Users contains it by default. */
const AUTHENTICATED = [WELL_KNOWN.authenticatedUsers, WELL_KNOWN.users];

/**
 * The worker process's token. With ApplicationPoolIdentity the worker runs as the virtual account
 * `IIS AppPool\<pool>`; "With every other identity type, the security identifier will only be injected
 * into the access token" (iis-docs manage/configuring-security/application-pool-identities.md), so the
 * worker runs as NetworkService, LocalService, LocalSystem or the custom account and also carries the
 * virtual account's SID. IIS adds IIS_IUSRS at run time (same page). LocalSystem's token "includes the
 * NT AUTHORITY\SYSTEM and BUILTIN\Administrators SIDs" (learn.microsoft.com/windows/win32/services/localsystem-account).
 */
function workerIdentity(pool: AppPool, principals: Principal[]): Identity {
  const virtual = `IIS AppPool\\${pool.name}`;
  const fixed: Record<Exclude<AppPool["identity"], "ApplicationPoolIdentity" | "SpecificUser">, [string, string[]]> = {
    NetworkService: ["NT AUTHORITY\\NETWORK SERVICE", [WELL_KNOWN.networkService]],
    LocalService: ["NT AUTHORITY\\LOCAL SERVICE", [WELL_KNOWN.localService]],
    LocalSystem: ["NT AUTHORITY\\SYSTEM", [WELL_KNOWN.localSystem, WELL_KNOWN.administrators]],
  };
  let label: string;
  let own: string[];
  if (pool.identity === "ApplicationPoolIdentity") {
    if (!pool.sid) return { unknown: `the SID of ${virtual}, the worker's identity, is not known` };
    [label, own] = [virtual, [pool.sid]];
  } else if (pool.identity === "SpecificUser") {
    const account = pool.userName || "the pool's custom account";
    if (!pool.identitySid) return { unknown: `the SID of ${account}, the identity of pool '${pool.name}', is not known` };
    [label, own] = [account, [pool.identitySid]];
  } else {
    const [name, sids] = fixed[pool.identity];
    [label, own] = [name, pool.identitySid ? [pool.identitySid, ...sids.slice(1)] : sids];
  }
  const injected = pool.identity !== "ApplicationPoolIdentity" && pool.sid ? [pool.sid] : [];
  // Without the injected SID, an entry for some app pool's virtual account may be this pool's.
  const doubt = (sid: string) =>
    pool.identity !== "ApplicationPoolIdentity" && !pool.sid && sid.startsWith(APP_POOL_SID_PREFIX)
      ? `the SID of ${virtual} (injected into the worker's token) is not known`
      : undefined;
  return { label, worker: true, token: buildToken([...own, ...injected, WELL_KNOWN.iisIusrs, ...AUTHENTICATED], principals, doubt) };
}

/**
 * SIDs of an authenticated user's token besides their own and their groups'. Windows authentication
 * is a network logon, and NETWORK is "added to the process of a token when it logs on across a
 * network" (learn.microsoft.com/windows/win32/api/winnt/ne-winnt-well_known_sid_type, WinNetworkSid).
 * For Basic (ClearText logon by default), Digest and certificates that is not documented: NETWORK is
 * then possible, not certain.
 */
function userToken(app: Application, own: string[], principals: Principal[]): Token {
  const network = app.authentication.includes("windows");
  const doubt = (sid: string) =>
    !network && sid === WELL_KNOWN.network ? "whether Basic, Digest or certificate logons carry NETWORK is not documented" : undefined;
  return buildToken([...own, ...AUTHENTICATED, ...(network ? [WELL_KNOWN.network] : [])], principals, doubt);
}

/** The token of a role's members: a well-known group by its SID, otherwise the group the host resolved. */
function roleIdentity(app: Application, role: string, principals: Principal[]): Identity {
  const label = `role '${role}'`;
  const wellKnown = wellKnownGroupSid(role);
  if (wellKnown) return { label, worker: false, token: userToken(app, [wellKnown], principals) };
  const group = principals.find((p) => sameName(p.name, role));
  if (!group?.sid) return { unknown: `the host could not resolve ${label} to a SID` };
  // The members are who IIS impersonates; with them unknown, iisguard cannot tell who carries the token.
  if (group.membersError !== undefined) return { unknown: `the members of ${label} could not be read (${group.membersError})` };
  return { label, worker: false, token: userToken(app, [group.sid], principals) };
}

/** The identities IIS impersonates for requests to the path (the anonymous user, the authenticated users). */
function impersonated(
  app: Application,
  ancestors: Application[],
  roles: Parameters<typeof admitsAuthenticatedUser>[1],
  principals: Principal[],
): Identity[] {
  const found: Identity[] = [];
  if (app.authentication.includes("anonymous")) {
    const user = app.anonymousUserName ?? "IUSR";
    // Unverified on a live host: IUSR's token is taken to carry Users and Authenticated Users like
    // other logons (the default wwwroot ACL grants Users and serves anonymous content).
    if (sameName(user, "IUSR"))
      found.push({ label: "IUSR", worker: false, token: buildToken([WELL_KNOWN.iusr, ...AUTHENTICATED], principals) });
    // "" is the pool identity (iis-docs anonymousAuthentication): the worker's token, judged already.
    else if (user !== "")
      found.push(accountIdentity(`anonymous user '${user}'`, user, principals, (sid) => buildToken([sid, ...AUTHENTICATED], principals)));
  }
  if (app.authentication.some((m) => m !== "anonymous")) {
    const rules = effectiveRules(ancestors, app);
    if (admitsAuthenticatedUser(rules, roles).admitsSomeone) {
      const allows = rules.filter((r) => r.access === "allow");
      if (allows.some((r) => r.users.includes("*")))
        found.push({ label: "Authenticated Users", worker: false, token: userToken(app, [], principals) });
      for (const user of new Set(allows.flatMap((r) => r.users).filter((u) => u !== "*" && u !== "?"))) {
        found.push(accountIdentity(`user '${user}'`, user, principals, (sid) => userToken(app, [sid], principals)));
      }
      for (const role of new Set(allows.flatMap((r) => r.roles))) found.push(roleIdentity(app, role, principals));
    }
  }
  return found;
}

function accountIdentity(label: string, name: string, principals: Principal[], token: (sid: string) => Token): Identity {
  const sid = principals.find((p) => sameName(p.name, name))?.sid;
  return sid ? { label, worker: false, token: token(sid) } : { unknown: `the host did not resolve ${label} to a SID` };
}

export default defineRule({
  id: "content-acl-grants-read",
  title: "The identities IIS uses can read the content",
  subject: "application",
  severity: "critical",
  level: "mandatory",
  substatus: "401.3",
  reads: [
    "site.applications.acl",
    "site.applications.authentication",
    "site.applications.anonymousUserName",
    "site.applications.authorization",
    "site.applications.appPool",
    "site.appPool",
    "host.principals",
  ],
  observedOnly: true,
  docs: {
    checks:
      "On the physical path of each application, virtual directory or folder, the NTFS ACL lets every identity IIS uses read it. The worker process: the path's own pool's identity (the virtual account IIS AppPool\\<pool> with ApplicationPoolIdentity; NETWORK SERVICE, LOCAL SERVICE, SYSTEM or the custom account otherwise, with the virtual account's SID injected) plus IIS_IUSRS " +
      "(iis-docs application-pool-identities.md). The impersonated users: the anonymous identity (IUSR; an empty userName is the worker itself) and the users and roles the authorization rules admit, as their tokens: the group, the groups containing it, Authenticated Users, Users, Everyone, and NETWORK for Windows authentication (a network logon). " +
      "Entries are walked in the ACL's order until Read is granted or denied, as AccessCheck does (learn.microsoft.com/windows/win32/secauthz/how-dacls-control-access-to-an-object); inherit-only entries do not apply to the folder; generic rights are mapped. " +
      "An identity whose SID or group membership the host could not resolve is unknown, not a violation.",
    why: 'IIS reads static content as the impersonated user: without NTFS Read the user authenticates and still gets 401.3 (access denied by ACL on resource). The worker process itself must read the folder\'s configuration: if it cannot, IIS answers 500.19 (0x80070005, "Cannot read configuration file due to insufficient permissions", KB942055; reproduced in microsoft/iis-docker#68) before anyone is impersonated.',
    fix: "Grant Read & Execute on the folder to the group that uses the portal (or to Users), to IUSR for anonymous content, and to the pool's identity or IIS_IUSRS; remove Deny entries aimed at them, or place an explicit Allow before an inherited Deny.",
    example: `icacls "C:\\Program Files\\Password Manager\\HelpDesk" /deny "Help Desk Operators:(OI)(CI)R"`,
  },
  messages: {
    workerCannotRead:
      "The worker process of pool '{pool}' runs as {identity}, which cannot read {path} of {target} ({reason}): IIS cannot read the configuration there and answers {substatus} (0x80070005) to every request. Grant Read & Execute on that folder to {identity} or IIS_IUSRS.",
    cannotRead:
      "{identity} cannot read {path} of {target} ({reason}): users get {substatus}. Grant Read & Execute on that folder to {identity}.",
  },
  check({ site, app, ancestors, host }) {
    if (app.acl === undefined) return notApplicable("the ACL of the content is not known (declared configuration, or not collected)");
    const acl = app.acl;
    const path = app.physicalPath ?? site.physicalPath;
    const target = applicationTarget(site, app);
    const principals = host?.principals ?? [];
    const pool = app.appPool ?? site.appPool;
    const found: Violation<Message>[] = [];
    const unknowns: string[] = [];
    for (const who of [workerIdentity(pool, principals), ...impersonated(app, ancestors, site.roleAssignments, principals)]) {
      if ("unknown" in who) {
        unknowns.push(who.unknown);
        continue;
      }
      const decision = readAccess(acl, who.token);
      if (decision.outcome === "unknown") unknowns.push(`whether ${who.label} can read ${path} is unknown: ${decision.reason}`);
      else if (decision.outcome === "denied") {
        const data = { identity: who.label, path, target, reason: decision.reason };
        // The worker fails before anyone is impersonated: 500.19 is what users see, and what the finding says.
        found.push(
          who.worker
            ? { messageId: "workerCannotRead", substatus: "500.19", data: { ...data, pool: pool.name, substatus: "500.19" } }
            : { messageId: "cannotRead", data: { ...data, substatus: "401.3" } },
        );
      }
    }
    // A certain violation is reported even when other identities of the path are unknown.
    if (found.length > 0) return violations(found);
    if (unknowns.length > 0) return unknown(`${target}: ${unknowns.join("; ")}`);
    return compliant();
  },
});

// The identity IIS uses for an anonymous request, as an NTFS token: anonymousAuthentication
// userName, "IUSR" by default, "" for the application pool identity (learn.microsoft.com/iis/configuration/
// system.webServer/security/authentication/anonymousAuthentication).
import type { Application, AppPool, Principal } from "../model";
import { buildToken, WELL_KNOWN, type Token } from "./ntfs";
import { sameName } from "../names";

/** Logons carry Authenticated Users, and Users contains it by default. IUSR's token is assumed to carry both (unverified on a live host, README). */
const AUTHENTICATED = [WELL_KNOWN.authenticatedUsers, WELL_KNOWN.users];

export type AnonymousIdentity = { label: string; token: Token } | { label: string; unknown: string };

export function anonymousIdentity(app: Application, sitePool: AppPool, principals: readonly Principal[]): AnonymousIdentity {
  const user = app.anonymousUserName ?? "IUSR";
  if (sameName(user, "IUSR")) return { label: "IUSR", token: buildToken([WELL_KNOWN.iusr, ...AUTHENTICATED], principals) };
  if (user === "") {
    const pool = app.appPool ?? sitePool;
    const label = `the identity of pool '${pool.name}'`;
    const own = pool.identitySid ?? (pool.identity === "ApplicationPoolIdentity" ? pool.sid : undefined);
    if (!own) return { label, unknown: `the SID of ${label} is not known` };
    // IIS_IUSRS is added to the worker's token at run time (iis-docs application-pool-identities).
    return {
      label,
      token: buildToken([own, ...(pool.sid && pool.sid !== own ? [pool.sid] : []), WELL_KNOWN.iisIusrs, ...AUTHENTICATED], principals),
    };
  }
  const sid = principals.find((p) => sameName(p.name, user))?.sid;
  const label = `anonymous user '${user}'`;
  return sid
    ? { label, token: buildToken([sid, ...AUTHENTICATED], principals) }
    : { label, unknown: `the host did not resolve ${label} to a SID` };
}

import { admitsAuthenticatedUser, effectiveRules } from "../../iis/authorization";
import { canRead, tokenSids, WELL_KNOWN } from "../../iis/ntfs";
import { sameName } from "../../model";
import { compliant, defineRule, notApplicable, violations, type Violation } from "../../rule";
import { applicationTarget } from "../../targets";

type Message = "cannotRead" | "unresolved";

/** Authenticated users' tokens also carry Authenticated Users and Users (which contains it by default). */
const AUTHENTICATED = [WELL_KNOWN.authenticatedUsers, WELL_KNOWN.users];

export default defineRule({
  id: "content-acl-grants-read",
  title: "The identities IIS impersonates can read the content",
  subject: "application",
  severity: "critical",
  level: "mandatory",
  substatus: "401.3",
  reads: ["site.applications.acl", "site.applications.authentication", "site.applications.authorization", "site.appPool", "host.principals"],
  observedOnly: true,
  docs: {
    checks:
      "On the physical path of each application, the NTFS ACL lets every identity IIS uses read the content: the anonymous identity (IUSR, or the app pool identity when userName is empty), " +
      "the roles the authorization rules admit (as their members' tokens: the group, the groups containing it, Authenticated Users, Users, Everyone) and the app pool identity (with IIS_IUSRS). " +
      "Entries apply when they are not inherit-only; Deny entries win; generic rights count.",
    why: "IIS reads static content as the impersonated user. Without NTFS Read the user authenticates and still gets 401.3 (access denied by ACL on resource).",
    fix: "Grant Read & Execute on the folder to the group that uses the portal (or to Users), to IUSR for anonymous content, and to IIS AppPool\\<pool> or IIS_IUSRS; remove Deny entries aimed at them.",
    example: `icacls "C:\\Program Files\\Password Manager\\HelpDesk" /deny "Help Desk Operators:(OI)(CI)R"`,
  },
  messages: {
    cannotRead: "{identity} cannot read {path} of {target} ({reason}): users get 401.3. Grant Read & Execute on that folder to {identity}.",
    unresolved: "{target} admits role '{role}', which the host could not resolve to a SID: whether its members can read {path} is unknown.",
  },
  check({ site, app, ancestors, host }) {
    if (app.acl === undefined) return notApplicable("the ACL of the content is not known (declared configuration, or not collected)");
    const path = app.physicalPath ?? site.physicalPath;
    const target = applicationTarget(site, app);
    const found: Violation<Message>[] = [];
    const check = (identity: string, sids: Set<string>) => {
      const decision = canRead(app.acl!, sids);
      if (!decision.canRead) found.push({ messageId: "cannotRead", data: { identity, path, target, reason: decision.reason } });
    };
    const poolSids = site.appPool.sid ? [site.appPool.sid] : [];
    const poolIdentity = site.appPool.identity === "SpecificUser" ? (site.appPool.userName ?? "the app pool account") : `IIS AppPool\\${site.appPool.name}`;
    if (poolSids.length > 0) check(poolIdentity, tokenSids(poolSids[0], host?.principals, [WELL_KNOWN.iisIusrs, ...AUTHENTICATED]));

    if (app.authentication.includes("anonymous")) {
      const user = app.anonymousUserName ?? "IUSR";
      if (user === "" && poolSids.length > 0) check(`${poolIdentity} (anonymous identity)`, tokenSids(poolSids[0], host?.principals, [WELL_KNOWN.iisIusrs, ...AUTHENTICATED]));
      // Unverified on a live host: IUSR's token is taken to carry Users and Authenticated Users
      // like other logons (the default wwwroot ACL grants Users and serves anonymous content).
      else if (sameName(user, "IUSR")) check("IUSR", tokenSids(WELL_KNOWN.iusr, host?.principals, AUTHENTICATED));
    }
    if (app.authentication.some((m) => m !== "anonymous")) {
      const rules = effectiveRules(ancestors, app);
      if (admitsAuthenticatedUser(rules, site.roleAssignments).admitsSomeone) {
        const allows = rules.filter((r) => r.access === "allow");
        if (allows.some((r) => r.users.includes("*"))) check("Authenticated Users", tokenSids(WELL_KNOWN.authenticatedUsers, host?.principals, AUTHENTICATED));
        for (const role of new Set(allows.flatMap((r) => r.roles))) {
          const group = host?.principals?.find((p) => sameName(p.name, role));
          if (!group) found.push({ messageId: "unresolved", data: { target, role, path } });
          else check(`role '${role}'`, tokenSids(group.sid, host?.principals, AUTHENTICATED));
        }
      }
    }
    return found.length > 0 ? violations(found) : compliant();
  },
});

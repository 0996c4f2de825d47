import { aspNetRules, aspNetVerdict, definesAspNetRules } from "../../iis/aspnet-authorization";
import { anonymousIdentity } from "../../iis/anonymous-identity";
import { effectiveRules, iisVerdict } from "../../iis/authorization";
import { Directory } from "../../iis/membership";
import { ASPNET_URL_AUTHORIZATION_MODULE, runsModule, URL_AUTHORIZATION_MODULE, workingMethods } from "../../iis/modules";
import { readAccess } from "../../iis/ntfs";
import { compliant, defineRule, notApplicable, unknown, violation } from "../../rule";
import { applicationTarget } from "../../location";

const LABEL: Record<string, string> = { windows: "Windows", basic: "Basic", digest: "Digest", clientCertificate: "client certificates" };

export default defineRule({
  id: "mixed-auth-admits-anonymous",
  title: "Anonymous next to a challenge method refuses the anonymous identity where users must log on",
  subject: "application",
  severity: "high",
  level: "mandatory",
  substatus: "401",
  reads: [
    "site.applications.authentication",
    "site.applications.authorization",
    "site.applications.inheritAuthorization",
    "site.applications.aspNetAuthorization",
    "site.applications.modules",
    "site.applications.acl",
    "site.applications.anonymousUserName",
    "site.applications.appPool",
    "site.appPool",
  ],
  docs: {
    checks:
      "An application that enables Anonymous next to a working challenge method (Windows, Basic, Digest, client certificates) is IIS's mixed mode: IIS tries the anonymous identity first and challenges only when something refuses it. " +
      "The rule finds where nothing does: IIS URL authorization admits anonymous users for GET (or the URL authorization module is absent), ASP.NET authorization does not refuse them (managed content), and the content's NTFS ACL lets the anonymous identity (IUSR, the pool identity for an empty userName, or the named account) read. " +
      "A collected ACL decides; a declaration, which has no ACL, is judged with Windows' default folder ACL (Users: Read & Execute, which IUSR's token carries). " +
      'Mixed mode where anonymous users are refused is how IIS is meant to be used and is compliant ("In IIS enable Windows and Anonymous. Then on all of your controllers that require auth specify [Authorize]", learn.microsoft.com/aspnet/core/security/authentication/windowsauth; ' +
      "URL authorization: learn.microsoft.com/iis/manage/configuring-security/understanding-iis-url-authorization). Challenge methods that cannot succeed are other rules' findings: Digest or Windows off-domain (windows-auth-requires-domain, 401.1), Basic in clear text (basic-auth-requires-tls).",
    why: "When the anonymous identity may read the page, IIS serves it anonymously and never sends a challenge: the application never sees a logged-on user, its own role checks fail and users get the application's 401 (the vendor portals' case), or a login loop.",
    fix: 'Refuse anonymous users where users must log on (authorization: deny users "?", or an Allow for the role only), or disable Anonymous. An application that challenges by itself (ASP.NET Core [Authorize]) needs a waiver with that reason.',
    example: `applications: [{ path: "/PM/helpdesk", authentication: ["anonymous", "windows"] }]  // the server default Allow * admits anonymous users`,
  },
  messages: {
    anonymousServed:
      '{target} enables Anonymous next to {methods}, and nothing refuses the anonymous identity ({why}): IIS serves every request anonymously, the application never sees a logged-on user and its role checks answer 401. Deny users "?" where users must log on, or disable Anonymous.',
  },
  check({ site, app, ancestors, host }) {
    const working = workingMethods(app).working;
    const challenges = working.filter((m) => m !== "anonymous");
    if (!working.includes("anonymous") || challenges.length === 0) return notApplicable("not Anonymous beside a working challenge method");
    const dir = Directory.forSite(site, host);
    const why: string[] = [];
    if (runsModule(app, URL_AUTHORIZATION_MODULE) === false)
      why.push(`${URL_AUTHORIZATION_MODULE} is not enabled, so no URL authorization rule applies`);
    else {
      const iis = iisVerdict(effectiveRules(ancestors, app), "anonymous", dir, "GET");
      if (iis.outcome === "nobody") return compliant(); // IIS refuses anonymous users and challenges
      if (iis.outcome === "unknown") return unknown(iis.reason);
      why.push("URL authorization admits anonymous users");
    }
    if (definesAspNetRules(ancestors, app) && runsModule(app, ASPNET_URL_AUTHORIZATION_MODULE) !== false) {
      const aspNet = aspNetVerdict(aspNetRules(ancestors, app), "anonymous", dir, "GET");
      if (aspNet.outcome === "nobody") return compliant(); // ASP.NET answers 401 to anonymous users, and IIS adds the challenge
      if (aspNet.outcome === "unknown") return unknown(aspNet.reason);
      why.push("ASP.NET authorization admits them");
    }
    if (app.acl === undefined) why.push("the content's ACL is not declared: Windows' default lets IUSR read");
    else {
      const identity = anonymousIdentity(app, site.appPool, host?.principals ?? []);
      if ("unknown" in identity) return unknown(identity.unknown);
      const access = readAccess(app.acl, identity.token);
      if (access.outcome === "denied") return compliant(); // IIS gets access denied as the anonymous user and challenges
      if (access.outcome === "unknown") return unknown(`whether ${identity.label} can read the content is unknown: ${access.reason}`);
      why.push(`the ACL lets ${identity.label} read`);
    }
    return violation("anonymousServed", {
      target: applicationTarget(site, app),
      methods: challenges.map((m) => LABEL[m] ?? m).join(", "),
      why: why.join("; "),
    });
  },
});

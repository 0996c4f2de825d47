import { audiencesOf, combine, effectiveRules, iisVerdict, judgeVerbs, verbsToJudge, type Verdict } from "../../iis/authorization";
import { runsModule, URL_AUTHORIZATION_MODULE, workingMethods } from "../../iis/modules";
import { compliant, defineRule, notApplicable, unknown, violation } from "../../rule";
import { applicationTarget } from "../../location";

type Message = "nobody" | "nobodyForVerbs" | "anonymousRefused" | "anonymousRefusedForVerbs";

export default defineRule({
  id: "authorization-admits-someone",
  title: "URL authorization admits the users the application's authentication lets in",
  subject: "application",
  severity: "critical",
  level: "mandatory",
  substatus: "401",
  // Role membership (site.roleAssignments, host.principals) is read per role inside the check, so
  // an unknown membership makes only the applications whose rules depend on it unknown.
  reads: [
    "site.applications.authentication",
    "site.applications.authorization",
    "site.applications.inheritAuthorization",
    "site.applications.modules",
  ],
  docs: {
    checks:
      "The IIS URL authorization rules in force at an application (the server default Allow *, the parents' rules unless cleared, its own) admit someone who can get in: " +
      "some authenticated user when a challenge method (Windows, Basic, Digest, client certificates) works there, anonymous users (? or *) when only Anonymous does. " +
      "Rules are evaluated as IIS does: every Deny first, starting at the parent, then the Allow rules; a rule with verbs applies only to them, and browsing (GET) decides " +
      "(learn.microsoft.com/iis/configuration/system.webServer/security/authorization/add; learn.microsoft.com/iis/manage/configuring-security/understanding-iis-url-authorization). " +
      "Roles are the groups in the user's network-logon token: Everyone, Authenticated Users, Users and NETWORK are in every one, INTERACTIVE in none; other groups by the declared role assignments or the members the host reported, nested groups included. " +
      "A Deny or Allow naming a group whose members are not known makes the outcome unknown. Not applicable where the URL authorization module (UrlAuthorizationModule) is not enabled: IIS then enforces none of these rules.",
    why:
      "When a Deny shadows every Allow, or the only Allow names anonymous users or empty roles, every user authenticates successfully and is still refused: repeated prompts, then 401. " +
      'On an Anonymous-only application a Deny for anonymous users (often inherited, like a site-wide deny users="?") answers every request with 401 and no way to log on.',
    fix: 'Remove the Deny that shadows the Allow rules (a parent Deny cannot be overridden below it: clear the inherited rules with inheritAuthorization: false), allow the role that should use the application, or allow users "?" on anonymous pages.',
    example: `authorization: [{ access: "deny", roles: ["Users"] }, { access: "allow", roles: ["Administrators"] }]`,
  },
  messages: {
    nobody:
      "URL authorization on {target} admits nobody ({reason}): every user is refused with 401 after logging on. Allow the role that should use it and remove the shadowing Deny.",
    nobodyForVerbs:
      "URL authorization on {target} admits nobody to {verbs} requests ({reason}), only to {admittedVerbs}: users browsing it are refused with 401 after logging on. Limit the Deny to the verbs it is meant for.",
    anonymousRefused:
      '{target} enables only Anonymous authentication and its URL authorization refuses anonymous users ({reason}): every request gets 401 with no way to log on. Allow users "?" there (clear an inherited Deny), or enable Windows authentication.',
    anonymousRefusedForVerbs:
      "{target} enables only Anonymous authentication and its URL authorization refuses anonymous {verbs} requests ({reason}), admitting only {admittedVerbs}: browsing it gets 401 with no way to log on. Limit the Deny to the verbs it is meant for.",
  },
  check({ site, app, ancestors, directory }) {
    if (runsModule(app, URL_AUTHORIZATION_MODULE) === false) {
      return notApplicable(`${URL_AUTHORIZATION_MODULE} is not enabled at this path: IIS does not enforce its URL authorization rules`);
    }
    const audiences = audiencesOf(workingMethods(app).working);
    if (audiences.length === 0) return notApplicable("no authentication method works here (auth-method-required reports it)");
    const rules = effectiveRules(ancestors, app);
    const dir = directory;
    // Anonymous next to a challenge method: either way in is enough (IIS challenges when anonymous is refused).
    const judgement = judgeVerbs(verbsToJudge(rules), (verb) => {
      const verdicts = audiences.map((a) => iisVerdict(rules, a, dir, verb));
      const primary = verdicts[0] as Verdict;
      return combine(verdicts, () => (primary.outcome === "nobody" ? primary.reason : ""));
    });
    if (judgement.outcome === "admitted") return compliant();
    if (judgement.outcome === "unknown") return unknown(judgement.reason);
    const target = applicationTarget(site, app);
    const anonymousOnly = !audiences.includes("authenticated");
    if (judgement.lockedVerbs) {
      const data = {
        target,
        reason: judgement.reason,
        verbs: judgement.lockedVerbs.join(", "),
        admittedVerbs: judgement.admittedVerbs!.join(", "),
      };
      return violation<Message>(anonymousOnly ? "anonymousRefusedForVerbs" : "nobodyForVerbs", data);
    }
    return violation<Message>(anonymousOnly ? "anonymousRefused" : "nobody", { target, reason: judgement.reason });
  },
});

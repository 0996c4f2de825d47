import { aspNetRules, aspNetVerdict, definesAspNetRules } from "../../iis/aspnet-authorization";
import { audiencesOf, combine, judgeVerbs, verbsToJudge, type Verdict } from "../../iis/authorization";
import { ASPNET_URL_AUTHORIZATION_MODULE, runsModule, workingMethods } from "../../iis/modules";
import { compliant, defineRule, notApplicable, unknown, violation } from "../../rule";
import { applicationTarget } from "../../location";

type Message = "nobody" | "nobodyForVerbs" | "anonymousRefused";

export default defineRule({
  id: "aspnet-authorization-admits-someone",
  title: "ASP.NET authorization (system.web) admits the users the application's authentication lets in",
  subject: "application",
  severity: "critical",
  level: "mandatory",
  // ASP.NET answers "401 Unauthorized: Access is denied"; no Microsoft page documents an IIS substatus for it.
  substatus: "401",
  reads: ["site.applications.authentication", "site.applications.aspNetAuthorization", "site.applications.modules"],
  docs: {
    checks:
      "The ASP.NET authorization rules (system.web/authorization) of an application and its parents admit someone who can get in: some authenticated user when a challenge method works there, anonymous users when only Anonymous does. " +
      "ASP.NET evaluates the most local level first, then each parent, in document order, and the first rule that fits the user decides; the machine web.config ends the list with an Allow for everyone " +
      "(learn.microsoft.com/previous-versions/dotnet/netframework-4.0/8d82143t(v=vs.100)). Roles, verbs and unknown membership are judged as for IIS URL authorization. " +
      "This layer guards managed content only (pages, handlers and MVC routes served by ASP.NET; static files are not checked by it unless runAllManagedModulesForAllRequests is set), " +
      "and is not applicable where ASP.NET's UrlAuthorization module is not enabled or no level defines rules.",
    why:
      "IIS lets the user in, then ASP.NET's UrlAuthorization module refuses every managed request: users see ASP.NET's \"401 - Access is denied\" page after logging on. " +
      "An application using Forms authentication redirects to its login page instead; iisguard does not model Forms authentication, so waive such an application with that reason.",
    fix: 'Put an <allow> for the role that uses the application before the <deny users="*"/> in its web.config (the first match wins), or remove the Deny.',
    example: `aspNetAuthorization: [{ access: "deny", users: ["*"] }, { access: "allow", roles: ["Administrators"] }]`,
  },
  messages: {
    nobody:
      "ASP.NET authorization on {target} admits nobody ({reason}): every request for its managed content (pages, handlers) is refused with 401 (ASP.NET authorization) after logging on. Allow the role that uses it before any Deny that matches everyone.",
    nobodyForVerbs:
      "ASP.NET authorization on {target} admits nobody to {verbs} requests ({reason}), only to {admittedVerbs}: browsing its managed content is refused with 401 (ASP.NET authorization). Limit the rule to the verbs it is meant for.",
    anonymousRefused:
      '{target} enables only Anonymous authentication and its ASP.NET authorization refuses anonymous users ({reason}): every request for its managed content gets 401 (ASP.NET authorization) with no way to log on. Allow users "?" there, or enable an authentication method.',
  },
  check({ site, app, ancestors, directory }) {
    if (!definesAspNetRules(ancestors, app))
      return notApplicable("no system.web/authorization rules at this path or above: ASP.NET's machine default allows everyone");
    if (runsModule(app, ASPNET_URL_AUTHORIZATION_MODULE) === false) {
      return notApplicable(
        `ASP.NET's ${ASPNET_URL_AUTHORIZATION_MODULE} module is not enabled at this path: system.web/authorization is not enforced`,
      );
    }
    const audiences = audiencesOf(workingMethods(app).working);
    if (audiences.length === 0) return notApplicable("no authentication method works here (auth-method-required reports it)");
    const rules = aspNetRules(ancestors, app);
    const dir = directory;
    const judgement = judgeVerbs(verbsToJudge(rules), (verb) => {
      const verdicts = audiences.map((a) => aspNetVerdict(rules, a, dir, verb));
      const primary = verdicts[0] as Verdict;
      return combine(verdicts, () => (primary.outcome === "nobody" ? primary.reason : ""));
    });
    if (judgement.outcome === "admitted") return compliant();
    if (judgement.outcome === "unknown") return unknown(judgement.reason);
    const target = applicationTarget(site, app);
    if (!audiences.includes("authenticated")) return violation<Message>("anonymousRefused", { target, reason: judgement.reason });
    if (judgement.lockedVerbs) {
      return violation<Message>("nobodyForVerbs", {
        target,
        reason: judgement.reason,
        verbs: judgement.lockedVerbs.join(", "),
        admittedVerbs: judgement.admittedVerbs!.join(", "),
      });
    }
    return violation<Message>("nobody", { target, reason: judgement.reason });
  },
});

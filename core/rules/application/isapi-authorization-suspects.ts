import type { IsapiCgiRestriction, IsapiHandler } from "../../model";
import { runsModule } from "../../iis/modules";
import { compliant, defineRule, notApplicable, violations, type Violation } from "../../rule";
import { applicationTarget } from "../../location";

// The native modules that run filters and extensions ("IIS Modules Overview",
// learn.microsoft.com/iis/get-started/introduction-to-iis/iis-modules-overview).
const MODULE = { filter: "IsapiFilterModule", isapi: "IsapiModule", cgi: "CgiModule" } as const;

type Message = "filter" | "extension";

/** Whether the restriction list lets IIS run `binary` (absent list: not known, so it may). */
function allowedToRun(restriction: IsapiCgiRestriction | undefined, handler: IsapiHandler): boolean {
  if (!restriction) return true;
  const entry = restriction.entries.find((e) => e.path.trim().toLowerCase() === handler.scriptProcessor.trim().toLowerCase());
  if (entry) return entry.allowed;
  return handler.kind === "isapi" ? restriction.notListedIsapisAllowed : restriction.notListedCgisAllowed;
}

export default defineRule({
  id: "isapi-authorization-suspects",
  title: "ISAPI filters and ISAPI/CGI extensions that can refuse requests are named",
  subject: "application",
  severity: "low",
  level: "advisory",
  substatus: "401.4",
  reads: ["site.applications.isapiFilters", "site.applications.isapiHandlers", "site.applications.modules", "host.isapiCgiRestriction"],
  docs: {
    checks:
      "Lists, for each application, the enabled ISAPI filters (system.webServer/isapiFilters, run by IsapiFilterModule) and the handler mappings served by an ISAPI extension or a CGI program (system.webServer/handlers with IsapiModule or CgiModule) that the ISAPI and CGI restriction list lets run " +
      "(system.webServer/security/isapiCgiRestriction: listed entries, then notListedIsapisAllowed / notListedCgisAllowed; learn.microsoft.com/iis/configuration/system.webServer/isapiFilters, …/security/isapiCgiRestriction). " +
      "Handlers whose preCondition names classicMode run only in Classic pipeline pools and are not listed (iisguard does not read the pipeline mode; Integrated is IIS's default). Advisory: iisguard cannot tell what a binary decides.",
    why: "IIS logs 401.4 when an ISAPI filter refuses a request and 401.5 when an ISAPI or CGI application does (KB943891 substatus table). Neither is visible in IIS's own configuration: a 401.4 or 401.5 in the log needs a named suspect.",
    fix: "When the log shows 401.4 or 401.5, check the named filter or extension's own configuration and logs; remove filters no application needs.",
    example: `applications: [{ path: "/PM/admin", isapiFilters: [{ name: "SiteMinder", path: "C:\\\\sm\\\\ISAPI6WebAgent.dll" }] }]`,
  },
  messages: {
    filter: "ISAPI filter '{name}' ({path}) sees every request to {target} and can refuse it: a 401.4 in the log there comes from it.",
    extension: "{kind} '{name}' ({path}) serves {requestPath} on {target} and can refuse requests: a 401.5 in the log there comes from it.",
  },
  check({ site, app, host }) {
    const target = applicationTarget(site, app);
    const found: Violation<Message>[] = [];
    if (runsModule(app, MODULE.filter) !== false) {
      for (const f of (app.isapiFilters ?? []).filter((x) => x.enabled))
        found.push({ messageId: "filter", substatus: "401.4", data: { target, name: f.name, path: f.path } });
    }
    for (const h of app.isapiHandlers ?? []) {
      if (
        /classicMode/i.test(h.preCondition ?? "") ||
        runsModule(app, MODULE[h.kind]) === false ||
        !allowedToRun(host?.isapiCgiRestriction, h)
      )
        continue;
      found.push({
        messageId: "extension",
        substatus: "401.5",
        data: {
          target,
          kind: h.kind === "isapi" ? "ISAPI extension" : "CGI program",
          name: h.name,
          path: h.scriptProcessor,
          requestPath: h.requestPath,
        },
      });
    }
    if (found.length > 0) return violations(found);
    if (app.isapiFilters === undefined && app.isapiHandlers === undefined)
      return notApplicable("no ISAPI filters or ISAPI/CGI handlers are known here");
    return compliant();
  },
});

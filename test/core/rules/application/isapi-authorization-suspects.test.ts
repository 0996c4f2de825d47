// Expectations: 401.4 "Authorization failed by filter" and 401.5 "Authorization failed by ISAPI/CGI
// application" (KB943891 substatus table); filters from system.webServer/isapiFilters
// (learn.microsoft.com/iis/configuration/system.webServer/isapiFilters), extensions allowed or refused by
// system.webServer/security/isapiCgiRestriction (…/security/isapiCgiRestriction: listed entries, then
// notListedIsapisAllowed / notListedCgisAllowed).
import type { IsapiHandler } from "../../../../core/model";
import rule from "../../../../core/rules/application/isapi-authorization-suspects";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const admin = "web01/Default Web Site/PM/admin";
const AGENT = { name: "SiteMinder", path: "C:\\sm\\ISAPI6WebAgent.dll", enabled: true };
const AUTH_DLL: IsapiHandler = { name: "LegacyAuth", requestPath: "*.auth", kind: "isapi", scriptProcessor: "C:\\legacy\\auth.dll" };
const CGI: IsapiHandler = { name: "Perl", requestPath: "*.pl", kind: "cgi", scriptProcessor: "C:\\perl\\bin\\perl.exe" };
const restrict = (entries: { path: string; allowed: boolean }[], notListed = false) => ({
  notListedIsapisAllowed: notListed,
  notListedCgisAllowed: notListed,
  entries,
});

testRule(rule, {
  valid: [
    { name: "known to have none", change: (f) => Object.assign(appAt(f, "/PM/admin"), { isapiFilters: [], isapiHandlers: [] }) },
    { name: "a disabled filter", change: (f) => void (appAt(f, "/PM/admin").isapiFilters = [{ ...AGENT, enabled: false }]) },
    {
      name: "an extension the restriction list refuses (IIS answers 404.2, not 401.5)",
      change: (f) => {
        appAt(f, "/PM/admin").isapiHandlers = [AUTH_DLL];
        f.hosts[0].isapiCgiRestriction = restrict([{ path: "c:\\LEGACY\\auth.dll", allowed: false }]);
      },
    },
    {
      name: "an unlisted CGI where unlisted CGIs may not run",
      change: (f) => {
        appAt(f, "/PM/admin").isapiHandlers = [CGI];
        f.hosts[0].isapiCgiRestriction = restrict([]);
      },
    },
    {
      name: "ASP.NET's classic-mode ISAPI mappings do not run in Integrated pools",
      change: (f) =>
        void (appAt(f, "/PM/admin").isapiHandlers = [{ ...AUTH_DLL, preCondition: "classicMode,runtimeVersionv4.0,bitness64" }]),
    },
    {
      name: "a filter where IsapiFilterModule is not enabled",
      change: (f) => Object.assign(appAt(f, "/PM/admin"), { isapiFilters: [AGENT], modules: ["WindowsAuthenticationModule"] }),
    },
  ],
  invalid: [
    {
      name: "an enabled ISAPI filter is the 401.4 suspect",
      change: (f) => void (appAt(f, "/PM/admin").isapiFilters = [AGENT]),
      errors: [{ messageId: "filter", substatus: "401.4", data: { target: admin, name: "SiteMinder", path: AGENT.path } }],
    },
    {
      name: "an allowed ISAPI extension is the 401.5 suspect",
      change: (f) => {
        appAt(f, "/PM/admin").isapiHandlers = [AUTH_DLL];
        f.hosts[0].isapiCgiRestriction = restrict([{ path: AUTH_DLL.scriptProcessor, allowed: true }]);
      },
      errors: [
        { messageId: "extension", substatus: "401.5", data: { kind: "ISAPI extension", name: "LegacyAuth", requestPath: "*.auth" } },
      ],
    },
    {
      name: "an unlisted CGI where unlisted CGIs may run",
      change: (f) => {
        appAt(f, "/PM/admin").isapiHandlers = [CGI];
        f.hosts[0].isapiCgiRestriction = restrict([], true);
      },
      errors: [{ messageId: "extension", substatus: "401.5", data: { kind: "CGI program" } }],
    },
    {
      name: "a filter and an extension with the restriction list unknown: both named",
      change: (f) => Object.assign(appAt(f, "/PM/admin"), { isapiFilters: [AGENT], isapiHandlers: [AUTH_DLL] }),
      errors: [
        { messageId: "filter", substatus: "401.4" },
        { messageId: "extension", substatus: "401.5" },
      ],
    },
  ],
  notApplicable: [{ name: "nothing known (a declaration without ISAPI)", reason: /no ISAPI filters or ISAPI\/CGI handlers are known/ }],
  unknown: [
    {
      name: "filters could not be read",
      change: (f) => void f.sites[0].unknown.push("applications.isapiFilters"),
      reason: /isapiFilters is not known/,
    },
  ],
});

import rule from "../../../../core/rules/application/auth-method-required";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

// "The default installation of IIS 7 and later does not include the Windows authentication role
// service" (learn.microsoft.com/iis/configuration/system.webServer/security/authentication/windowsAuthentication/, Setup).
const WITHOUT_AUTH_MODULES = ["UrlAuthorizationModule", "AnonymousAuthenticationModule"];

testRule(rule, {
  valid: [
    { name: "the baseline portals" },
    { name: "basic only", change: (f) => void (appAt(f, "/PM/admin").authentication = ["basic"]) },
    { name: "client certificates only", change: (f) => void (appAt(f, "/PM/admin").authentication = ["clientCertificate"]) },
    { name: "modules not known: the module Windows needs is assumed", change: (f) => void (appAt(f, "/PM/admin").modules = undefined) },
    {
      name: "Windows with its module enabled",
      change: (f) => void (appAt(f, "/PM/admin").modules = [...WITHOUT_AUTH_MODULES, "windowsauthenticationmodule"]),
    },
    {
      name: "Windows without its module next to Anonymous, which still answers",
      change: (f) => void Object.assign(appAt(f, "/PM/admin"), { authentication: ["anonymous", "windows"], modules: WITHOUT_AUTH_MODULES }),
    },
  ],
  invalid: [
    {
      name: "admin with nothing enabled",
      change: (f) => void (appAt(f, "/PM/admin").authentication = []),
      errors: [{ messageId: "none", data: { target: "web01/Default Web Site/PM/admin" } }],
    },
    {
      name: "site root with nothing enabled",
      change: (f) => void (appAt(f, "/").authentication = []),
      errors: [{ messageId: "none", data: { target: "web01/Default Web Site/" } }],
    },
    // defect 15
    {
      name: "Windows enabled without WindowsAuthenticationModule offers no challenge: 401.2 naming the module",
      change: (f) => void (appAt(f, "/PM/admin").modules = WITHOUT_AUTH_MODULES),
      errors: [
        {
          messageId: "moduleMissing",
          data: {
            target: "web01/Default Web Site/PM/admin",
            methods: "windows",
            modules: "WindowsAuthenticationModule",
            features: "Web-Windows-Auth",
          },
        },
      ],
    },
    {
      name: "Basic and Digest enabled without either module",
      change: (f) => void Object.assign(appAt(f, "/PM/helpdesk"), { authentication: ["basic", "digest"], modules: WITHOUT_AUTH_MODULES }),
      errors: [{ messageId: "moduleMissing", data: { modules: "BasicAuthenticationModule, DigestAuthenticationModule" } }],
    },
  ],
  unknown: [
    {
      name: "authentication unknown at preview",
      change: (f) => void f.sites[0].unknown.push("applications.authentication"),
      reason: /applications\.authentication/,
    },
    {
      name: "the whole applications list unknown",
      change: (f) => void f.sites[0].unknown.push("applications"),
      reason: /site\.applications/,
    },
    { name: "modules unknown", change: (f) => void f.sites[0].unknown.push("applications[1].modules"), reason: /applications\.modules/ },
  ],
});

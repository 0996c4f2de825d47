import { workingMethods } from "../../iis/modules";
import { compliant, defineRule, violation } from "../../rule";
import { applicationTarget } from "../../location";

export default defineRule({
  id: "auth-method-required",
  title: "An application has at least one working authentication method",
  subject: "application",
  severity: "critical",
  level: "mandatory",
  substatus: "401.2",
  reads: ["site.applications.authentication", "site.applications.modules"],
  docs: {
    checks:
      "Every application (and the site root) has at least one of anonymous, basic, windows, digest or clientCertificate enabled, and, where the path's modules are known, " +
      "the module that implements it is enabled there (WindowsAuthenticationModule, BasicAuthenticationModule, DigestAuthenticationModule). " +
      '"The default installation of IIS 7 and later does not include the Windows authentication role service" ' +
      "(learn.microsoft.com/iis/configuration/system.webServer/security/authentication/windowsAuthentication/, Setup): an enabled method without its module offers no challenge.",
    why: "With no method that can answer, IIS cannot authenticate any request and answers 401.2 (logon failed due to server configuration) to everyone.",
    fix: "Enable exactly one method: Windows authentication for intranet portals, Anonymous for public pages. Install the role service of the method you enable (Install-WindowsFeature Web-Windows-Auth).",
    example: `applications: [{ path: "/PM/admin", authentication: [] }]`,
  },
  messages: {
    none: "No authentication method is enabled on {target}: every request gets 401.2. Enable exactly one method (Windows for intranet portals, Anonymous for public pages).",
    moduleMissing:
      "{target} enables {methods}, but {modules} is not enabled there, so no method can answer: every request gets 401.2. Install {features} (or enable the module at this path), or enable a method whose module is present.",
  },
  check({ site, app }) {
    if (app.authentication.length === 0) return violation("none", { target: applicationTarget(site, app) });
    const { working, missing } = workingMethods(app);
    if (working.length > 0) return compliant();
    return violation("moduleMissing", {
      target: applicationTarget(site, app),
      methods: app.authentication.join(", "),
      modules: missing.map((m) => m.module).join(", "),
      features: missing.map((m) => m.feature).join(", "),
    });
  },
});

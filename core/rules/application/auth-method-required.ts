import { compliant, defineRule, violation } from "../../rule";
import { applicationTarget } from "../../targets";

export default defineRule({
  id: "auth-method-required",
  title: "An application enables at least one authentication method",
  subject: "application",
  severity: "critical",
  level: "mandatory",
  substatus: "401.2",
  reads: ["site.applications.authentication"],
  docs: {
    checks: "Every application (and the site root) has at least one of anonymous, basic, windows, digest or clientCertificate enabled.",
    why: "With no method enabled IIS cannot authenticate any request and answers 401.2 (logon failed due to server configuration) to everyone.",
    fix: "Enable exactly one method: Windows authentication for intranet portals, Anonymous for public pages.",
    example: `applications: [{ path: "/PM/admin", authentication: [] }]`,
  },
  messages: {
    none: "No authentication method is enabled on {target}: every request gets 401.2. Enable exactly one method (Windows for intranet portals, Anonymous for public pages).",
  },
  check({ site, app }) {
    if (app.authentication.length > 0) return compliant();
    return violation("none", { target: applicationTarget(site, app) });
  },
});

import { WINDOWS_PROVIDERS } from "../../model";
import { compliant, defineRule, notApplicable, violations, type Violation } from "../../rule";
import { applicationTarget } from "../../location";

type Message = "noProviders" | "unknownProvider";

export default defineRule({
  id: "windows-auth-providers",
  title: "Windows authentication offers known providers",
  subject: "application",
  severity: "high",
  level: "mandatory",
  substatus: "401.2",
  reads: ["site.applications.authentication", "site.applications.windowsProviders"],
  docs: {
    checks: `When Windows authentication is enabled, its provider list is not empty and names only ${WINDOWS_PROVIDERS.join(", ")}.`,
    why: "With an empty provider list IIS sends no WWW-Authenticate scheme for Windows authentication: the browser has nothing to answer and the user gets 401.2. A misspelled provider is offered to clients that do not understand it.",
    fix: "Leave the providers at IIS's default (Negotiate, NTLM) or list only valid names.",
    example: `applications: [{ path: "/PM/admin", authentication: ["windows"], windowsProviders: [] }]`,
  },
  messages: {
    noProviders:
      "{target} enables Windows authentication with no providers: browsers are offered no scheme and get 401.2. Use the default providers Negotiate, NTLM.",
    unknownProvider:
      "{target} lists the Windows authentication provider '{provider}', which IIS does not know: clients cannot use it and may get 401.2. Use {valid}.",
  },
  check({ site, app }) {
    if (!app.authentication.includes("windows")) return notApplicable("Windows authentication is not enabled");
    if (app.windowsProviders === undefined) return compliant();
    const target = applicationTarget(site, app);
    if (app.windowsProviders.length === 0) return violations<Message>([{ messageId: "noProviders", data: { target } }]);
    const found: Violation<Message>[] = app.windowsProviders
      .filter((p) => !WINDOWS_PROVIDERS.some((known) => known.toLowerCase() === p.toLowerCase()))
      .map((provider) => ({ messageId: "unknownProvider", data: { target, provider, valid: WINDOWS_PROVIDERS.join(", ") } }));
    return found.length > 0 ? violations(found) : compliant();
  },
});

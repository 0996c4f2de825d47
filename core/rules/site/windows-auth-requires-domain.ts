import { DOMAIN_JOIN_EXTENSION, isExtension, type AuthMethod } from "../../model";
import { compliant, defineRule, notApplicable, violation } from "../../rule";
import { siteTarget } from "../../location";

/**
 * Methods whose logons a domain controller validates: Windows authentication with domain accounts,
 * and Digest, which "uses a Windows domain controller to authenticate users" (learn.microsoft.com/iis/wmi-provider/digestauthenticationsection-class).
 */
const DOMAIN_METHODS: readonly AuthMethod[] = ["windows", "digest"];
const LABEL: Partial<Record<AuthMethod, string>> = { windows: "Windows", digest: "Digest" };

export default defineRule({
  id: "windows-auth-requires-domain",
  title: "A site using Windows or Digest authentication runs on a domain-joined host",
  subject: "site",
  severity: "critical",
  level: "mandatory",
  substatus: "401.1",
  reads: ["site.server", "site.applications.authentication", "host.domain", "vm.extensions"],
  docs: {
    checks:
      "A site with Windows or Digest authentication runs on a host that declares its AD domain, or on an Azure VM with the JsonADDomainExtension. " +
      "Digest authentication \"uses a Windows domain controller to authenticate users\" (learn.microsoft.com/iis/wmi-provider/digestauthenticationsection-class); IIS 6's guide adds that Digest fails when the realm is the computer's own name and the server is no domain controller (learn.microsoft.com/previous-versions/windows/it-pro/windows-server-2003/cc738422(v=ws.10)).",
    why: "Users log on with domain accounts. A server outside their domain cannot validate them: every Windows or Digest logon fails with 401.1 (logon failed).",
    fix: "Join the server to the users' domain (on Azure, the Microsoft.Compute JsonADDomainExtension) and declare it in Host.domain.",
    example: `new iis.Host("web02", { server: "web02" })  // no domain, VM without JsonADDomainExtension`,
  },
  messages: {
    notJoined:
      "{target} uses {methods} authentication but server {server} is joined to no domain (no Host.domain, no AD join extension on its VM): domain users get 401.1. Join it to the users' domain.",
  },
  check({ site, host, vm }) {
    const used = DOMAIN_METHODS.filter((m) => site.applications.some((app) => app.authentication.includes(m)));
    if (used.length === 0) return notApplicable("no application uses Windows or Digest authentication");
    if (host?.domain) return compliant();
    if (vm?.extensions.some((e) => isExtension(e, DOMAIN_JOIN_EXTENSION))) return compliant();
    return violation("notJoined", { target: siteTarget(site), server: site.server, methods: used.map((m) => LABEL[m]).join(" and ") });
  },
});

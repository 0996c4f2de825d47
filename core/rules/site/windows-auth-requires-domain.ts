import { DOMAIN_JOIN_EXTENSION, isExtension, usesWindowsAuth } from "../../model";
import { compliant, defineRule, notApplicable, violation } from "../../rule";
import { siteTarget } from "../../targets";

export default defineRule({
  id: "windows-auth-requires-domain",
  title: "A Windows-auth site runs on a domain-joined host",
  subject: "site",
  severity: "critical",
  level: "mandatory",
  substatus: "401.1",
  reads: ["site.server", "site.applications.authentication", "host.domain", "vm.extensions"],
  docs: {
    checks: "A site with Windows authentication runs on a host that declares its AD domain, or on an Azure VM with the JsonADDomainExtension.",
    why: "Users log on with domain accounts. A server outside their domain cannot validate them: every logon fails with 401.1.",
    fix: "Join the server to the users' domain (on Azure, the Microsoft.Compute JsonADDomainExtension) and declare it in Host.domain.",
    example: `new iis.Host("web02", { server: "web02" })  // no domain, VM without JsonADDomainExtension`,
  },
  messages: {
    notJoined: "{target} uses Windows authentication but server {server} is joined to no domain (no Host.domain, no AD join extension on its VM): domain users get 401.1. Join it to the users' domain.",
  },
  check({ site, host, vm }) {
    if (!usesWindowsAuth(site)) return notApplicable("no application uses Windows authentication");
    if (host?.domain) return compliant();
    if (vm?.extensions.some((e) => isExtension(e, DOMAIN_JOIN_EXTENSION))) return compliant();
    return violation("notJoined", { target: siteTarget(site), server: site.server });
  },
});

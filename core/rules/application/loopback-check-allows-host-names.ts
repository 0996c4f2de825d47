import { hostNameKey, isOwnMachineName, siteHostNames } from "../../iis/host-names";
import { compliant, defineRule, notApplicable, unknown, violations } from "../../rule";
import { applicationTarget } from "../../location";

export default defineRule({
  id: "loopback-check-allows-host-names",
  title: "The loopback check lets the server reach its own Windows-auth sites",
  subject: "application",
  severity: "high",
  level: "mandatory",
  substatus: "401.1",
  reads: [
    "site.server",
    "site.applications.authentication",
    "site.applications.localClients",
    "site.bindings",
    "host.loopback",
    "host.computerName",
  ],
  docs: {
    checks:
      "For a Windows-auth application that the server itself requests (localClients), every host name of the site other than the machine's own short name is listed in BackConnectionHostNames, or DisableLoopbackCheck is set. " +
      "The machine's own name is the computer name the host reports when it was observed, not the inventory name (which may be a DNS alias or an address).",
    why: "Windows rejects an NTLM logon from the machine to itself under a name other than its own (the loopback check, KB896861): the local request fails with 401.1 although the credentials are right.",
    fix: "List the host names in HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\MSV1_0\\BackConnectionHostNames (declare them in Host.loopback.backConnectionHostNames).",
    example: `bindings: [{ protocol: "https", port: 443, hostName: "pm.corp.example.com" }], applications: [{ path: "/PM/admin", authentication: ["windows"], localClients: true }]`,
  },
  messages: {
    rejected:
      "{target} is requested by the server itself as '{hostName}', which the loopback check rejects: local requests get 401.1. Add '{hostName}' to BackConnectionHostNames on {server}.",
  },
  check({ site, app, host }) {
    if (!app.authentication.includes("windows")) return notApplicable("Windows authentication is not enabled");
    if (!app.localClients) return notApplicable("the server does not request this application itself");
    if (!host) return unknown(`no Host is declared for server '${site.server}', so its loopback settings are unknown`);
    if (host.loopback.disableLoopbackCheck) return compliant();
    const target = applicationTarget(site, app);
    // The loopback check compares with the machine's own name; the inventory name may be an alias (defect 20).
    const ownName = host.computerName ?? site.server;
    // A Set, not a search per name: a host may list thousands of names (and a site bind as many).
    const allowed = new Set(host.loopback.backConnectionHostNames.map(hostNameKey));
    const rejected = siteHostNames(site).filter((name) => !isOwnMachineName(name, ownName) && !allowed.has(hostNameKey(name)));
    return violations(rejected.map((hostName) => ({ messageId: "rejected" as const, data: { target, hostName, server: site.server } })));
  },
});

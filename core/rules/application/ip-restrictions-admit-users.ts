import { denialStatus, effectiveSection, ipSecurityVerdict } from "../../iis/ip-restrictions";
import { runsModule } from "../../iis/modules";
import { compliant, defineRule, notApplicable, unknown, violations, type Violation } from "../../rule";
import { applicationTarget } from "../../location";

/** The native module behind ipSecurity (role service "IP and Domain Restrictions", Web-IP-Security). */
export const IP_RESTRICTION_MODULE = "IpRestrictionModule";

type Message = "networkDenied";

export default defineRule({
  id: "ip-restrictions-admit-users",
  title: "IP and domain restrictions admit the networks the site's users come from",
  subject: "application",
  severity: "critical",
  level: "mandatory",
  substatus: "401.503",
  reads: ["site.applications.ipSecurity", "site.applications.modules", "site.clientNetworks"],
  docs: {
    checks:
      "Every network the site declares its users come from (clientNetworks: IPv4 addresses or CIDR ranges as IIS sees them, after NAT, and the name reverse DNS gives them) passes the system.webServer/security/ipSecurity section in force at each application. " +
      "Entries are processed in order and the first that matches decides; allowUnlisted (default true) decides for addresses no entry matches; domain-name entries (wildcards allowed) match only with enableReverseDns " +
      "(learn.microsoft.com/iis/configuration/system.webServer/security/ipSecurity; IPSecuritySection class, learn.microsoft.com/iis/wmi-provider/ipsecuritysection-class; IPAddressFilterElement class). " +
      "A declared section applies to its path and below until another level declares its own. IPv6 addresses, and domain entries for a network without a declared hostName, make the outcome unknown. Not applicable where IpRestrictionModule is not enabled, or no client network is declared.",
    why: "IIS refuses every request from a denied address before authentication: with denyAction Unauthorized users get 401.503 (address) or 401.504 (host name); with Forbidden (the default) 403.503/403.504, NotFound 404.50x, AbortRequest a dropped connection. The finding carries the status the denyAction gives.",
    fix: "Allow the users' network (an <add ipAddress=… subnetMask=… allowed=\"true\"/> before the Deny that matches it), or set allowUnlisted back to true; declare the network's NAT address if users reach the server through one.",
    example: `clientNetworks: [{ name: "HQ", addresses: ["10.20.0.0/16"] }], applications: [{ path: "/PM/admin", ipSecurity: { allowUnlisted: false, denyAction: "Unauthorized", entries: [{ ipAddress: "10.30.0.0", subnetMask: "255.255.0.0", allowed: true }] } }]`,
  },
  messages: {
    networkDenied:
      "IP and domain restrictions on {target} deny {scope} network '{network}' ({reason}): its users get {status} before they can log on. Allow {addresses} there (an allowed entry before the one that denies it).",
  },
  check({ site, app, ancestors }) {
    const networks = site.clientNetworks ?? [];
    if (networks.length === 0) return notApplicable("no client networks are declared for the site (clientNetworks)");
    const section = effectiveSection(ancestors, app, "ipSecurity");
    if (!section) return notApplicable("no IP and domain restrictions are in force here");
    if (runsModule(app, IP_RESTRICTION_MODULE) === false)
      return notApplicable(`${IP_RESTRICTION_MODULE} is not enabled at this path: IIS does not enforce ipSecurity`);
    const found: Violation<Message>[] = [];
    const unknowns: string[] = [];
    for (const network of networks) {
      const verdict = ipSecurityVerdict(section, network);
      if (verdict.outcome === "unknown") unknowns.push(verdict.reason);
      if (verdict.outcome !== "denied") continue;
      const status = denialStatus(section.denyAction, verdict.by === "address" ? "503" : "504");
      found.push({
        messageId: "networkDenied",
        substatus: status,
        data: {
          target: applicationTarget(site, app),
          scope: verdict.partly ? "part of" : "all of",
          network: network.name,
          reason: verdict.reason,
          status: status ? `HTTP ${status}` : "a dropped connection (denyAction AbortRequest)",
          addresses: network.addresses.join(", "),
        },
      });
    }
    if (found.length > 0) return violations(found);
    if (unknowns.length > 0) return unknown(unknowns.join("; "));
    return compliant();
  },
});

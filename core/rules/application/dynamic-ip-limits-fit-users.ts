import { denialStatus, dynamicExcesses, effectiveSection } from "../../iis/ip-restrictions";
import { runsModule } from "../../iis/modules";
import { compliant, defineRule, notApplicable, violations, type Violation } from "../../rule";
import { applicationTarget } from "../../location";

/** The native module behind dynamicIpSecurity (IIS 8+, role service "IP and Domain Restrictions"). */
export const DYNAMIC_IP_RESTRICTION_MODULE = "DynamicIpRestrictionModule";

type Message = "limitExceeded";

export default defineRule({
  id: "dynamic-ip-limits-fit-users",
  title: "Dynamic IP restrictions leave room for the users behind one address",
  subject: "application",
  severity: "high",
  level: "mandatory",
  substatus: "401.501",
  reads: ["site.applications.dynamicIpSecurity", "site.applications.modules", "site.clientNetworks"],
  docs: {
    checks:
      "For each client network the site declares, the requests one of its addresses sends stay within the dynamicIpSecurity limits in force: denyByConcurrentRequests (maxConcurrentRequests, default 5) and denyByRequestRate (maxRequests per requestIntervalInMilliseconds, default 20 per 200 ms) " +
      "(learn.microsoft.com/iis/configuration/system.webServer/security/dynamicIpSecurity, …/denyByConcurrentRequests, …/denyByRequestRate). " +
      "With NAT many users share one address (usersPerAddress); unless the network declares its peaks, each user is counted as one request in flight and one request per second — a lower bound, so a finding is certain and silence is not a guarantee. " +
      "Not applicable in logging-only mode (enableLoggingOnlyMode), where IpRestrictionModule's dynamic part (DynamicIpRestrictionModule) is not enabled, or where no client network is declared.",
    why: "Once an address exceeds a limit, IIS denies its requests for a while: with denyAction Unauthorized users get 401.501 (concurrent requests) or 401.502 (request rate); Forbidden (the default) gives 403.501/403.502. An office behind one NAT address trips the limits at the start of the working day and every user there is locked out at once.",
    fix: "Raise the limits above what the busiest address sends, or exempt the office's address with an allowed ipSecurity entry; behind a proxy that adds X-Forwarded-For, enable enableProxyMode so each user is counted on their own.",
    example: `clientNetworks: [{ name: "Branch office", addresses: ["203.0.113.7"], usersPerAddress: 40 }], applications: [{ path: "/", dynamicIpSecurity: { denyAction: "Unauthorized", maxConcurrentRequests: 5 } }]`,
  },
  messages: {
    limitExceeded:
      "Dynamic IP restrictions on {target} allow {allowed} {what} per address, and network '{network}' sends {demand} from one address ({basis}): its users get {status}. Raise the limit above {demand} or exempt {addresses}.",
  },
  check({ site, app, ancestors }) {
    const networks = site.clientNetworks ?? [];
    if (networks.length === 0) return notApplicable("no client networks are declared for the site (clientNetworks)");
    const section = effectiveSection(ancestors, app, "dynamicIpSecurity");
    if (!section || (section.maxConcurrentRequests === undefined && section.requestRate === undefined))
      return notApplicable("no dynamic IP limit is enabled here");
    if (section.loggingOnly) return notApplicable("dynamic IP restrictions only log here (enableLoggingOnlyMode)");
    if (runsModule(app, DYNAMIC_IP_RESTRICTION_MODULE) === false)
      return notApplicable(`${DYNAMIC_IP_RESTRICTION_MODULE} is not enabled at this path: IIS does not enforce dynamicIpSecurity`);
    const found: Violation<Message>[] = [];
    for (const network of networks) {
      for (const excess of dynamicExcesses(section, network)) {
        const status = denialStatus(section.denyAction, excess.limit === "concurrent" ? "501" : "502");
        found.push({
          messageId: "limitExceeded",
          substatus: status,
          data: {
            target: applicationTarget(site, app),
            allowed: excess.allowed,
            what: excess.limit === "concurrent" ? "concurrent requests" : `requests per ${section.requestRate!.intervalMs} ms`,
            network: network.name,
            demand: excess.demand,
            basis: excess.basis,
            status: status ? `HTTP ${status}` : "a dropped connection (denyAction AbortRequest)",
            addresses: network.addresses.join(", "),
          },
        });
      }
    }
    return found.length > 0 ? violations(found) : compliant();
  },
});

import type { ClientName } from "../../iis/host-names";
import { bypassMatcher } from "../../iis/proxy-bypass";
import type { Site } from "../../model";
import { defineRule, notApplicable, unknown, violations } from "../../rule";
import { applicationTarget, hostTarget, siteTarget } from "../../location";

/**
 * A server's WinINet proxy settings apply to requests made on that server only (securelink.be,
 * "Windows proxy settings explained": WinINet applications take over the settings configured on
 * the machine). The requests of users' browsers follow their own machines' settings. So a host is
 * judged only on the names of its own Windows-auth applications that it requests itself: the
 * evaluation hands each host those names (HostSubject.localNames, built once per evaluation).
 */
function locallyRequestedApps(site: Site): string[] {
  return site.applications.filter((a) => a.localClients && a.authentication.includes("windows")).map((a) => applicationTarget(site, a));
}

/**
 * One violation per host and site, not per name: a site may bind thousands of names, and a finding
 * per host × name grew with the product of two hosts' answers (ten hosts with no bypass and ten
 * sites of 20,000 names made two million findings).
 */
function bySite(names: readonly ClientName[]): Map<Site, string[]> {
  const sites = new Map<Site, string[]>();
  for (const { hostName, site } of names) {
    let list = sites.get(site);
    if (!list) sites.set(site, (list = []));
    list.push(hostName);
  }
  return sites;
}

/** The names as the message shows them: all of a few, the first three of many and how many more. */
const SHOWN = 3;
function listed(names: string[]): string {
  if (names.length <= SHOWN + 1) return names.join("', '");
  return `${names.slice(0, SHOWN).join("', '")}' and ${(names.length - SHOWN).toLocaleString("en-US")} more names like '${names[0]}`;
}

export default defineRule({
  id: "proxy-bypass-intranet-sites",
  title: "A server's proxy is bypassed for the Windows-auth sites it requests itself",
  subject: "host",
  severity: "high",
  level: "mandatory",
  substatus: "401",
  reads: ["host.proxy"],
  docs: {
    checks:
      "On a host with a WinINet proxy enabled, every host name of its own Windows-auth applications that the server requests itself (localClients) matches the proxy bypass list. `<local>` only covers names without a dot. " +
      "The host's proxy settings govern only requests made on that host, so sites no local client calls are not judged. With automatic configuration (a PAC URL or WPAD auto-detection) a script decides, which iisguard does not evaluate: the outcome is unknown.",
    why: "A name that goes through the proxy lands in the Internet zone, where WinINet clients do not log on automatically, and NTLM does not survive most HTTP proxies: the local client gets a credential prompt, then 401.",
    fix: "Add the site's host names (or a pattern such as *.corp.example.com) to the proxy bypass list (ProxyOverride), or return DIRECT for them in the PAC script.",
    example: `proxy: { enabled: true, server: "proxy:8080", bypassLocal: true }  // pm.corp.example.com is dotted: not covered; /PM/admin has localClients: true`,
  },
  messages: {
    proxied:
      "{target} sends its own requests for '{hostName}' ({apps}: Windows authentication) through proxy {proxy}: the local client gets a credential prompt, then 401. Add '{hostName}' or a matching pattern to the bypass list.",
  },
  check({ host, localNames: local }) {
    const proxy = host.proxy;
    const automatic = proxy?.automatic && (proxy.automatic.autoConfigUrl || proxy.automatic.autoDetect) ? proxy.automatic : undefined;
    if (!proxy || (!proxy.enabled && !automatic)) return notApplicable("no proxy is enabled");
    if (local.length === 0)
      return notApplicable(
        "the server requests none of its Windows-auth applications itself (localClients), and its proxy affects only its own requests",
      );
    if (automatic) {
      // WinINet tries WPAD, then the PAC URL, and uses the fixed proxy only when both fail ("Understanding
      // Web Proxy Configuration", learn.microsoft.com/archive/blogs/ieinternals): the fixed settings decide nothing here.
      const how = [automatic.autoConfigUrl ? `PAC ${automatic.autoConfigUrl}` : "", automatic.autoDetect ? "WPAD auto-detection" : ""]
        .filter(Boolean)
        .join(" and ");
      return unknown(
        `${hostTarget(host)} uses automatic proxy configuration (${how}): a PAC/WPAD script decides whether ${local.map((n) => `'${n.hostName}'`).join(", ")} go through a proxy; iisguard does not evaluate it`,
      );
    }
    const bypassed = bypassMatcher(proxy); // the bypass list prepared once for all names
    return violations(
      [...bySite(local.filter((n) => bypassed(n.hostName) === undefined))].map(([site, names]) => ({
        messageId: "proxied" as const,
        data: {
          target: hostTarget(host),
          hostName: listed(names),
          site: siteTarget(site),
          apps: locallyRequestedApps(site).join(", "),
          proxy: proxy.server ?? "(unnamed)",
        },
      })),
    );
  },
});

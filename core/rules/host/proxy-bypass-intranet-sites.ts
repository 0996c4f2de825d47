import type { ClientName } from "../../iis/host-names";
import { bypassingPattern } from "../../iis/proxy-bypass";
import type { Site } from "../../model";
import { defineRule, notApplicable, unknown, violations } from "../../rule";
import { applicationTarget, hostTarget, siteTarget } from "../../targets";

/**
 * A server's WinINet proxy settings apply to requests made on that server only (securelink.be,
 * "Windows proxy settings explained": WinINet applications take over the settings configured on
 * the machine). The requests of users' browsers follow their own machines' settings. So a host is
 * judged only on the names of its own Windows-auth applications that it requests itself.
 */
function locallyRequestedApps(site: Site): string[] {
  return site.applications.filter((a) => a.localClients && a.authentication.includes("windows")).map((a) => applicationTarget(site, a));
}

/**
 * The fleet's Windows-auth client names grouped by the server that requests them itself, computed
 * once per evaluation (checking every host against every site of the fleet made a 5,000-host scan
 * quadratic). Keyed by the evaluation's own name list, so nothing outlives the evaluation.
 */
const localNamesPerEvaluation = new WeakMap<readonly ClientName[], Map<string, ClientName[]>>();

function localNamesOf(server: string, names: readonly ClientName[]): ClientName[] {
  let byServer = localNamesPerEvaluation.get(names);
  if (!byServer) {
    byServer = new Map();
    for (const name of names) {
      if (locallyRequestedApps(name.site).length === 0) continue;
      const key = name.site.server.toLowerCase();
      byServer.set(key, [...(byServer.get(key) ?? []), name]);
    }
    localNamesPerEvaluation.set(names, byServer);
  }
  return byServer.get(server.toLowerCase()) ?? [];
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
  check({ host, intranetNames }) {
    const proxy = host.proxy;
    const automatic = proxy?.automatic && (proxy.automatic.autoConfigUrl || proxy.automatic.autoDetect) ? proxy.automatic : undefined;
    if (!proxy || (!proxy.enabled && !automatic)) return notApplicable("no proxy is enabled");
    const local = localNamesOf(host.server, intranetNames);
    if (local.length === 0) return notApplicable("the server requests none of its Windows-auth applications itself (localClients), and its proxy affects only its own requests");
    if (automatic) {
      // WinINet tries WPAD, then the PAC URL, and uses the fixed proxy only when both fail ("Understanding
      // Web Proxy Configuration", learn.microsoft.com/archive/blogs/ieinternals): the fixed settings decide nothing here.
      const how = [automatic.autoConfigUrl ? `PAC ${automatic.autoConfigUrl}` : "", automatic.autoDetect ? "WPAD auto-detection" : ""].filter(Boolean).join(" and ");
      return unknown(`${hostTarget(host)} uses automatic proxy configuration (${how}): a PAC/WPAD script decides whether ${local.map((n) => `'${n.hostName}'`).join(", ")} go through a proxy; iisguard does not evaluate it`);
    }
    return violations(
      local
        .filter((n) => bypassingPattern(proxy, n.hostName) === undefined)
        .map(({ hostName, site }) => ({
          messageId: "proxied" as const,
          data: { target: hostTarget(host), hostName, site: siteTarget(site), apps: locallyRequestedApps(site).join(", "), proxy: proxy.server ?? "(unnamed)" },
        })),
    );
  },
});

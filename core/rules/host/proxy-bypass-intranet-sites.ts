import type { ClientName } from "../../iis/host-names";
import { bypassMatcher } from "../../iis/proxy-bypass";
import type { ProxySettings, Site } from "../../model";
import { defineRule, notApplicable, violations } from "../../rule";
import { hostTarget, siteTarget } from "../../targets";

/**
 * The names a bypass configuration sends through the proxy, computed once per configuration and
 * evaluation: hosts share their proxy settings (one GPO), and checking every host against every
 * site of the fleet made a 5,000-host scan quadratic. Keyed by the evaluation's own name list, so
 * nothing outlives the evaluation.
 */
const proxiedPerEvaluation = new WeakMap<readonly ClientName[], Map<string, readonly ClientName[]>>();

function namesThroughProxy(proxy: ProxySettings, names: readonly ClientName[]): readonly ClientName[] {
  let byBypass = proxiedPerEvaluation.get(names);
  if (!byBypass) proxiedPerEvaluation.set(names, (byBypass = new Map()));
  const key = JSON.stringify([proxy.bypassLocal, proxy.bypassList]);
  let proxied = byBypass.get(key);
  if (!proxied) {
    // One decision per distinct name (case-folded, as WinINet compares): a fleet repeats names.
    const bypassed = bypassMatcher(proxy);
    const decided = new Map<string, boolean>();
    const through = (hostName: string) => {
      const k = hostName.toLowerCase();
      let d = decided.get(k);
      if (d === undefined) decided.set(k, (d = bypassed(hostName) === undefined));
      return d;
    };
    byBypass.set(key, (proxied = names.filter((n) => through(n.hostName))));
  }
  return proxied;
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
  title: "A host's proxy is bypassed for Windows-auth sites",
  subject: "host",
  severity: "high",
  level: "mandatory",
  substatus: "401",
  reads: ["host.proxy"],
  docs: {
    checks: "On a host with a proxy enabled, every host name of every Windows-auth site in the fleet matches the proxy bypass list. `<local>` only covers names without a dot.",
    why: "A name that goes through the proxy lands in the Internet zone, where browsers do not log on automatically, and NTLM does not survive HTTP proxies: users get credential prompts that never succeed, then 401.",
    fix: "Add the site's host names (or a pattern such as *.corp.example.com) to the proxy bypass list (ProxyOverride).",
    example: `proxy: { enabled: true, server: "proxy:8080", bypassLocal: true }  // pm.corp.example.com is dotted: not covered`,
  },
  messages: {
    proxied: "{target} sends requests for '{hostName}' ({site}, Windows authentication) through proxy {proxy}: users get endless prompts and 401. Add '{hostName}' or a matching pattern to the bypass list.",
  },
  check({ host, intranetNames }) {
    const proxy = host.proxy;
    if (!proxy?.enabled) return notApplicable("no proxy is enabled");
    return violations(
      [...bySite(namesThroughProxy(proxy, intranetNames))].map(([site, names]) => ({
        messageId: "proxied" as const,
        data: { target: hostTarget(host), hostName: listed(names), site: siteTarget(site), proxy: proxy.server ?? "(unnamed)" },
      })),
    );
  },
});

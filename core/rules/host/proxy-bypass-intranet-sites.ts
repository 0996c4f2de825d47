import { clientHostNames } from "../../iis/host-names";
import { bypassingPattern } from "../../iis/proxy-bypass";
import { usesWindowsAuth } from "../../model";
import { defineRule, notApplicable, violations } from "../../rule";
import { hostTarget, siteTarget } from "../../targets";

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
  check({ host, fleet }) {
    const proxy = host.proxy;
    if (!proxy?.enabled) return notApplicable("no proxy is enabled");
    const found = fleet.sites.filter(usesWindowsAuth).flatMap((site) =>
      clientHostNames(site)
        .filter((hostName) => bypassingPattern(proxy, hostName) === undefined)
        .map((hostName) => ({
          messageId: "proxied" as const,
          data: { target: hostTarget(host), hostName, site: siteTarget(site), proxy: proxy.server ?? "(unnamed)" },
        })),
    );
    return violations(found);
  },
});

import rule from "../../../../core/rules/host/proxy-bypass-intranet-sites";
import { testRule } from "../../../helpers/rule-tester";

testRule(rule, {
  valid: [
    { name: "wildcard bypass for the intranet domain" },
    { name: "exact name in the list, any case", change: (f) => void (f.hosts[0].proxy!.bypassList = ["PM.corp.example.com"]) },
    { name: "<local> covers a dotless name", change: (f) => { f.hosts[0].proxy!.bypassList = []; f.sites[0].bindings = [{ protocol: "http", port: 80, hostName: "passwords" }]; } },
    { name: "<local> written in the list", change: (f) => { f.hosts[0].proxy = { enabled: true, bypassLocal: false, bypassList: ["<local>"] }; f.sites[0].bindings = [{ protocol: "http", port: 80, hostName: "pm" }]; } },
  ],
  invalid: [
    {
      name: "<local> does not cover a dotted name",
      change: (f) => void (f.hosts[0].proxy!.bypassList = []),
      errors: [{ messageId: "proxied", data: { target: "web01", hostName: "pm.corp.example.com", site: "web01/Default Web Site", proxy: "proxy.corp.example.com:8080" } }],
    },
    {
      name: "a pattern for another domain",
      change: (f) => void (f.hosts[0].proxy!.bypassList = ["*.other.example.com", "10.*"]),
      errors: [{ messageId: "proxied", data: { hostName: "pm.corp.example.com" } }],
    },
    {
      name: "hosts with different bypass lists in one fleet are judged each on its own list",
      change: (f) => {
        const web01 = f.hosts[0];
        f.hosts.push({ ...web01, server: "web02", proxy: { ...web01.proxy!, bypassList: [] } }, { ...web01, server: "web03" }, { ...web01, server: "web04", proxy: { ...web01.proxy!, bypassList: ["*.other.example.com"] } });
      },
      errors: [
        { messageId: "proxied", data: { target: "web02", hostName: "pm.corp.example.com" } },
        { messageId: "proxied", data: { target: "web04", hostName: "pm.corp.example.com" } },
      ],
    },
    {
      // Issue 10: a finding per host × name made ten hosts without a bypass and ten sites of 20,000
      // names two million findings; one per host and site names the first and counts the rest.
      name: "a site of 20,000 names through the proxy is one violation naming three and counting the rest",
      change: (f) => {
        f.hosts[0].proxy!.bypassList = [];
        f.sites[0].bindings = Array.from({ length: 20_000 }, (_, i) => ({ protocol: "https" as const, port: 443, hostName: `h${i}.corp.example.com` }));
      },
      errors: [{ messageId: "proxied", data: { target: "web01", hostName: "h0.corp.example.com', 'h1.corp.example.com', 'h2.corp.example.com' and 19,997 more names like 'h0.corp.example.com", site: "web01/Default Web Site" } }],
    },
    {
      name: "no host name bound: users use the server name",
      change: (f) => { f.sites[0].server = "web01.corp.example.com"; f.sites[0].bindings = [{ protocol: "http", port: 80 }]; f.hosts[0].proxy!.bypassList = []; },
      errors: [{ messageId: "proxied", data: { hostName: "web01.corp.example.com" } }],
    },
  ],
  notApplicable: [
    { name: "proxy disabled", change: (f) => void (f.hosts[0].proxy!.enabled = false), reason: /no proxy/ },
    { name: "no proxy declared", change: (f) => void delete f.hosts[0].proxy, reason: /no proxy/ },
  ],
  unknown: [{ name: "proxy settings unknown", change: (f) => void f.hosts[0].unknown.push("proxy"), reason: /host\.proxy/ }],
});

import { evaluateRule } from "../../../../core/engine";
import type { Fleet } from "../../../../core/model";
import rule from "../../../../core/rules/host/proxy-bypass-intranet-sites";
import { appAt, baselineFleet } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

/** Another server hosting a copy of web01's site, with its own proxy bypass list. */
function serverWithSite(f: Fleet, server: string, bypassList: string[]): void {
  const web01 = f.hosts[0];
  f.hosts.push({ ...web01, server, proxy: { ...web01.proxy!, bypassList } });
  f.sites.push({ ...f.sites[0], server, resource: `urn:site:${server}` });
}
const PAC = { autoConfigUrl: "http://wpad.corp/proxy.pac" };

testRule(rule, {
  valid: [
    { name: "wildcard bypass for the intranet domain" },
    { name: "exact name in the list, any case", change: (f) => void (f.hosts[0].proxy!.bypassList = ["PM.corp.example.com"]) },
    {
      name: "<local> covers a dotless name",
      change: (f) => {
        f.hosts[0].proxy!.bypassList = [];
        f.sites[0].bindings = [{ protocol: "http", port: 80, hostName: "passwords" }];
      },
    },
    {
      name: "<local> written in the list",
      change: (f) => {
        f.hosts[0].proxy = { enabled: true, bypassLocal: false, bypassList: ["<local>"] };
        f.sites[0].bindings = [{ protocol: "http", port: 80, hostName: "pm" }];
      },
    },
    {
      name: "defect 17: a host's proxy is not judged on another server's sites (its users browse from their own machines)",
      change: (f) => void f.hosts.push({ ...f.hosts[0], server: "web02", proxy: { ...f.hosts[0].proxy!, bypassList: [] } }),
    },
  ],
  invalid: [
    {
      name: "<local> does not cover a dotted name",
      change: (f) => void (f.hosts[0].proxy!.bypassList = []),
      errors: [
        {
          messageId: "proxied",
          data: {
            target: "web01",
            hostName: "pm.corp.example.com",
            site: "web01/Default Web Site",
            apps: "web01/Default Web Site/PM/admin",
            proxy: "proxy.corp.example.com:8080",
          },
        },
      ],
    },
    {
      name: "a pattern for another domain",
      change: (f) => void (f.hosts[0].proxy!.bypassList = ["*.other.example.com", "10.*"]),
      errors: [{ messageId: "proxied", data: { hostName: "pm.corp.example.com" } }],
    },
    {
      name: "hosts with different bypass lists in one fleet are judged each on its own list",
      change: (f) => {
        serverWithSite(f, "web02", []);
        serverWithSite(f, "web03", ["*.corp.example.com"]);
        serverWithSite(f, "web04", ["*.other.example.com"]);
      },
      errors: [
        { messageId: "proxied", data: { target: "web02", hostName: "pm.corp.example.com", site: "web02/Default Web Site" } },
        { messageId: "proxied", data: { target: "web04", hostName: "pm.corp.example.com", site: "web04/Default Web Site" } },
      ],
    },
    {
      // Issue 10: a finding per host × name made ten hosts without a bypass and ten sites of 20,000
      // names two million findings; one per host and site names the first and counts the rest.
      name: "a site of 20,000 names through the proxy is one violation naming three and counting the rest",
      change: (f) => {
        f.hosts[0].proxy!.bypassList = [];
        f.sites[0].bindings = Array.from({ length: 20_000 }, (_, i) => ({
          protocol: "https" as const,
          port: 443,
          hostName: `h${i}.corp.example.com`,
        }));
      },
      errors: [
        {
          messageId: "proxied",
          data: {
            target: "web01",
            hostName: "h0.corp.example.com', 'h1.corp.example.com', 'h2.corp.example.com' and 19,997 more names like 'h0.corp.example.com",
            site: "web01/Default Web Site",
          },
        },
      ],
    },
    {
      name: "no host name bound: the server requests itself by its own name",
      change: (f) => {
        f.sites[0].server = f.hosts[0].server = "web01.corp.example.com";
        f.sites[0].bindings = [{ protocol: "http", port: 80 }];
        f.hosts[0].proxy!.bypassList = [];
      },
      errors: [{ messageId: "proxied", data: { hostName: "web01.corp.example.com" } }],
    },
  ],
  notApplicable: [
    { name: "proxy disabled", change: (f) => void (f.hosts[0].proxy!.enabled = false), reason: /no proxy/ },
    { name: "no proxy declared", change: (f) => void delete f.hosts[0].proxy, reason: /no proxy/ },
    {
      name: "defect 17: no application is requested by the server itself (localClients false everywhere)",
      change: (f) => {
        f.hosts[0].proxy!.bypassList = [];
        f.hosts[0].proxy!.bypassLocal = true;
        appAt(f, "/PM/admin").localClients = false;
      },
      reason: /requests none of its Windows-auth applications itself \(localClients\)/,
    },
    {
      name: "defect 17: the locally requested application is anonymous, so no Windows logon is at stake",
      change: (f) => {
        f.hosts[0].proxy!.bypassList = [];
        appAt(f, "/PM/admin").localClients = false;
        appAt(f, "/PM/selfservice").localClients = true;
      },
      reason: /requests none of its Windows-auth applications itself/,
    },
    {
      name: "defect 16: automatic configuration on a host no local client uses",
      change: (f) => {
        f.hosts[0].proxy = { enabled: false, bypassLocal: false, bypassList: [], automatic: PAC };
        appAt(f, "/PM/admin").localClients = false;
      },
      reason: /requests none of its Windows-auth applications itself/,
    },
  ],
  unknown: [
    { name: "proxy settings unknown", change: (f) => void f.hosts[0].unknown.push("proxy"), reason: /host\.proxy/ },
    {
      name: "defect 16: a PAC URL with ProxyEnable=0 is unknown, not 'no proxy is enabled'",
      change: (f) => void (f.hosts[0].proxy = { enabled: false, bypassLocal: false, bypassList: [], automatic: PAC }),
      reason:
        /automatic proxy configuration \(PAC http:\/\/wpad\.corp\/proxy\.pac\): a PAC\/WPAD script decides whether 'pm\.corp\.example\.com' go through a proxy; iisguard does not evaluate it/,
    },
    {
      name: "defect 16: WPAD auto-detection beside a fixed proxy is unknown, even where the fixed list would bypass",
      change: (f) => void (f.hosts[0].proxy!.automatic = { autoDetect: true }),
      reason: /\(WPAD auto-detection\): a PAC\/WPAD script decides/,
    },
  ],
});

test("defect 17: the finding says the local client gets a credential prompt, then 401 (not endless prompts for every user)", () => {
  const fleet = baselineFleet();
  fleet.hosts[0].proxy!.bypassList = [];
  const [finding] = evaluateRule(rule, fleet);
  expect(finding.message).toBe(
    "web01 sends its own requests for 'pm.corp.example.com' (web01/Default Web Site/PM/admin: Windows authentication) through proxy proxy.corp.example.com:8080: the local client gets a credential prompt, then 401. Add 'pm.corp.example.com' or a matching pattern to the bypass list.",
  );
});

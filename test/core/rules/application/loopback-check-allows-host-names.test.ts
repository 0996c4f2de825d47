import rule from "../../../../core/rules/application/loopback-check-allows-host-names";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const admin = "web01/Default Web Site/PM/admin";

testRule(rule, {
  valid: [
    { name: "host name listed in BackConnectionHostNames" },
    { name: "listed in another case", change: (f) => void (f.hosts[0].loopback.backConnectionHostNames = ["PM.CORP.EXAMPLE.COM"]) },
    {
      name: "DisableLoopbackCheck covers every name",
      change: (f) => void (f.hosts[0].loopback = { disableLoopbackCheck: true, backConnectionHostNames: [] }),
    },
    {
      name: "bound to the machine's short name",
      change: (f) => {
        f.hosts[0].loopback.backConnectionHostNames = [];
        f.sites[0].bindings = [{ protocol: "http", port: 80, hostName: "web01" }];
      },
    },
    {
      name: "defect 20: bound to the computer name the host reports, though the inventory calls it by an alias",
      change: (f) => {
        f.sites[0].server = f.hosts[0].server = "pm-web-01";
        f.hosts[0].computerName = "WEB01";
        f.hosts[0].loopback.backConnectionHostNames = [];
        f.sites[0].bindings = [{ protocol: "http", port: 80, hostName: "web01" }];
      },
    },
    {
      name: "bound to localhost",
      change: (f) => {
        f.hosts[0].loopback.backConnectionHostNames = [];
        f.sites[0].bindings = [{ protocol: "http", port: 80, hostName: "localhost" }];
      },
    },
  ],
  invalid: [
    {
      name: "no names listed (Windows default)",
      change: (f) => void (f.hosts[0].loopback.backConnectionHostNames = []),
      errors: [{ messageId: "rejected", data: { target: admin, hostName: "pm.corp.example.com", server: "web01" } }],
    },
    {
      name: "the machine's own FQDN is rejected too",
      change: (f) => void f.sites[0].bindings.push({ protocol: "https", port: 443, hostName: "web01.corp.example.com" }),
      errors: [{ messageId: "rejected", data: { hostName: "web01.corp.example.com" } }],
    },
    {
      name: "one alias of two missing",
      change: (f) => void f.sites[0].bindings.push({ protocol: "https", port: 443, hostName: "passwords" }),
      errors: [{ messageId: "rejected", data: { hostName: "passwords" } }],
    },
    {
      name: "defect 20: an inventory alias is not the machine's own name (pm-web-01 on WEB01)",
      change: (f) => {
        f.sites[0].server = f.hosts[0].server = "pm-web-01";
        f.hosts[0].computerName = "WEB01";
        f.hosts[0].loopback.backConnectionHostNames = [];
        f.sites[0].bindings = [{ protocol: "http", port: 80, hostName: "pm-web-01" }];
      },
      errors: [
        { messageId: "rejected", data: { target: "pm-web-01/Default Web Site/PM/admin", hostName: "pm-web-01", server: "pm-web-01" } },
      ],
    },
  ],
  notApplicable: [
    { name: "not requested locally", change: (f) => void (appAt(f, "/PM/admin").localClients = false), reason: /does not request/ },
  ],
  unknown: [
    { name: "no Host declared for the server", change: (f) => void (f.hosts = []), reason: /no Host is declared for server 'web01'/ },
    {
      name: "defect 20: the machine's own name could not be read",
      change: (f) => void f.hosts[0].unknown.push("computerName"),
      reason: /host\.computerName/,
    },
    {
      name: "loopback settings unknown",
      change: (f) => void f.hosts[0].unknown.push("loopback.backConnectionHostNames"),
      reason: /host\.loopback/,
    },
  ],
});

import rule from "../../../../core/rules/vm/vm-domain-join-extension";
import { testRule } from "../../../helpers/rule-tester";

testRule(rule, {
  valid: [
    { name: "joined to the declared domain" },
    { name: "domain compared case-insensitively", change: (f) => void (f.vms[0].extensions[0].domain = "CORP.EXAMPLE.COM") },
  ],
  invalid: [
    {
      name: "no join extension",
      change: (f) => void f.vms[0].extensions.shift(),
      errors: [{ messageId: "missing", data: { target: "web01", site: "web01/Default Web Site" } }],
    },
    {
      name: "joined to another domain",
      change: (f) => void (f.vms[0].extensions[0].domain = "lab.example.com"),
      errors: [{ messageId: "mismatch", data: { joined: "lab.example.com", declared: "corp.example.com" } }],
    },
  ],
  notApplicable: [
    {
      name: "no Windows-auth site",
      change: (f) => f.sites[0].applications.forEach((a) => (a.authentication = ["anonymous"])),
      reason: /no Windows-auth site/,
    },
    {
      name: "site on another VM",
      change: (f) => {
        f.sites[0].vm = "urn:other";
        f.hosts = [];
      },
      reason: /no Windows-auth site/,
    },
  ],
  unknown: [{ name: "extensions unknown", change: (f) => void f.vms[0].unknown.push("extensions"), reason: /vm\.extensions/ }],
});

import rule from "../../../../core/rules/site/windows-auth-requires-domain";
import { testRule } from "../../../helpers/rule-tester";

testRule(rule, {
  valid: [
    { name: "host declares its domain" },
    { name: "no Host.domain but the VM has the AD join extension", change: (f) => void delete f.hosts[0].domain },
    { name: "no Host at all, VM joined", change: (f) => void (f.hosts = []) },
  ],
  invalid: [
    {
      name: "no domain and no join extension",
      change: (f) => { delete f.hosts[0].domain; f.vms[0].extensions = f.vms[0].extensions.filter((e) => e.type !== "JsonADDomainExtension"); },
      errors: [{ messageId: "notJoined", data: { target: "web01/Default Web Site", server: "web01" } }],
    },
    {
      name: "no Host and no VM",
      change: (f) => { f.hosts = []; f.vms = []; },
      errors: [{ messageId: "notJoined", data: { server: "web01" } }],
    },
  ],
  notApplicable: [{ name: "anonymous only", change: (f) => f.sites[0].applications.forEach((a) => (a.authentication = ["anonymous"])), reason: /no application uses Windows/ }],
  unknown: [{ name: "domain unknown at preview", change: (f) => void f.hosts[0].unknown.push("domain"), reason: /host\.domain/ }],
});

// Expectations: Windows authentication with domain accounts, and Digest, which "uses a Windows domain
// controller to authenticate users" (learn.microsoft.com/iis/wmi-provider/digestauthenticationsection-class),
// need the server in the users' domain; outside it every logon fails with 401.1 (KB943891 substatus table).
import rule from "../../../../core/rules/site/windows-auth-requires-domain";
import type { Fleet } from "../../../../core/model";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const offDomain = (f: Fleet) => {
  delete f.hosts[0].domain;
  f.vms[0].extensions = f.vms[0].extensions.filter((e) => e.type !== "JsonADDomainExtension");
};

testRule(rule, {
  valid: [
    { name: "host declares its domain" },
    { name: "no Host.domain but the VM has the AD join extension", change: (f) => void delete f.hosts[0].domain },
    { name: "no Host at all, VM joined", change: (f) => void (f.hosts = []) },
    { name: "Digest on a joined host", change: (f) => void (appAt(f, "/PM/helpdesk").authentication = ["digest"]) },
  ],
  invalid: [
    {
      name: "no domain and no join extension",
      change: offDomain,
      errors: [{ messageId: "notJoined", data: { target: "web01/Default Web Site", server: "web01", methods: "Windows" } }],
    },
    {
      name: "no Host and no VM",
      change: (f) => {
        f.hosts = [];
        f.vms = [];
      },
      errors: [{ messageId: "notJoined", data: { server: "web01" } }],
    },
    {
      name: "Digest authentication off-domain gives 401.1 (a domain controller validates Digest logons)",
      change: (f) => {
        offDomain(f);
        f.sites[0].applications.forEach((a) => (a.authentication = a.authentication.includes("windows") ? ["digest"] : a.authentication));
      },
      errors: [{ messageId: "notJoined", data: { methods: "Digest" } }],
    },
    {
      name: "Windows and Digest off-domain are named together",
      change: (f) => {
        offDomain(f);
        appAt(f, "/PM/helpdesk").authentication = ["digest"];
      },
      errors: [{ messageId: "notJoined", data: { methods: "Windows and Digest" } }],
    },
  ],
  notApplicable: [
    {
      name: "anonymous only",
      change: (f) => f.sites[0].applications.forEach((a) => (a.authentication = ["anonymous"])),
      reason: /no application uses Windows or Digest/,
    },
    {
      name: "Basic off-domain logs on local accounts: not this rule's",
      change: (f) => {
        offDomain(f);
        f.sites[0].applications.forEach((a) => (a.authentication = ["basic"]));
      },
      reason: /no application uses/,
    },
  ],
  unknown: [{ name: "domain unknown at preview", change: (f) => void f.hosts[0].unknown.push("domain"), reason: /host\.domain/ }],
});

import rule from "../../../../core/rules/application/auth-method-required";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

testRule(rule, {
  valid: [
    { name: "the baseline portals" },
    { name: "basic only", change: (f) => void (appAt(f, "/PM/admin").authentication = ["basic"]) },
    { name: "client certificates only", change: (f) => void (appAt(f, "/PM/admin").authentication = ["clientCertificate"]) },
  ],
  invalid: [
    {
      name: "admin with nothing enabled",
      change: (f) => void (appAt(f, "/PM/admin").authentication = []),
      errors: [{ messageId: "none", data: { target: "web01/Default Web Site/PM/admin" } }],
    },
    {
      name: "site root with nothing enabled",
      change: (f) => void (appAt(f, "/").authentication = []),
      errors: [{ messageId: "none", data: { target: "web01/Default Web Site/" } }],
    },
  ],
  unknown: [
    { name: "authentication unknown at preview", change: (f) => void f.sites[0].unknown.push("applications.authentication"), reason: /applications\.authentication/ },
    { name: "the whole applications list unknown", change: (f) => void f.sites[0].unknown.push("applications"), reason: /site\.applications/ },
  ],
});

import rule from "../../../../core/rules/application/single-auth-method";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const target = "web01/Default Web Site/PM/helpdesk";

testRule(rule, {
  valid: [
    { name: "the baseline portals" },
    { name: "anonymous only", change: (f) => void (appAt(f, "/PM/helpdesk").authentication = ["anonymous"]) },
    { name: "nothing enabled is another rule's finding", change: (f) => void (appAt(f, "/PM/helpdesk").authentication = []) },
  ],
  invalid: [
    {
      name: "anonymous next to windows (the KB's helpdesk)",
      change: (f) => void (appAt(f, "/PM/helpdesk").authentication = ["anonymous", "windows"]),
      errors: [{ messageId: "several", data: { target, count: 2, methods: "anonymous, windows", keep: "windows" } }],
    },
    {
      name: "basic and windows",
      change: (f) => void (appAt(f, "/PM/helpdesk").authentication = ["basic", "windows"]),
      errors: [{ messageId: "several", data: { count: 2, keep: "windows" } }],
    },
    {
      name: "anonymous and basic and digest",
      change: (f) => void (appAt(f, "/PM/helpdesk").authentication = ["anonymous", "basic", "digest"]),
      errors: [{ messageId: "several", data: { count: 3, keep: "basic" } }],
    },
  ],
  unknown: [{ name: "authentication unknown", change: (f) => void f.sites[0].unknown.push("applications.authentication"), reason: /not known/ }],
});

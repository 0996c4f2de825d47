import rule from "../../../../core/rules/application/basic-auth-requires-tls";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const basic = (f: Parameters<typeof appAt>[0]) => (appAt(f, "/PM/admin").authentication = ["basic"]);

testRule(rule, {
  valid: [
    {
      name: "basic with requireSsl",
      change: (f) => {
        basic(f);
        appAt(f, "/PM/admin").requireSsl = true;
      },
    },
    {
      name: "basic on an https-only site",
      change: (f) => {
        basic(f);
        f.sites[0].bindings = [{ protocol: "https", port: 443 }];
      },
    },
  ],
  invalid: [
    {
      name: "basic over plain http",
      change: basic,
      errors: [{ messageId: "cleartext", data: { target: "web01/Default Web Site/PM/admin", port: 80 } }],
    },
    {
      name: "basic over http on a custom port",
      change: (f) => {
        basic(f);
        f.sites[0].bindings = [{ protocol: "http", port: 8080 }];
      },
      errors: [{ messageId: "cleartext", data: { port: 8080 } }],
    },
  ],
  notApplicable: [{ name: "no basic anywhere (baseline)", reason: /Basic authentication is not enabled/ }],
  unknown: [
    {
      name: "bindings unknown",
      change: (f) => {
        basic(f);
        f.sites[0].unknown.push("bindings");
      },
      reason: /site\.bindings/,
    },
  ],
});

import rule from "../../../../core/rules/application/windows-auth-providers";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const target = "web01/Default Web Site/PM/admin";

testRule(rule, {
  valid: [
    { name: "IIS default providers (not declared)" },
    { name: "Negotiate, NTLM", change: (f) => void (appAt(f, "/PM/admin").windowsProviders = ["Negotiate", "NTLM"]) },
    { name: "Kerberos only, any case", change: (f) => void (appAt(f, "/PM/admin").windowsProviders = ["negotiate:kerberos"]) },
  ],
  invalid: [
    {
      name: "empty provider list",
      change: (f) => void (appAt(f, "/PM/admin").windowsProviders = []),
      errors: [{ messageId: "noProviders", data: { target } }],
    },
    {
      name: "a misspelled provider",
      change: (f) => void (appAt(f, "/PM/admin").windowsProviders = ["Negotiate", "NTLMv2"]),
      errors: [{ messageId: "unknownProvider", data: { target, provider: "NTLMv2" } }],
    },
    {
      name: "two unknown providers",
      change: (f) => void (appAt(f, "/PM/admin").windowsProviders = ["Kerberos", "Basic"]),
      errors: [
        { messageId: "unknownProvider", data: { provider: "Kerberos" } },
        { messageId: "unknownProvider", data: { provider: "Basic" } },
      ],
    },
  ],
  notApplicable: [
    {
      name: "windows not enabled",
      change: (f) => f.sites[0].applications.forEach((a) => (a.authentication = ["anonymous"])),
      reason: /not enabled/,
    },
  ],
  unknown: [
    { name: "providers unknown", change: (f) => void f.sites[0].unknown.push("applications.windowsProviders"), reason: /windowsProviders/ },
  ],
});

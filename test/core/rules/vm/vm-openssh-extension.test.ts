import rule from "../../../../core/rules/vm/vm-openssh-extension";
import { testRule } from "../../../helpers/rule-tester";

testRule(rule, {
  valid: [
    { name: "OpenSSH extension present" },
    { name: "publisher case differs", change: (f) => void (f.vms[0].extensions[1].publisher = "microsoft.azure.openssh") },
  ],
  invalid: [
    {
      name: "no OpenSSH extension",
      change: (f) => void f.vms[0].extensions.pop(),
      errors: [{ messageId: "missing", data: { target: "web01" } }],
    },
  ],
  notApplicable: [
    { name: "a Linux VM", change: (f) => void (f.vms[0].windows = false), reason: /not a Windows VM/ },
    {
      name: "nothing of ours runs on it",
      change: (f) => {
        f.sites = [];
        f.hosts = [];
      },
      reason: /no iisguard Site or Host/,
    },
  ],
  unknown: [{ name: "extensions unknown", change: (f) => void f.vms[0].unknown.push("extensions"), reason: /vm\.extensions/ }],
});

import rule from "../../../../core/rules/host/loopback-check-disabled";
import { testRule } from "../../../helpers/rule-tester";

testRule(rule, {
  valid: [
    { name: "check on, names listed" },
    { name: "Windows defaults", change: (f) => void (f.hosts[0].loopback = { disableLoopbackCheck: false, backConnectionHostNames: [] }) },
  ],
  invalid: [
    {
      name: "DisableLoopbackCheck=1",
      change: (f) => void (f.hosts[0].loopback.disableLoopbackCheck = true),
      errors: [{ messageId: "disabled", data: { target: "web01" } }],
    },
  ],
  unknown: [
    { name: "registry value unknown", change: (f) => void f.hosts[0].unknown.push("loopback.disableLoopbackCheck"), reason: /loopback/ },
  ],
});

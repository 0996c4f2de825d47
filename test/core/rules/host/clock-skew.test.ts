import rule from "../../../../core/rules/host/clock-skew";
import { testRule } from "../../../helpers/rule-tester";

testRule(rule, {
  valid: [
    { name: "in sync", change: (f) => void (f.hosts[0].clockOffsetSeconds = 0) },
    { name: "two minutes is still fine", change: (f) => void (f.hosts[0].clockOffsetSeconds = -120) },
  ],
  invalid: [
    {
      name: "seven minutes ahead",
      change: (f) => void (f.hosts[0].clockOffsetSeconds = 420),
      errors: [{ messageId: "skewed", data: { target: "web01", seconds: 420 } }],
    },
    {
      name: "five minutes and one second behind",
      change: (f) => void (f.hosts[0].clockOffsetSeconds = -301),
      errors: [{ messageId: "skewed", data: { seconds: -301 } }],
    },
    {
      name: "three minutes: a warning",
      change: (f) => void (f.hosts[0].clockOffsetSeconds = 180),
      errors: [{ messageId: "drifting", data: { seconds: 180 } }],
    },
  ],
  notApplicable: [{ name: "declared hosts have no clock", reason: /clock is not known/ }],
  unknown: [{ name: "clock unreadable", change: (f) => void f.hosts[0].unknown.push("clockOffsetSeconds"), reason: /clockOffsetSeconds/ }],
});

test("the warning is reported at low severity, the violation at the rule's", () => {
  const { evaluateRule } = require("../../../../core/engine");
  const { baselineFleet } = require("../../../fixtures/fleet");
  const f = baselineFleet();
  f.hosts[0].clockOffsetSeconds = 180;
  expect(evaluateRule(rule, f)[0].severity).toBe("low");
  f.hosts[0].clockOffsetSeconds = 400;
  expect(evaluateRule(rule, f)[0].severity).toBe("high");
});

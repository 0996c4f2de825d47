// Expectations: IIS serves Anonymous beside a challenge method (mixed mode: "In IIS enable Windows and
// Anonymous. Then on all of your controllers that require auth specify [Authorize]",
// learn.microsoft.com/aspnet/core/security/authentication/windowsauth) and several challenge methods
// (HTTP.sys offers each, the client picks), so "exactly one" is an expectation an application declares,
// not a 401 (collector-review defect 8).
import rule from "../../../../core/rules/application/single-auth-method";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const target = "web01/Default Web Site/PM/helpdesk";
const expecting = (
  f: Parameters<NonNullable<Parameters<typeof testRule>[1]["valid"][number]["change"]>>[0],
  methods: ("anonymous" | "windows" | "basic" | "digest")[],
) => void Object.assign(appAt(f, "/PM/helpdesk"), { authentication: methods, expectSingleMethod: true });

testRule(rule, {
  valid: [
    { name: "one method where one is expected", change: (f) => expecting(f, ["windows"]) },
    { name: "nothing enabled is another rule's finding", change: (f) => expecting(f, []) },
  ],
  invalid: [
    {
      name: "anonymous next to windows where the vendor expects one method (the KB's helpdesk): advisory, no 401 claimed",
      change: (f) => expecting(f, ["anonymous", "windows"]),
      errors: [{ messageId: "several", data: { target, count: 2, methods: "anonymous, windows", keep: "windows" } }],
    },
    {
      name: "basic and windows where one is expected",
      change: (f) => expecting(f, ["basic", "windows"]),
      errors: [{ messageId: "several", data: { count: 2, keep: "windows" } }],
    },
    {
      name: "anonymous, basic and digest where one is expected",
      change: (f) => expecting(f, ["anonymous", "basic", "digest"]),
      errors: [{ messageId: "several", data: { count: 3, keep: "basic" } }],
    },
  ],
  notApplicable: [
    {
      name: "defect 8: Anonymous + Windows without the expectation is IIS's mixed mode, not a 401.2",
      change: (f) => void (appAt(f, "/PM/helpdesk").authentication = ["anonymous", "windows"]),
      reason: /no exactly-one-method expectation/,
    },
    {
      name: "Windows + Basic without the expectation",
      change: (f) => void (appAt(f, "/PM/helpdesk").authentication = ["basic", "windows"]),
      reason: /expectSingleMethod/,
    },
  ],
  unknown: [
    {
      name: "authentication unknown",
      change: (f) => {
        expecting(f, ["windows"]);
        f.sites[0].unknown.push("applications.authentication");
      },
      reason: /not known/,
    },
  ],
});

test("defect 8: the rule claims no 401 and is advisory by default", () => {
  expect([rule.substatus, rule.level]).toEqual([null, "advisory"]);
});

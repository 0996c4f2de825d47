import type { Finding } from "../../core/finding";
import { applyWaivers, parseWaivers } from "../../core/waivers";

const NOW = new Date("2026-11-24T12:00:00Z");

function finding(target: string, status: Finding["status"] = "violation"): Finding {
  return {
    ruleId: "single-auth-method",
    status,
    location: { server: target.split("/")[0] },
    target,
    resource: "urn:x",
    origin: "declared",
    severity: "high",
    level: "mandatory",
    substatus: "401.2",
    message: "m",
  };
}

describe("parseWaivers", () => {
  const cases: { name: string; raw: unknown; message: RegExp; policyRule?: string }[] = [
    { name: "not a list", raw: { rule: "x" }, message: /waivers must be a list/ },
    { name: "no rule", raw: [{ target: "t", reason: "a long enough reason" }], message: /\[0\]\.rule: a rule id is required/ },
    {
      name: "short reason",
      raw: [{ rule: "r", target: "t", reason: "too short" }],
      message: /\[0\]\.reason: a reason of at least 10 characters is required, got "too short"/,
    },
    {
      name: "empty target",
      raw: [{ rule: "r", target: " ", reason: "a long enough reason" }],
      message: /\[0\]\.target: a finding target is required/,
    },
    {
      name: "bad date",
      raw: [{ rule: "r", target: "t", reason: "a long enough reason", expires: "next week" }],
      message: /\[0\]\.expires: a date YYYY-MM-DD is expected, got "next week"/,
    },
    {
      name: "impossible date",
      raw: [{ rule: "r", target: "t", reason: "a long enough reason", expires: "2026-13-45" }],
      message: /expires/,
    },
    { name: "not an object", raw: ["waive everything"], message: /\[0\]: a waiver must be an object/ },
    {
      name: "expires: 2027-02-31 (rolled over to March)",
      raw: [{ rule: "r", target: "t", reason: "a long enough reason", expires: "2027-02-31" }],
      message: /\[0\]\.expires: a date YYYY-MM-DD is expected, got "2027-02-31"/,
    },
    {
      name: "a misspelt key (expiry: the waiver never expired)",
      raw: [{ rule: "r", target: "t", reason: "a long enough reason", expiry: "2027-01-01" }],
      message: /\[0\]\.expiry: unknown key \(did you mean 'expires'\?\)/,
    },
    {
      name: "a whole secret file as the list",
      raw: "DB_PASSWORD=hunter2",
      message: /^waivers\.yaml: waivers must be a list, got a text of 19 characters \(not shown: it may be a secret\)$/,
    },
    {
      name: "another rule in a rule's list",
      raw: [{ rule: "other", target: "t", reason: "a long enough reason" }],
      message: /only waives 'single-auth-method'/,
      policyRule: "single-auth-method",
    },
  ];
  test.each(cases)("$name is invalid and named", ({ raw, message, policyRule }) => {
    const parsed = parseWaivers(raw, "waivers.yaml", policyRule);
    expect(parsed.waivers).toEqual([]);
    expect(parsed.problems.map((p) => p.message).join("\n")).toMatch(message);
    expect(parsed.problems.every((p) => p.kind === "invalid")).toBe(true);
  });

  test("real dates pass, leap days included", () => {
    const parsed = parseWaivers(
      ["2028-02-29", "2027-12-31"].map((expires) => ({ rule: "r", target: "t", reason: "a long enough reason", expires })),
      "w",
    );
    expect(parsed.problems).toEqual([]);
    expect(parseWaivers([{ rule: "r", target: "t", reason: "a long enough reason", expires: "2027-02-29" }], "w").problems).toHaveLength(1);
  });

  test("the policy's rule is implied inside a policy's list", () => {
    const parsed = parseWaivers([{ target: "t", reason: "a long enough reason" }], "cfg", "single-auth-method");
    expect(parsed.problems).toEqual([]);
    expect(parsed.waivers[0].waiver.rule).toBe("single-auth-method");
  });
});

describe("applyWaivers", () => {
  const waiver = (target: string, expires?: string) =>
    parseWaivers(
      [{ rule: "single-auth-method", target, reason: "the app authenticates users itself", ...(expires ? { expires } : {}) }],
      "w",
    );

  test.each([
    ["exact target", "web01/Default Web Site/PM/helpdesk", undefined, true],
    ["wildcard", "web01/Default Web Site/PM/*", undefined, true],
    ["case-insensitive", "WEB01/default web site/pm/helpdesk", undefined, true],
    ["expires today: still valid", "web01/Default Web Site/PM/helpdesk", "2026-11-24", true],
    ["expired yesterday", "web01/Default Web Site/PM/helpdesk", "2026-11-23", false],
    ["other target", "web02/Default Web Site/PM/helpdesk", undefined, false],
  ])("%s", (_name, target, expires, waived) => {
    const { findings, problems } = applyWaivers([finding("web01/Default Web Site/PM/helpdesk")], waiver(target, expires), NOW);
    expect(findings[0].waiver !== undefined).toBe(waived);
    if (!waived) expect(problems.map((p) => p.kind)).toEqual([expires ? "expired" : "unused"]);
    else expect(problems).toEqual([]);
  });

  test("a waiver covering an unknown outcome is used, compliant findings are untouched", () => {
    const { findings, problems } = applyWaivers(
      [finding("a", "unknown"), finding("b", "compliant")],
      parseWaivers([{ rule: "single-auth-method", target: "*", reason: "decided during the rollout" }], "w"),
      NOW,
    );
    expect(problems).toEqual([]);
    expect(findings[0].waiver).toBeDefined();
    expect(findings[1].waiver).toBeUndefined();
  });
});

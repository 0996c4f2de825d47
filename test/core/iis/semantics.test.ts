// IIS semantics the rules rely on, table-driven.
import { admitsAuthenticatedUser, effectiveRules } from "../../../core/iis/authorization";
import { isOwnMachineName } from "../../../core/iis/host-names";
import { bypassingPattern } from "../../../core/iis/proxy-bypass";
import { app } from "../../fixtures/fleet";

describe("proxy bypass (ProxyOverride)", () => {
  test.each([
    { list: ["<local>"], host: "pm", bypassed: true },
    { list: ["<local>"], host: "pm.corp.example.com", bypassed: false },
    { list: ["*.corp.example.com"], host: "PM.Corp.Example.com", bypassed: true },
    { list: ["*.corp.example.com"], host: "corp.example.com", bypassed: false },
    { list: ["pm.corp.*"], host: "pm.corp.example.com", bypassed: true },
    { list: ["10.*"], host: "10.40.1.4", bypassed: true },
    { list: ["pm+corp"], host: "pmmcorp", bypassed: false },
    { list: [" "], host: "anything", bypassed: false },
  ])("$list bypasses $host: $bypassed", ({ list, host, bypassed }) => {
    expect(bypassingPattern({ enabled: true, bypassLocal: false, bypassList: list }, host) !== undefined).toBe(bypassed);
  });
});

describe("URL authorization order", () => {
  test("deny rules come first, parents before children; clear drops what is above", () => {
    const root = app("/", { authorization: [{ access: "allow", users: ["a"], roles: [] }] });
    const pm = app("/PM", { authorization: [{ access: "deny", users: ["b"], roles: [] }] });
    const admin = app("/PM/admin", {
      authorization: [
        { access: "allow", users: ["c"], roles: [] },
        { access: "deny", users: ["d"], roles: [] },
      ],
    });
    expect(effectiveRules([root, pm], admin).map((r) => `${r.access}:${r.users[0]}@${r.declaredAt}`)).toEqual([
      "deny:b@/PM",
      "deny:d@/PM/admin",
      "allow:*@(server)",
      "allow:a@/",
      "allow:c@/PM/admin",
    ]);
    expect(effectiveRules([root, pm], { ...admin, inheritAuthorization: false }).map((r) => r.users[0])).toEqual(["d", "c"]);
  });

  test.each([
    {
      name: "deny ? keeps authenticated users",
      rules: [
        { access: "deny" as const, users: ["?"], roles: [] },
        { access: "allow" as const, users: ["*"], roles: [] },
      ],
      admits: true,
    },
    {
      name: "deny * wins over allow *",
      rules: [
        { access: "allow" as const, users: ["*"], roles: [] },
        { access: "deny" as const, users: ["*"], roles: [] },
      ],
      admits: false,
    },
    { name: "no allow at all", rules: [], admits: false },
  ])("$name", ({ rules, admits }) => {
    expect(
      admitsAuthenticatedUser(
        rules.map((r) => ({ ...r, declaredAt: "/" })),
        [],
      ).admitsSomeone,
    ).toBe(admits);
  });
});

test.each([
  { name: "web01", server: "web01", own: true },
  { name: "WEB01", server: "web01.corp.example.com", own: true },
  { name: "web01.corp.example.com", server: "web01", own: false },
  { name: "localhost", server: "web01", own: true },
  { name: "pm", server: "web01", own: false },
])("$name is the machine's own name on $server: $own", ({ name, server, own }) => {
  expect(isOwnMachineName(name, server)).toBe(own);
});

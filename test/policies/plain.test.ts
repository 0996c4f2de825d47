import { unknownCheckingProxy } from "@pulumi/policy";
import { UNKNOWN } from "../../core/declared/reader";
import { toPlain } from "../../policies/adapters/plain";

const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

test.each([
  { name: "the policy proxy", wrap: (v: object) => unknownCheckingProxy(v) },
  { name: "a plain stack export", wrap: (v: object) => v },
])("unknown values become UNKNOWN through $name", ({ wrap }) => {
  const raw = { server: UNKNOWN_STRING, bindings: [{ port: 80, hostName: UNKNOWN_STRING }], nested: { list: ["a", UNKNOWN_STRING] } };
  expect(toPlain(wrap(raw))).toEqual({ server: UNKNOWN, bindings: [{ port: 80, hostName: UNKNOWN }], nested: { list: ["a", UNKNOWN] } });
});

test("prototype keys are data, not prototypes", () => {
  const out = toPlain(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}')) as Record<string, unknown>;
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(out.a).toBe(1);
});

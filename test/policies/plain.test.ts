import { unknownCheckingProxy } from "@pulumi/policy";
import { UNKNOWN } from "../../core/spec/reader";
import { SDK_PROXY_KEYS, toPlain } from "../../policies/adapters/plain";

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

test("the proxy keys read through are the installed SDK's own", () => {
  const sdk = require("@pulumi/policy/proxy") as { isSpecialProxy: string; getSpecialProxyTarget: string };
  expect({ isProxy: sdk.isSpecialProxy, target: sdk.getSpecialProxyTarget }).toEqual(SDK_PROXY_KEYS);
});

test("the wrapped object is read directly, not property by property through the proxy", () => {
  const raw = { server: "web01", applications: [{ path: "/", authentication: ["windows"] }] };
  const reads: PropertyKey[] = [];
  const counting = new Proxy(unknownCheckingProxy(raw), { get: (t, k) => (reads.push(k), Reflect.get(t, k)) });
  expect(toPlain(counting)).toEqual(raw);
  expect(reads).toEqual([SDK_PROXY_KEYS.isProxy, SDK_PROXY_KEYS.target]);
});

test.each([
  { name: "a target that is not an object", value: { [SDK_PROXY_KEYS.isProxy]: true, [SDK_PROXY_KEYS.target]: "x", a: 1 } },
  { name: "a flag that is not true", value: { [SDK_PROXY_KEYS.isProxy]: "yes", [SDK_PROXY_KEYS.target]: { b: 2 }, a: 1 } },
])("data that only looks like the proxy is walked as data: $name", ({ value }) => {
  expect((toPlain(value) as Record<string, unknown>).a).toBe(1);
});

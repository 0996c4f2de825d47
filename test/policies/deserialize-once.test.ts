// The memo on @pulumi/policy's deserializer, driven through the SDK's own AnalyzeStack handler
// (the function its gRPC server calls), so an SDK upgrade that stops calling through the export,
// or that stops reusing the message's Struct, fails here instead of silently costing 17×.
import { analyzerPb, structPb } from "../../preview/wire";
import { unwrapSdkProxy } from "../../policies/adapters/plain";

type Module = Record<string, any>;

interface Seen {
  policy: string;
  props: object[];
}

/** One AnalyzeStack request with `count` resources, each Struct counting its conversions. */
function request(count: number) {
  const conversions = { count: 0 };
  const req = new analyzerPb.AnalyzeStackRequest();
  req.setResourcesList(
    Array.from({ length: count }, (_, i) => {
      const r = new analyzerPb.AnalyzerResource();
      r.setType("iisguard:index:Site");
      r.setUrn(`urn:pulumi:test::p::iisguard:index:Site::s${i}`);
      r.setName(`s${i}`);
      const struct = structPb.Struct.fromJavaScript({ server: `web${i}`, bindings: [{ port: 80 }] });
      const toJavaScript = struct.toJavaScript.bind(struct);
      struct.toJavaScript = () => (conversions.count++, toJavaScript());
      r.setProperties(struct);
      r.setOptions(new analyzerPb.AnalyzerResourceOptions());
      return r;
    }),
  );
  return { req, conversions };
}

/** Runs the SDK's handler with `policies` stack policies that record the objects they were given. */
async function analyzeStack(server: Module, policies: number, req: unknown): Promise<Seen[]> {
  const seen: Seen[] = [];
  const stackPolicies = Array.from({ length: policies }, (_, i) => ({
    name: `p${i}`,
    description: "records its resources",
    enforcementLevel: "advisory",
    validateStack: (args: { resources: { props: object }[] }) => {
      seen.push({ policy: `p${i}`, props: args.resources.map((r) => unwrapSdkProxy(r.props)) });
    },
  }));
  const handler = server.makeAnalyzeStackRpcFun("pack", "1.0.0", "advisory", stackPolicies);
  await new Promise<void>((resolve, reject) => handler({ request: req }, (err: unknown) => (err ? reject(err) : resolve())));
  return seen;
}

function freshSdk(): { server: Module; deserialize: Module; install: (m: Module) => boolean } {
  let loaded: ReturnType<typeof freshSdk> | undefined;
  jest.isolateModules(() => {
    loaded = {
      server: require("@pulumi/policy/server"),
      deserialize: require("@pulumi/policy/deserialize"),
      install: (m) => require("../../policies/adapters/deserialize-once").deserializeEachResourceOnce(m),
    };
  });
  return loaded!;
}

test("without the memo the SDK converts every resource once per stack policy", async () => {
  const { server } = freshSdk();
  const { req, conversions } = request(4);
  const seen = await analyzeStack(server, 3, req);
  expect(conversions.count).toBe(12);
  expect(seen[0].props[0]).not.toBe(seen[1].props[0]);
});

test("with the memo each resource is converted once and every policy reads the same data", async () => {
  const sdk = freshSdk();
  expect(sdk.install(sdk.deserialize)).toBe(true);
  const { req, conversions } = request(4);
  const seen = await analyzeStack(sdk.server, 3, req);
  expect(conversions.count).toBe(4);
  expect(seen).toHaveLength(3);
  for (const s of seen.slice(1)) s.props.forEach((p, i) => expect(p).toBe(seen[0].props[i]));
  expect(seen[0].props[2]).toEqual({ server: "web2", bindings: [{ port: 80 }] });
});

test("another request is converted afresh", async () => {
  const sdk = freshSdk();
  sdk.install(sdk.deserialize);
  const first = request(2);
  const second = request(2);
  const [a] = await analyzeStack(sdk.server, 2, first.req);
  const [b] = await analyzeStack(sdk.server, 2, second.req);
  expect(second.conversions.count).toBe(2);
  expect(a.props[0]).not.toBe(b.props[0]);
  expect(a.props[0]).toEqual(b.props[0]);
});

test.each([
  { name: "plain (stack policies)", flags: [false, false], conversions: 1, same: true },
  { name: "secret-preserving (resource policies)", flags: [true, true], conversions: 1, same: true },
  { name: "one of each", flags: [false, true], conversions: 2, same: false },
])("memo slots: $name", ({ flags, conversions, same }) => {
  const sdk = freshSdk();
  sdk.install(sdk.deserialize);
  sdk.install(sdk.deserialize); // idempotent: a second install does not stack a second memo
  const struct = structPb.Struct.fromJavaScript({ a: 1 });
  let count = 0;
  const toJavaScript = struct.toJavaScript.bind(struct);
  struct.toJavaScript = () => (count++, toJavaScript());
  const [x, y] = flags.map((f) => sdk.deserialize.deserializeProperties(struct, f));
  expect(count).toBe(conversions);
  expect(x === y).toBe(same);
});

test("an SDK without the export is left alone", () => {
  const { install } = freshSdk();
  expect(install({})).toBe(false);
});

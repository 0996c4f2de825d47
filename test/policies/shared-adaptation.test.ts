import { sharedAdaptation } from "../../policies/adapters/shared-adaptation";
import type { ResourceLike } from "../../adapters/resources";

const site = (name: string, server: string): ResourceLike => ({
  type: "iisguard:index:Site",
  urn: `urn:pulumi:test::p::iisguard:index:Site::${name}`,
  name,
  props: {
    server,
    siteName: name,
    physicalPath: "C:\\inetpub\\x",
    appPool: { name: "p", identity: "ApplicationPoolIdentity" },
    bindings: [{ protocol: "http", port: 80 }],
    applications: [{ path: "/", authentication: ["anonymous"] }],
  },
});

const stack = [site("a", "web01"), site("b", "web02")];
const copy = (rs: ResourceLike[]) => rs.map((r) => ({ ...r, props: JSON.parse(JSON.stringify(r.props)) }));

test.each([
  { name: "the same objects (one request, deserialized once)", next: () => stack.map((r) => ({ ...r })), reused: true },
  { name: "equal content in new objects (no memo)", next: () => copy(stack), reused: true },
  { name: "a changed property", next: () => [stack[0], { ...stack[1], props: { ...stack[1].props, server: "web03" } }], reused: false },
  { name: "a resource more", next: () => [...stack, site("c", "web01")], reused: false },
  { name: "the same properties under another URN", next: () => [stack[0], { ...stack[1], urn: `${stack[1].urn}-2` }], reused: false },
])("a stack is adapted once: $name", ({ next, reused }) => {
  const adapt = sharedAdaptation();
  const first = adapt(stack);
  const second = adapt(next());
  expect(second === first).toBe(reused);
  if (!reused) expect(second.fleet.sites.length).toBe(next().filter((r) => r.type === "iisguard:index:Site").length);
});

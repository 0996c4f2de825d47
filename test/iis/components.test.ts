// iis.Site and iis.Host under the SDK's mocks: bad arguments fail at construction naming the
// field; good ones register their normalized declaration as outputs.
import * as pulumi from "@pulumi/pulumi";
import { Host, Site, SpecError, type SiteArgs } from "../../iis";

const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
beforeAll(() =>
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "iisguard-test",
    "test",
    true,
  ),
);

const args = (): SiteArgs => ({
  server: "web01",
  siteName: "Default Web Site",
  physicalPath: "C:\\inetpub\\wwwroot",
  appPool: { name: "PM" },
  bindings: [{ protocol: "https", port: 443, hostName: "pm.corp.example.com" }],
  applications: [{ path: "/PM/admin", authentication: ["windows"] }],
});

function constructionError(build: () => unknown): SpecError {
  try {
    build();
  } catch (e) {
    if (e instanceof SpecError) return e;
    throw e;
  }
  throw new Error("construction succeeded");
}

describe("iis.Site refuses bad input at construction", () => {
  test.each([
    {
      name: "misspelled method",
      change: (a: any) => (a.applications[0].authentication = ["Windowz"]),
      text: /applications\[0\]\.authentication\[0\]: "Windowz" is not an authentication method/,
    },
    { name: "port 0", change: (a: any) => (a.bindings[0].port = 0), text: /bindings\[0\]\.port: must be between 1 and 65535, got 0/ },
    { name: "port 70000", change: (a: any) => (a.bindings[0].port = 70000), text: /bindings\[0\]\.port: .*got 70000/ },
    {
      name: "empty application path",
      change: (a: any) => (a.applications[0].path = ""),
      text: /applications\[0\]\.path: must not be empty/,
    },
    { name: "missing server", change: (a: any) => delete a.server, text: /server: is required/ },
  ])("$name", ({ change, text }) => {
    const a = args();
    change(a);
    const err = constructionError(() => new Site("portal", a));
    expect(err.message).toMatch(/^iis\.Site 'portal': invalid configuration/);
    expect(err.message).toMatch(text);
  });

  test("iis.Host refuses a bad domain", () => {
    expect(constructionError(() => new Host("web01", { server: "web01", domain: "not a domain" })).message).toMatch(
      /iis\.Host 'web01'[\s\S]*domain: "not a domain" is not a DNS domain name/,
    );
  });
});

test("a valid Site registers its normalized declaration", async () => {
  const site = new Site("portal-ok", { ...args(), applications: [{ path: "PM/admin/", authentication: ["windows"] }] });
  const server = await new Promise((resolve) => site.server.apply(resolve));
  expect(server).toBe("web01");
  await new Promise((resolve) => site.urn.apply(resolve)); // registration has completed
  const component = registered.find((r) => r.name === "portal-ok");
  expect(component?.type).toBe("iisguard:index:Site");
  expect(component?.inputs).toMatchObject({
    server: "web01",
    applications: [{ path: "/PM/admin", authentication: ["windows"], inheritAuthorization: true }],
  });
});

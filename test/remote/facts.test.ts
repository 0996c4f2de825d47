// The fact parser on documents shaped like the collection script's answer, and on damaged ones:
// a field that cannot be read becomes a named problem and an unknown model path, never a crash.
import { hostFacts } from "../../emulator/host-facts";
import { parseBindingInformation, parseHostFacts } from "../../remote/facts";

const ctx = { server: "web01", receivedAt: Date.parse("2026-11-24T02:00:00Z") };
const doc = (change: (d: any) => void = () => undefined) => {
  const d = JSON.parse(JSON.stringify({ ...hostFacts("web01"), utcNow: "2026-11-24T02:00:03Z" }));
  delete d.clockOffsetMs;
  change(d);
  return d;
};

test("a clean document becomes the model", () => {
  const { host, sites, problems } = parseHostFacts(doc(), ctx);
  expect(problems).toEqual([]);
  expect(host).toMatchObject({ origin: "observed", server: "web01", domain: "corp.example.com", clockOffsetSeconds: 3, loopback: { disableLoopbackCheck: false, backConnectionHostNames: ["pm.corp.example.com"] } });
  expect(host.proxy).toEqual({ enabled: true, server: "proxy.corp.example.com:8080", bypassLocal: true, bypassList: ["*.corp.example.com"] });
  expect(sites[0].bindings).toEqual([{ protocol: "https", port: 443, hostName: "pm.corp.example.com" }, { protocol: "http", port: 80, hostName: "pm.corp.example.com" }]);
  expect(sites[0].applications[1]).toMatchObject({ path: "/PM/admin", authentication: ["windows"], windowsProviders: ["Negotiate", "NTLM"], authorization: [{ access: "allow", users: [], roles: ["Administrators"] }], inheritAuthorization: false });
  expect(sites[0].roleAssignments).toEqual([{ role: "Administrators", members: ["CORP\\pm-admins"] }, { role: "Help Desk Operators", members: ["CORP\\helpdesk-tier1", "CORP\\helpdesk-tier2"] }]);
  expect(sites[0].applications[1].acl?.[0]).toEqual({ sid: "S-1-5-18", name: "NT AUTHORITY\\SYSTEM", rights: 2032127, deny: false, inheritance: 3, propagation: 0 });
});

test.each([
  { name: "authentication flag as text", change: (d: any) => (d.sites[0].applications[2].authentication.windows.enabled = "yes"), problem: /sites\[0\]\.applications\[2\]\.authentication\.windows\.enabled: must be true or false/, unknown: "applications[2].authentication" },
  { name: "an ACL the collector could not read", change: (d: any) => (d.sites[0].applications[1].acl = { path: "C:\\x", error: "Access is denied" }), problem: /applications\[1\]\.acl: the collector could not read the ACL: "Access is denied"/, unknown: "applications[1].acl" },
  { name: "rights as text", change: (d: any) => (d.sites[0].applications[1].acl.entries[0].rights = "FullControl"), problem: /acl\.entries\[0\]\.rights: must be a whole number/, unknown: "applications[1].acl" },
  { name: "an unknown access type", change: (d: any) => (d.sites[0].applications[1].authorization[0].accessType = "Maybe"), problem: /authorization\[0\]\.accessType: "Maybe" is not Allow or Deny/, unknown: "applications[1].authorization" },
])("$name → a named problem and an unknown field", ({ change, problem, unknown }) => {
  const { sites, problems } = parseHostFacts(doc(change), ctx);
  expect(problems.join("\n")).toMatch(problem);
  expect(sites[0].unknown).toContain(unknown);
});

test.each([
  { name: "not an object", input: "Service Unavailable" },
  { name: "null", input: null },
  { name: "sites not a list", input: { schema: 1, sites: "none" } },
  { name: "prototype keys", input: JSON.parse('{"schema":1,"__proto__":{"polluted":true},"sites":[{"__proto__":{"x":1},"name":"S","applications":[],"bindings":[]}]}') },
  { name: "deep nesting", input: { schema: 1, sites: [{ name: "S", applications: [{ path: "/", authentication: JSON.parse("[".repeat(500) + "]".repeat(500)) }], bindings: [] }] } },
  { name: "wrong schema version", input: { ...doc(), schema: 2 } },
])("$name: a result with problems, never an exception", ({ input }) => {
  const result = parseHostFacts(input, ctx);
  expect(result.host.server).toBe("web01");
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  if (input !== null && typeof input === "object" && (input as { schema?: number }).schema === 2) expect(result.problems.join()).toMatch(/schema: expected 1, got 2/);
});

test("loopback and proxy the collector could not read are unknown, not Windows defaults", () => {
  const { host } = parseHostFacts(doc((d) => { delete d.loopback; d.proxy = { proxySettingsPerUser: 1, machine: {}, users: [] }; }), ctx);
  expect(host.unknown.sort()).toEqual(["loopback", "proxy"]);
});

test.each([
  { protocol: "https", info: "*:443:pm.corp.example.com", binding: { protocol: "https", port: 443, hostName: "pm.corp.example.com" } },
  { protocol: "http", info: "10.0.0.4:8080:", binding: { protocol: "http", port: 8080 } },
  { protocol: "http", info: "[::1]:80:", binding: { protocol: "http", port: 80 } },
  { protocol: "net.tcp", info: "808:*", binding: undefined },
  { protocol: "http", info: "*:99999:", binding: undefined },
])("binding $protocol $info", ({ protocol, info, binding }) => {
  expect(parseBindingInformation(protocol, info)).toEqual(binding);
});

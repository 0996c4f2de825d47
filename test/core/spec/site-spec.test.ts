// Bad declarations are refused with the field path and the offending value.
import { normalizeHost } from "../../../core/spec/host-spec";
import { UNKNOWN } from "../../../core/spec/reader";
import { normalizeSite } from "../../../core/spec/site-spec";

function validSite(): Record<string, any> {
  return {
    server: "web01",
    siteName: "Default Web Site",
    physicalPath: "C:\\inetpub\\wwwroot",
    appPool: { name: "PM" },
    bindings: [{ protocol: "https", port: 443, hostName: "pm.corp.example.com" }],
    applications: [{ path: "/PM/admin", authentication: ["windows"], authorization: [{ access: "allow", roles: ["Administrators"] }] }],
  };
}

describe("normalizeSite refuses bad input, naming the field", () => {
  const cases: { name: string; change: (s: Record<string, any>) => void; path: string; message: RegExp }[] = [
    {
      name: "misspelled method",
      change: (s) => (s.applications[0].authentication = ["windowz"]),
      path: "applications[0].authentication[0]",
      message: /"windowz" is not an authentication method \(expected one of anonymous, basic, windows, digest, clientCertificate\)/,
    },
    { name: "port 0", change: (s) => (s.bindings[0].port = 0), path: "bindings[0].port", message: /between 1 and 65535, got 0/ },
    { name: "port 70000", change: (s) => (s.bindings[0].port = 70000), path: "bindings[0].port", message: /got 70000/ },
    { name: "port as text", change: (s) => (s.bindings[0].port = "443"), path: "bindings[0].port", message: /whole number, got "443"/ },
    {
      name: "empty application path",
      change: (s) => (s.applications[0].path = ""),
      path: "applications[0].path",
      message: /must not be empty/,
    },
    { name: "missing server", change: (s) => delete s.server, path: "server", message: /is required/ },
    { name: "blank server", change: (s) => (s.server = "  "), path: "server", message: /must not be empty/ },
    {
      name: "unknown protocol",
      change: (s) => (s.bindings[0].protocol = "ftp"),
      path: "bindings[0].protocol",
      message: /"ftp" is not a binding protocol/,
    },
    { name: "no bindings", change: (s) => (s.bindings = []), path: "bindings", message: /at least one binding/ },
    {
      name: "duplicate application path",
      change: (s) => s.applications.push({ path: "/pm/ADMIN/", authentication: [] }),
      path: "applications[1].path",
      message: /declared twice/,
    },
    {
      name: "authorization rule naming nobody",
      change: (s) => (s.applications[0].authorization = [{ access: "allow" }]),
      path: "applications[0].authorization[0]",
      message: /names no users and no roles/,
    },
    {
      name: "bad access",
      change: (s) => (s.applications[0].authorization[0].access = "permit"),
      path: "applications[0].authorization[0].access",
      message: /"permit" is not an access type/,
    },
    {
      name: "SpecificUser without userName",
      change: (s) => (s.appPool.identity = "SpecificUser"),
      path: "appPool.userName",
      message: /is required/,
    },
    {
      name: "host name with a space",
      change: (s) => (s.bindings[0].hostName = "pm corp"),
      path: "bindings[0].hostName",
      message: /not a host name/,
    },
    {
      name: "a verb with a space (verbs are one per entry)",
      change: (s) => (s.applications[0].authorization[0].verbs = ["GET POST"]),
      path: "applications[0].authorization[0].verbs[0]",
      message: /"GET POST" is not an HTTP method/,
    },
    {
      name: "verbs not a list",
      change: (s) => (s.applications[0].authorization[0].verbs = "GET"),
      path: "applications[0].authorization[0].verbs",
      message: /must be a list, got "GET"/,
    },
    {
      name: "ASP.NET rule naming nobody",
      change: (s) => (s.applications[0].aspNetAuthorization = [{ access: "deny" }]),
      path: "applications[0].aspNetAuthorization[0]",
      message: /names no users and no roles/,
    },
    {
      name: "ASP.NET rule with a bad access",
      change: (s) => (s.applications[0].aspNetAuthorization = [{ access: "refuse", users: ["*"] }]),
      path: "applications[0].aspNetAuthorization[0].access",
      message: /"refuse" is not an access type/,
    },
    {
      name: "authentication not a list",
      change: (s) => (s.applications[0].authentication = "windows"),
      path: "applications[0].authentication",
      message: /must be a list, got "windows"/,
    },
    {
      name: "expectSingleMethod as text",
      change: (s) => (s.applications[0].expectSingleMethod = "yes"),
      path: "applications[0].expectSingleMethod",
      message: /must be true or false, got "yes"/,
    },
    {
      name: "a misspelled denyAction",
      change: (s) => (s.applications[0].ipSecurity = { denyAction: "Unauthorised" }),
      path: "applications[0].ipSecurity.denyAction",
      message: /"Unauthorised" is not a deny action \(expected one of Unauthorized, Forbidden, NotFound, AbortRequest\)/,
    },
    {
      name: "an IP entry with a bad address",
      change: (s) => (s.applications[0].ipSecurity = { entries: [{ ipAddress: "10.0.0.300" }] }),
      path: "applications[0].ipSecurity.entries[0].ipAddress",
      message: /"10.0.0.300" is not an IP address/,
    },
    {
      name: "a non-contiguous subnet mask",
      change: (s) => (s.applications[0].ipSecurity = { entries: [{ ipAddress: "10.0.0.0", subnetMask: "255.0.255.0" }] }),
      path: "applications[0].ipSecurity.entries[0].subnetMask",
      message: /not a subnet mask/,
    },
    {
      name: "an IP entry naming both an address and a domain",
      change: (s) => (s.applications[0].ipSecurity = { entries: [{ ipAddress: "10.0.0.1", domainName: "x.example.com" }] }),
      path: "applications[0].ipSecurity.entries[0]",
      message: /exactly one of ipAddress and domainName/,
    },
    {
      name: "a dynamic limit of 0",
      change: (s) => (s.applications[0].dynamicIpSecurity = { maxConcurrentRequests: 0 }),
      path: "applications[0].dynamicIpSecurity.maxConcurrentRequests",
      message: /between 1 and 4294967295, got 0/,
    },
    {
      name: "a client network with a bad CIDR",
      change: (s) => (s.clientNetworks = [{ name: "HQ", addresses: ["10.20.0.0/33"] }]),
      path: "clientNetworks[0].addresses[0]",
      message: /"10.20.0.0\/33" is not an IP address or CIDR range/,
    },
    {
      name: "a client network without addresses",
      change: (s) => (s.clientNetworks = [{ name: "HQ", addresses: [] }]),
      path: "clientNetworks[0].addresses",
      message: /at least one address/,
    },
  ];
  test.each(cases)("$name", ({ change, path, message }) => {
    const site = validSite();
    change(site);
    const { problems } = normalizeSite(site);
    expect(problems).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
  });
});

describe("normalizeSite normalizes", () => {
  test("defaults are IIS's and paths are canonical", () => {
    const site = validSite();
    site.applications.push({ path: "PM\\helpdesk\\", authentication: ["Windows", "windows"] });
    const { spec, problems } = normalizeSite(site);
    expect(problems).toEqual([]);
    expect(spec.appPool).toEqual({ name: "PM", identity: "ApplicationPoolIdentity" });
    expect(spec.applications[1]).toEqual({
      path: "/PM/helpdesk",
      authentication: ["windows"],
      requireSsl: false,
      authorization: [],
      inheritAuthorization: true,
      localClients: false,
    });
  });

  test("verbs on authorization rules and ASP.NET rules per application are kept, verbs upper-cased", () => {
    const site = validSite();
    site.applications[0].authorization = [
      { access: "deny", users: ["*"], verbs: ["post", " DELETE "] },
      { access: "allow", roles: ["Administrators"] },
    ];
    site.applications[0].aspNetAuthorization = [
      { access: "allow", roles: ["Administrators"], verbs: ["get"] },
      { access: "deny", users: ["*"] },
    ];
    const { spec, problems } = normalizeSite(site);
    expect(problems).toEqual([]);
    expect(spec.applications[0].authorization).toEqual([
      { access: "deny", users: ["*"], roles: [], verbs: ["POST", "DELETE"] },
      { access: "allow", users: [], roles: ["Administrators"] },
    ]);
    expect(spec.applications[0].aspNetAuthorization).toEqual([
      { access: "allow", users: [], roles: ["Administrators"], verbs: ["GET"] },
      { access: "deny", users: ["*"], roles: [] },
    ]);
    expect(normalizeSite(validSite()).spec.applications[0]).not.toHaveProperty("aspNetAuthorization");
  });

  test("unknown values are recorded by model path, not guessed", () => {
    const site = validSite();
    site.server = UNKNOWN;
    site.applications.push({ path: "/b", authentication: UNKNOWN });
    site.bindings[0].hostName = UNKNOWN;
    const { unknown, problems } = normalizeSite(site);
    expect(problems).toEqual([]);
    expect(unknown.sort()).toEqual(["applications[1].authentication", "bindings.hostName", "server"]);
  });
});

describe("normalizeSite: IP restrictions and client networks", () => {
  test("IIS's defaults fill what a declaration omits (iis-docs ipSecurity, dynamicIpSecurity)", () => {
    const site = validSite();
    site.applications[0].ipSecurity = { entries: [{ ipAddress: " 10.20.0.0 ", subnetMask: "255.255.0.0" }] };
    site.applications[0].dynamicIpSecurity = { requestRate: { maxRequests: 20 } };
    site.clientNetworks = [{ name: "Branch", addresses: ["203.0.113.7"], usersPerAddress: 40 }];
    const { spec, problems } = normalizeSite(site);
    expect(problems).toEqual([]);
    expect(spec.applications[0].ipSecurity).toEqual({
      allowUnlisted: true,
      denyAction: "Forbidden",
      enableReverseDns: false,
      entries: [{ ipAddress: "10.20.0.0", subnetMask: "255.255.0.0", allowed: false }],
    });
    expect(spec.applications[0].dynamicIpSecurity).toEqual({
      denyAction: "Forbidden",
      loggingOnly: false,
      requestRate: { maxRequests: 20, intervalMs: 200 },
    });
    expect(spec.clientNetworks).toEqual([{ name: "Branch", addresses: ["203.0.113.7"], usersPerAddress: 40 }]);
  });
});

describe("normalizeHost", () => {
  test.each([
    { name: "bad domain", raw: { server: "web01", domain: "corp example" }, path: "domain", message: /not a DNS domain name/ },
    { name: "proxy without enabled", raw: { server: "web01", proxy: { server: "p:8080" } }, path: "proxy.enabled", message: /is required/ },
    {
      name: "names not a list",
      raw: { server: "web01", loopback: { backConnectionHostNames: "pm" } },
      path: "loopback.backConnectionHostNames",
      message: /must be a list/,
    },
    {
      name: "flag as text",
      raw: { server: "web01", loopback: { disableLoopbackCheck: "yes" } },
      path: "loopback.disableLoopbackCheck",
      message: /true or false, got "yes"/,
    },
  ])("$name", ({ raw, path, message }) => {
    expect(normalizeHost(raw).problems).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
  });

  test("Windows defaults and the registry's semicolon lists", () => {
    const { spec } = normalizeHost({ server: "web01", proxy: { enabled: true, bypassList: ["*.corp.example.com;10.*", "<local>"] } });
    expect(spec.loopback).toEqual({ disableLoopbackCheck: false, backConnectionHostNames: [] });
    expect(spec.proxy).toEqual({ enabled: true, bypassLocal: false, bypassList: ["*.corp.example.com", "10.*", "<local>"] });
  });
});

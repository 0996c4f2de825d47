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

const site = (d: any) => d.sites[0];
const at = (d: any, path: string) => site(d).paths.find((p: any) => p.path === path);

test("a clean document becomes the model", () => {
  const { host, sites, problems } = parseHostFacts(doc(), ctx);
  expect(problems).toEqual([]);
  expect(host).toMatchObject({
    origin: "observed",
    server: "web01",
    domain: "corp.example.com",
    computerName: "WEB01",
    clockOffsetSeconds: 3,
    loopback: { disableLoopbackCheck: false, backConnectionHostNames: ["pm.corp.example.com"] },
  });
  expect(host.proxy).toEqual({
    enabled: true,
    server: "proxy.corp.example.com:8080",
    bypassLocal: true,
    bypassList: ["*.corp.example.com"],
  });
  expect(sites[0].bindings).toEqual([
    { protocol: "https", port: 443, hostName: "pm.corp.example.com" },
    { protocol: "http", port: 80, hostName: "pm.corp.example.com" },
  ]);
  expect(sites[0].applications.map((a) => a.path)).toEqual(["/", "/PM/admin", "/PM/helpdesk", "/PM/selfservice"]); // /PM was read only for what it passes on
  expect(sites[0].applications[1]).toMatchObject({
    path: "/PM/admin",
    authentication: ["windows"],
    windowsProviders: ["Negotiate", "NTLM"],
    authorization: [{ access: "allow", users: [], roles: ["Administrators"] }],
    inheritAuthorization: false,
  });
  expect(sites[0].applications[1].modules).toContain("UrlAuthorizationModule");
  expect(sites[0].appPool).toEqual({
    name: "PasswordManager",
    identity: "ApplicationPoolIdentity",
    sid: expect.stringMatching(/^S-1-5-82-/),
    identitySid: expect.stringMatching(/^S-1-5-82-/),
  });
  expect(sites[0].roleAssignments).toEqual([
    { role: "Administrators", members: ["CORP\\pm-admins"] },
    { role: "Help Desk Operators", members: ["CORP\\helpdesk-tier1", "CORP\\helpdesk-tier2"] },
  ]);
  expect(sites[0].applications[1].acl?.[0]).toEqual({
    sid: "S-1-5-18",
    name: "NT AUTHORITY\\SYSTEM",
    rights: 2032127,
    deny: false,
    inheritance: 3,
    propagation: 0,
    inherited: true,
  });
  expect(sites[0].unknown).toEqual([]);
});

test("IP restrictions, dynamic limits, ISAPI filters and handlers become the model (only ISAPI and CGI mappings)", () => {
  const { sites, host, problems } = parseHostFacts(
    doc((d) => {
      at(d, "/PM/admin").ipSecurity = {
        allowUnlisted: false,
        denyAction: "Unauthorized",
        enableReverseDns: true,
        entries: [{ ipAddress: "10.30.0.0", subnetMask: "255.255.0.0", domainName: "", allowed: true }],
      };
      at(d, "/").dynamicIpSecurity.denyByRequestRate = { enabled: true, maxRequests: 50, requestIntervalInMilliseconds: 1000 };
      at(d, "/PM/admin").isapiFilters = { filters: [{ name: "SSO", path: "C:\\sso.dll", enabled: true }] };
      at(d, "/PM/admin").handlers = {
        handlers: [
          {
            name: "ASPClassic",
            path: "*.asp",
            verb: "GET",
            modules: "IsapiModule",
            scriptProcessor: "%windir%\\system32\\inetsrv\\asp.dll",
            preCondition: "",
          },
        ],
      };
      d.isapiCgiRestriction = {
        notListedIsapisAllowed: false,
        notListedCgisAllowed: false,
        entries: [{ path: "%windir%\\system32\\inetsrv\\asp.dll", allowed: true }],
      };
    }),
    ctx,
  );
  expect(problems).toEqual([]);
  expect(sites[0].applications[1].ipSecurity).toEqual({
    allowUnlisted: false,
    denyAction: "Unauthorized",
    enableReverseDns: true,
    entries: [{ ipAddress: "10.30.0.0", subnetMask: "255.255.0.0", allowed: true }],
  });
  expect(sites[0].applications[0].dynamicIpSecurity).toEqual({
    denyAction: "Forbidden",
    loggingOnly: false,
    requestRate: { maxRequests: 50, intervalMs: 1000 },
  });
  expect(sites[0].applications[1].isapiFilters).toEqual([{ name: "SSO", path: "C:\\sso.dll", enabled: true }]);
  expect(sites[0].applications[1].isapiHandlers).toEqual([
    { name: "ASPClassic", requestPath: "*.asp", kind: "isapi", scriptProcessor: "%windir%\\system32\\inetsrv\\asp.dll" },
  ]);
  expect(host.isapiCgiRestriction?.entries).toEqual([{ path: "%windir%\\system32\\inetsrv\\asp.dll", allowed: true }]);
});

test.each([
  {
    name: "authentication flag as text",
    change: (d: any) => (at(d, "/PM/helpdesk").authentication.windows.enabled = "yes"),
    problem: /authentication\.windows\.enabled: must be true or false/,
    unknown: "applications[2].authentication",
  },
  {
    name: "an ACL the collector could not read",
    change: (d: any) => (at(d, "/PM/admin").acl = { error: "Access is denied" }),
    problem: /paths\[1\]\.acl: the collector could not read it: "Access is denied"/,
    unknown: "applications[1].acl",
  },
  {
    name: "rights as text",
    change: (d: any) => (at(d, "/PM/admin").acl.entries[0].rights = "FullControl"),
    problem: /acl\.entries\[0\]\.rights: must be a whole number/,
    unknown: "applications[1].acl",
  },
  {
    name: "an unknown access type",
    change: (d: any) => (at(d, "/PM/admin").authorization.rules[0].accessType = "Maybe"),
    problem: /rules\[0\]\.accessType: "Maybe" is not Allow or Deny/,
    unknown: "applications[1].authorization",
  },
  {
    name: "a section the script could not read",
    change: (d: any) =>
      (at(d, "/PM/admin").authorization = { error: "Filename: \\\\?\\C:\\x\\web.config Error: Cannot read configuration file" }),
    problem: /authorization: the collector could not read it/,
    unknown: "applications[1].authorization",
  },
  {
    name: "an IP restriction entry whose allowed flag is text (a dropped Deny could admit a network)",
    change: (d: any) =>
      (at(d, "/PM/admin").ipSecurity = {
        allowUnlisted: true,
        denyAction: "Unauthorized",
        enableReverseDns: false,
        entries: [{ ipAddress: "10.20.0.0", subnetMask: "255.255.0.0", domainName: "", allowed: "False" }],
      }),
    problem: /ipSecurity\.entries\[0\]\.allowed: must be true or false/,
    unknown: "applications[1].ipSecurity",
  },
  {
    name: "a denyAction the parser does not know",
    change: (d: any) => (at(d, "/PM/admin").dynamicIpSecurity.denyAction = "Teapot"),
    problem: /denyAction: "Teapot" is not a deny action/,
    unknown: "applications[1].dynamicIpSecurity",
  },
  {
    name: "handlers the script could not read",
    change: (d: any) => (at(d, "/PM/admin").handlers = { error: "Access is denied" }),
    problem: /handlers: the collector could not read it/,
    unknown: "applications[1].isapiHandlers",
  },
])("$name → a named problem and an unknown field", ({ change, problem, unknown }) => {
  const { sites, problems } = parseHostFacts(doc(change), ctx);
  expect(problems.join("\n")).toMatch(problem);
  expect(sites[0].unknown).toContain(unknown);
  expect(sites[0].unknownReasons?.[unknown]).toBeTruthy();
});

test("defect 1 and 4: a folder configured only in its web.config is a path of its own with its effective rules", () => {
  const { sites } = parseHostFacts(
    doc((d) =>
      site(d).paths.push({
        ...JSON.parse(JSON.stringify(at(d, "/PM/admin"))),
        path: "/PM/admin/secure",
        kind: "folder",
        authorization: { rules: [{ accessType: "Deny", users: "*", roles: "", verbs: "" }] },
      }),
    ),
    ctx,
  );
  expect(sites[0].applications.find((a) => a.path === "/PM/admin/secure")).toMatchObject({
    kind: "folder",
    authorization: [{ access: "deny", users: ["*"], roles: [] }],
  });
});

test("defect 7: verbs are kept with each rule", () => {
  const { sites } = parseHostFacts(
    doc((d) => at(d, "/PM/admin").authorization.rules.unshift({ accessType: "Deny", users: "*", roles: "", verbs: "POST, PUT" })),
    ctx,
  );
  expect(sites[0].applications[1].authorization[0]).toEqual({ access: "deny", users: ["*"], roles: [], verbs: ["POST", "PUT"] });
});

test("defect 10: ASP.NET rules are each level's own, derived from the effective collections", () => {
  const { sites } = parseHostFacts(
    doc((d) => {
      at(d, "/PM/admin").aspNetAuthorization.rules = [
        { action: "allow", users: "*", roles: "", verbs: "" },
        { action: "allow", users: "", roles: "Administrators", verbs: "" },
        { action: "deny", users: "*", roles: "", verbs: "" },
      ];
    }),
    ctx,
  );
  expect(sites[0].applications[0].aspNetAuthorization).toEqual([{ access: "allow", users: ["*"], roles: [] }]); // the root keeps the framework's
  expect(sites[0].applications[1].aspNetAuthorization).toEqual([
    { access: "allow", users: [], roles: ["Administrators"] },
    { access: "deny", users: ["*"], roles: [] },
  ]);
});

test("defect 12: a path's own pool and each identity type's SID", () => {
  const { sites } = parseHostFacts(
    doc((d) => {
      d.appPools.push({ name: "Svc", identityType: "NetworkService", userName: "", sid: "S-1-5-82-9" });
      at(d, "/PM/admin").appPool = "Svc";
    }),
    ctx,
  );
  expect(sites[0].applications[1].appPool).toEqual({ name: "Svc", identity: "NetworkService", sid: "S-1-5-82-9", identitySid: "S-1-5-20" });
  expect(sites[0].applications[2].appPool).toBeUndefined(); // the site's
});

test("defect 15: only native modules installed in globalModules count", () => {
  const { sites } = parseHostFacts(
    doc((d) => (d.globalModules.modules = d.globalModules.modules.filter((m: string) => m !== "UrlAuthorizationModule"))),
    ctx,
  );
  expect(sites[0].applications[1].modules).not.toContain("UrlAuthorizationModule");
});

test("defect 16: a PAC file or WPAD auto-detection is carried as automatic configuration", () => {
  const blob = Buffer.from([70, 0, 0, 0, 3, 0, 0, 0, 0x09]).toString("base64"); // direct + auto-detect
  const { host } = parseHostFacts(
    doc((d) => Object.assign(d.proxy.machine, { enable: 0, autoConfigUrl: "http://wpad.corp/proxy.pac", defaultConnectionSettings: blob })),
    ctx,
  );
  expect(host.proxy?.automatic).toEqual({ autoConfigUrl: "http://wpad.corp/proxy.pac", autoDetect: true });
});

test("defect 19: a site whose pool was deleted is unknown with the reason, its neighbour judged", () => {
  const { sites } = parseHostFacts(
    doc((d) => {
      const broken = JSON.parse(JSON.stringify(site(d)));
      broken.name = "Broken";
      for (const p of broken.paths) p.appPool = "Deleted";
      d.sites.push(broken, { name: "Unreadable", error: "Cannot read configuration file due to insufficient permissions" });
    }),
    ctx,
  );
  expect(sites[0].unknown).toEqual([]);
  expect(sites[1].unknownReasons?.appPool).toMatch(/pool "Deleted", which does not exist/);
  expect(sites[2].unknown).toEqual(expect.arrayContaining(["applications", "bindings", "appPool"]));
  expect(sites[2].unknownReasons?.applications).toMatch(/insufficient permissions/);
});

test("defect 20: the machine's own name is the one it reports", () => {
  expect(parseHostFacts(doc(), { ...ctx, server: "pm-web-01" }).host.computerName).toBe("WEB01");
});

test("defect 6: a group whose members could not be read keeps its SID, with membership unknown", () => {
  const { host, sites } = parseHostFacts(
    doc((d) => Object.assign(d.principals[1], { members: undefined, membersError: "the directory is not reachable" })),
    ctx,
  );
  expect(host.principals?.[1]).toMatchObject({
    name: "Help Desk Operators",
    sid: expect.stringMatching(/^S-1-5-21-/),
    membersError: expect.stringMatching(/not reachable/),
  });
  expect(sites[0].roleAssignments?.map((r) => r.role)).toEqual(["Administrators"]); // never "no members"
});

test("issue 10: members sent as an object or a number make membership unknown, not empty", () => {
  for (const members of [{ name: "x" }, 7]) {
    const { host } = parseHostFacts(
      doc((d) => (d.principals[0].members = members)),
      ctx,
    );
    expect(host.principals?.[0].membersError).toMatch(/malformed/);
  }
});

test.each([[null], ["Default Web Site"], [42]])("issue 10: a site entry %p is a problem and leaves the host's sites unknown", (entry) => {
  const { host, problems } = parseHostFacts(
    doc((d) => d.sites.push(entry)),
    ctx,
  );
  expect(problems.join()).toMatch(/sites\[1\]/);
  expect(host.unknown).toContain("sites");
});

test.each([
  { name: "not an object", input: "Service Unavailable" },
  { name: "null", input: null },
  { name: "sites not a list", input: { schema: 2, sites: "none" } },
  {
    name: "prototype keys",
    input: JSON.parse('{"schema":2,"__proto__":{"polluted":true},"sites":[{"__proto__":{"x":1},"name":"S","paths":[],"bindings":[]}]}'),
  },
  {
    name: "deep nesting",
    input: {
      schema: 2,
      sites: [{ name: "S", paths: [{ path: "/", authentication: JSON.parse("[".repeat(500) + "]".repeat(500)) }], bindings: [] }],
    },
  },
  { name: "wrong schema version", input: { ...doc(), schema: 1 } },
])("$name: a result with problems, never an exception", ({ input }) => {
  const result = parseHostFacts(input, ctx);
  expect(result.host.server).toBe("web01");
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  if (input !== null && typeof input === "object" && (input as { schema?: number }).schema === 1)
    expect(result.problems.join()).toMatch(/schema: expected 2, got 1/);
});

test("loopback and proxy the collector could not read are unknown, not Windows defaults", () => {
  const { host } = parseHostFacts(
    doc((d) => {
      delete d.loopback;
      d.proxy = { proxySettingsPerUser: 1, machine: {}, users: [] };
    }),
    ctx,
  );
  expect(host.unknown.sort()).toEqual(["loopback", "proxy"]);
  expect(host.unknownReasons?.proxy).toMatch(/no user's hive/);
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

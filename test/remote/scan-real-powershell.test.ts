// Issue 9's proof, end to end: `scan` over SSH against hosts that run iisguard's real bootstrap and
// collection script under PowerShell (pwsh), the Windows layer played by stand-ins reading each
// host's Windows state as on disk (applicationHost.config, web.config files, ACLs, accounts).
// No declaration is given (an inventory-only scan): roles come from the hosts' own rules.
import { SshCollector } from "../../remote/collector";
import { scan } from "../../remote/scan";
import { collectorOptions } from "../../cli/ssh-config";
import { startSshdFleet, type SshdFleet } from "../../emulator/sshd";
import { pathConfig, windowsHost, type WindowsHost } from "../../emulator/windows-host";
import type { Finding } from "../../core/finding";
import type { Fleet } from "../../core/model";
import { normalizeSite } from "../../core/spec/site-spec";
import { cleanFleet } from "../../reference-fleet/declarations";

jest.setTimeout(240_000);

/** web01: /PM/admin's Deny lives only in its web.config; /PM/helpdesk has one rule naming a non-ASCII domain group. */
function web01(): WindowsHost {
  const host = windowsHost("web01");
  const helpdesk = host.sites[0].paths.find((p) => p.path === "/PM/helpdesk")!;
  helpdesk.authorization = [{ accessType: "Allow", users: "", roles: "CORP\\Opérateurs Support", verbs: "" }];
  host.accounts["CORP\\Opérateurs Support"] = "S-1-5-21-2-3-4-3001";
  host.groups["S-1-5-21-2-3-4-3001"] = { members: [{ name: "CORP\\amélie", sid: "S-1-5-21-2-3-4-3002" }] };
  host.sites[0].paths
    .find((p) => p.path === "/PM/selfservice")!
    .acl.push({ ...helpdesk.acl[0], identity: "CORP\\Opérateurs Support", sid: "S-1-5-21-2-3-4-3001" });
  helpdesk.acl.unshift({
    identity: "CORP\\Opérateurs Support",
    sid: "S-1-5-21-2-3-4-3001",
    rights: 1179817,
    type: 0,
    inheritance: 3,
    propagation: 0,
    inherited: false,
  });
  return host;
}
const ADMIN_WEB_CONFIG = `<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <system.webServer><security><authorization><add accessType="Deny" users="*" /></authorization></security></system.webServer>
</configuration>
`;

/** web02: a second site whose pool was deleted, next to a healthy one. */
function web02(): WindowsHost {
  const host = windowsHost("web02");
  const broken = JSON.parse(JSON.stringify(host.sites[0])) as WindowsHost["sites"][number];
  broken.name = "Legacy";
  broken.id = 2;
  broken.bindings = [{ protocol: "http", bindingInformation: "*:8080:" }];
  broken.paths = [
    pathConfig(
      "/",
      "C:\\inetpub\\legacy",
      ["anonymous"],
      [{ accessType: "Allow", users: "*", roles: "", verbs: "" }],
      host.sites[0].paths[0].acl,
      { appPool: "LegacyPool" },
    ),
  ];
  host.sites.push(broken);
  return host;
}

/**
 * web03, scanned against its declaration (the reference fleet's, whose users come from the head
 * office range and a branch office of 40 users behind one NAT address): /PM/admin admits only the
 * admins' VPN (denyAction Unauthorized), the site root limits concurrent requests per address to 10,
 * /PM/helpdesk loads an ISAPI filter, /PM/selfservice maps *.pl to a CGI program the restriction list allows.
 */
function web03(): WindowsHost {
  const host = windowsHost("web03");
  host.modules = [...host.modules, "IpRestrictionModule", "DynamicIpRestrictionModule", "IsapiFilterModule", "CgiModule"];
  const at = (path: string) => host.sites[0].paths.find((p) => p.path === path)!;
  at("/PM/admin").ipSecurity = {
    allowUnlisted: false,
    denyAction: "Unauthorized",
    enableReverseDns: false,
    entries: [{ ipAddress: "10.30.0.0", subnetMask: "255.255.0.0", domainName: "", allowed: true }],
  };
  at("/").dynamicIpSecurity = {
    denyAction: "Unauthorized",
    enableLoggingOnlyMode: false,
    denyByConcurrentRequests: { enabled: true, maxConcurrentRequests: 10 },
    denyByRequestRate: { enabled: false, maxRequests: 20, requestIntervalInMilliseconds: 200 },
  };
  at("/PM/helpdesk").isapiFilters = [{ name: "SSO agent", path: "C:\\Program Files\\SSO\\WebAgent.dll", enabled: true }];
  at("/PM/selfservice").handlers = [
    { name: "Perl", path: "*.pl", verb: "GET,POST", modules: "CgiModule", scriptProcessor: "C:\\Perl\\bin\\perl.exe", preCondition: "" },
  ];
  host.isapiCgiRestriction = {
    notListedIsapisAllowed: false,
    notListedCgisAllowed: false,
    entries: [{ path: "C:\\Perl\\bin\\perl.exe", allowed: true }],
  };
  return host;
}

function declaredWeb03(): Fleet {
  const { spec, problems } = normalizeSite({ ...cleanFleet().servers[0].site, server: "web03" });
  if (problems.length > 0) throw new Error(JSON.stringify(problems));
  return {
    sites: [{ ...spec, origin: "declared", resource: "urn:pulumi:test::fleet::iisguard:index:Site::web03-pm", unknown: [] }],
    hosts: [],
    vms: [],
  };
}

let fleet: SshdFleet;
let findings: Finding[];
let hosts: Awaited<ReturnType<typeof scan>>["hosts"];
beforeAll(async () => {
  fleet = await startSshdFleet(
    [
      { server: "web01", windows: web01(), windowsFiles: { "files/C/Program Files/Password Manager/Admin/web.config": ADMIN_WEB_CONFIG } },
      { server: "web02", windows: web02() },
      { server: "web03", windows: web03() },
    ],
    { realPowerShell: true },
  );
  const collector = new SshCollector(
    collectorOptions({
      user: fleet.user,
      identity: fleet.identityFile,
      agent: false,
      knownHosts: fleet.knownHostsFile,
      acceptNewHostKeys: false,
      connectTimeout: 10_000,
      commandTimeout: 120_000,
      hostTimeout: 150_000,
      maxOutputBytes: 16 * 1024 * 1024,
    }),
  );
  const targets = fleet.hosts.map((h) => ({ server: h.server, address: "127.0.0.1", port: h.port }));
  const report = await scan({ targets, declared: declaredWeb03() }, collector, { concurrency: 2, version: "test" });
  findings = report.findings;
  hosts = report.hosts;
});
afterAll(() => fleet?.close());

const about = (target: string, rule: string) => findings.filter((f) => f.target === target && f.ruleId === rule);
/** What the rules say: every host's planted logs also hold an expired password's 401s (issue #14), reported on their own. */
const judged = () => findings.filter((f) => f.ruleId !== "unexplained-401s");

test("every host was read by the real script", () => {
  expect(hosts.map((h) => [h.server, h.status, h.problems ?? []])).toEqual([
    ["web01", "ok", []],
    ["web02", "ok", expect.any(Array)],
    ["web03", "ok", []],
  ]);
});

test("defect 1: a Deny that lives only in the application's web.config is found", () => {
  expect(about("web01/Default Web Site/PM/admin", "authorization-admits-someone").map((f) => f.status)).toEqual(["violation"]);
});

test("defect 2 and 18: a one-rule application naming a non-ASCII domain group is judged, and compliant", () => {
  const helpdesk = judged().filter((f) => f.target === "web01/Default Web Site/PM/helpdesk");
  expect(helpdesk.map((f) => `${f.ruleId} ${f.status}`)).toEqual([]);
});

test("defect 19: a site whose pool was deleted is unknown with the reason; its neighbour is judged", () => {
  const legacy = judged().filter((f) => f.target.startsWith("web02/Legacy"));
  expect(legacy.length).toBeGreaterThan(0);
  expect(legacy.every((f) => f.status === "unknown")).toBe(true);
  expect(legacy.map((f) => f.message).join("\n")).toMatch(/LegacyPool.*does not exist/);
  expect(judged().filter((f) => f.target.startsWith("web02/Default Web Site"))).toEqual([]);
});

const shown = (target: string, rule: string) => about(target, rule).map((f) => `${f.status} ${f.substatus}`);

test("401.503: an application whose IP restrictions admit only another range denies both declared offices", () => {
  expect(shown("web03/Default Web Site/PM/admin", "ip-restrictions-admit-users")).toEqual(["violation 401.503", "violation 401.503"]);
  expect(shown("web03/Default Web Site/PM/helpdesk", "ip-restrictions-admit-users")).toEqual([]); // the default ipSecurity there admits them (compliant findings stay out of the report);
});

test("401.501: a limit of 10 concurrent requests per address locks out the 40 users behind the branch office's NAT address", () => {
  expect(shown("web03/Default Web Site/", "dynamic-ip-limits-fit-users")).toEqual(["violation 401.501"]);
  expect(about("web03/Default Web Site/", "dynamic-ip-limits-fit-users")[0].message).toMatch(/Branch office/);
});

test("401.4 and 401.5: the ISAPI filter and the allowed CGI program are named as suspects", () => {
  expect(shown("web03/Default Web Site/PM/helpdesk", "isapi-authorization-suspects")).toEqual(["violation 401.4"]);
  expect(shown("web03/Default Web Site/PM/selfservice", "isapi-authorization-suspects")).toEqual(["violation 401.5"]);
  expect(shown("web03/Default Web Site/PM/admin", "isapi-authorization-suspects")).toEqual([]);
});

test("issue #14: the real script's log evidence is correlated: an unexplained 401.1 × 1330 (expired password) on /PM/helpdesk, and the 401.4 prediction shown as 0 observed on a busy site", () => {
  for (const server of ["web01", "web03"]) {
    const unexplained = findings.filter((f) => f.ruleId === "unexplained-401s" && f.location.server === server);
    expect(unexplained.map((f) => [f.target, f.substatus, f.data?.win32, f.severity])).toEqual([
      [`${server}/Default Web Site/PM/helpdesk`, "401.1", 1330, "medium"],
    ]);
    expect(unexplained[0].evidence).toMatchObject({ observed: 6, win32: [{ code: 1330, count: 6 }], requests: 20 });
  }
  expect(about("web03/Default Web Site/PM/helpdesk", "isapi-authorization-suspects")[0].evidence).toMatchObject({
    observed: 0,
    handshake: 0,
    requests: 20,
  });
  expect(hosts.find((h) => h.server === "web03")?.logs?.sites).toEqual([
    { site: "Default Web Site", read: true, files: 2, entries: 20, problems: [] },
  ]);
});

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

jest.setTimeout(240_000);

/** web01: /PM/admin's Deny lives only in its web.config; /PM/helpdesk has one rule naming a non-ASCII domain group. */
function web01(): WindowsHost {
  const host = windowsHost("web01");
  const helpdesk = host.sites[0].paths.find((p) => p.path === "/PM/helpdesk")!;
  helpdesk.authorization = [{ accessType: "Allow", users: "", roles: "CORP\\Opérateurs Support", verbs: "" }];
  host.accounts["CORP\\Opérateurs Support"] = "S-1-5-21-2-3-4-3001";
  host.groups["S-1-5-21-2-3-4-3001"] = { members: [{ name: "CORP\\amélie", sid: "S-1-5-21-2-3-4-3002" }] };
  host.sites[0].paths.find((p) => p.path === "/PM/selfservice")!.acl.push({ ...helpdesk.acl[0], identity: "CORP\\Opérateurs Support", sid: "S-1-5-21-2-3-4-3001" });
  helpdesk.acl.unshift({ identity: "CORP\\Opérateurs Support", sid: "S-1-5-21-2-3-4-3001", rights: 1179817, type: 0, inheritance: 3, propagation: 0, inherited: false });
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
  broken.paths = [pathConfig("/", "C:\\inetpub\\legacy", ["anonymous"], [{ accessType: "Allow", users: "*", roles: "", verbs: "" }], host.sites[0].paths[0].acl, { appPool: "LegacyPool" })];
  host.sites.push(broken);
  return host;
}

let fleet: SshdFleet;
let findings: Finding[];
let hosts: Awaited<ReturnType<typeof scan>>["hosts"];
beforeAll(async () => {
  fleet = await startSshdFleet(
    [
      { server: "web01", windows: web01(), windowsFiles: { "files/C/Program Files/Password Manager/Admin/web.config": ADMIN_WEB_CONFIG } },
      { server: "web02", windows: web02() },
    ],
    { realPowerShell: true },
  );
  const collector = new SshCollector(
    collectorOptions({ user: fleet.user, identity: fleet.identityFile, agent: false, knownHosts: fleet.knownHostsFile, acceptNewHostKeys: false, connectTimeout: 10_000, commandTimeout: 120_000, hostTimeout: 150_000, maxOutputBytes: 16 * 1024 * 1024 }),
  );
  const targets = fleet.hosts.map((h) => ({ server: h.server, address: "127.0.0.1", port: h.port }));
  const report = await scan({ targets, declared: { sites: [], hosts: [], vms: [] } }, collector, { concurrency: 2, version: "test" });
  findings = report.findings;
  hosts = report.hosts;
});
afterAll(() => fleet?.close());

const about = (target: string, rule: string) => findings.filter((f) => f.target === target && f.ruleId === rule);

test("both hosts were read by the real script", () => {
  expect(hosts.map((h) => [h.server, h.status, h.problems ?? []])).toEqual([
    ["web01", "ok", []],
    ["web02", "ok", expect.any(Array)],
  ]);
});

test("defect 1: a Deny that lives only in the application's web.config is found", () => {
  expect(about("web01/Default Web Site/PM/admin", "authorization-admits-someone").map((f) => f.status)).toEqual(["violation"]);
});

test("defect 2 and 18: a one-rule application naming a non-ASCII domain group is judged, and compliant", () => {
  const helpdesk = findings.filter((f) => f.target === "web01/Default Web Site/PM/helpdesk");
  expect(helpdesk.map((f) => `${f.ruleId} ${f.status}`)).toEqual([]);
});

test("defect 19: a site whose pool was deleted is unknown with the reason; its neighbour is judged", () => {
  const legacy = findings.filter((f) => f.target.startsWith("web02/Legacy"));
  expect(legacy.length).toBeGreaterThan(0);
  expect(legacy.every((f) => f.status === "unknown")).toBe(true);
  expect(legacy.map((f) => f.message).join("\n")).toMatch(/LegacyPool.*does not exist/);
  expect(findings.filter((f) => f.target.startsWith("web02/Default Web Site"))).toEqual([]);
});

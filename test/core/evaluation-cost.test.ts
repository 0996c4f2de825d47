// Issue 10, "one answer must not stall the scan": evaluating what one host may send costs time
// linear in it. Each test is a shape a hostile (or just very large) host can send; before, each was
// quadratic somewhere on the evaluation path.
import fc from "fast-check";
import { evaluate } from "../../core/engine";
import type { Application, Fleet, Host, Site, VirtualMachine } from "../../core/model";
import { ancestorIndex, ancestorsOf } from "../../core/subjects";
import { app, baselineFleet } from "../fixtures/fleet";

/**
 * The CPU time the work took in this process (ms): on a loaded machine wall time measures the other
 * processes too, and a quadratic step shows up in CPU time just the same.
 */
const timed = (work: () => unknown) => {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
};

test("a site with 20,000 applications (and an unknown per application) is evaluated in time linear in them", () => {
  const fleet = baselineFleet();
  const site = fleet.sites[0];
  const apps: Application[] = [app("/")];
  for (let i = 0; i < 20_000; i++)
    apps.push(app(i % 2 ? `/PM/a${i >> 1}/b` : `/PM/a${i >> 1}`, { authorization: [{ access: "allow", users: ["*"], roles: [] }] }));
  site.applications = apps;
  site.unknown = apps.map((_, i) => `applications[${i}].acl`);
  expect(timed(() => expect(evaluate(fleet).length).toBeGreaterThan(20_000))).toBeLessThan(8_000);
});

test("5,000 sites on one server and 5,000 VMs are joined without comparing every pair", () => {
  const fleet = baselineFleet();
  const base = fleet.sites[0];
  fleet.sites = Array.from({ length: 5_000 }, (_, i): Site => ({ ...base, siteName: `s${i}`, vm: `vm${i}`, resource: `urn:s${i}` }));
  fleet.vms = Array.from({ length: 5_000 }, (_, i): VirtualMachine => ({ ...baselineFleet().vms[0], resource: `vm${i}`, name: `vm${i}` }));
  fleet.hosts = Array.from({ length: 5_000 }, (_, i): Host => ({
    ...baselineFleet().hosts[0],
    server: `h${i}`,
    vm: `vm${i}`,
    resource: `urn:h${i}`,
  }));
  fleet.declared = { sites: fleet.sites, hosts: fleet.hosts, vms: [] };
  expect(timed(() => evaluate(fleet))).toBeLessThan(8_000);
});

test("the proxy rule decides each distinct name once per bypass list: 10 hostile lists × 20,000 names", () => {
  const fleet = baselineFleet();
  const site = fleet.sites[0];
  site.bindings = Array.from({ length: 20_000 }, (_, i) => ({
    protocol: "https" as const,
    port: 443,
    hostName: `${"a".repeat(200)}${i}.corp.example.com`,
  }));
  const host = fleet.hosts[0];
  fleet.hosts = Array.from({ length: 10 }, (_, i): Host => ({
    ...host,
    server: `h${i}`,
    resource: `urn:h${i}`,
    proxy: {
      enabled: true,
      bypassLocal: true,
      bypassList: [`*${"a".repeat(250)}b${i}`, ...Array.from({ length: 200 }, (_, j) => `x${j}.corp.example.com`), "*.corp.example.com"],
    },
  }));
  expect(timed(() => evaluate(fleet))).toBeLessThan(8_000);
});

test("ancestors from the path tree are exactly those of the pairwise definition (generated paths)", () => {
  const segment = fc.constantFrom("", "a", "A", "b", "ab", "PM");
  const path = fc
    .array(segment, { minLength: 1, maxLength: 4 })
    .map((s) => s.join("/"))
    .chain((p) => fc.constantFrom(p, `/${p}`, "/"));
  fc.assert(
    fc.property(fc.array(path, { maxLength: 8 }), (paths) => {
      const site: Site = { ...baselineFleet().sites[0], applications: paths.map((p) => app(p)) };
      const index = ancestorIndex(site);
      for (const a of site.applications) expect(index(a)).toEqual(ancestorsOf(site, a));
    }),
    { numRuns: 3000 },
  );
});

test("an application's unknowns are its own and the site's, in their order, whatever their number", () => {
  const fleet: Fleet = baselineFleet();
  fleet.sites[0].unknown = ["applications[2].authorization", "bindings", "applications[1].authentication", "applications[1]"];
  const unknown = evaluate(fleet).filter((f) => f.status === "unknown" && f.ruleId === "auth-method-required");
  expect(unknown.map((f) => `${f.target}: ${f.message}`)).toEqual([
    "web01/Default Web Site/PM/admin: site.applications.authentication is not known (unknown during preview or not collected)",
  ]);
});

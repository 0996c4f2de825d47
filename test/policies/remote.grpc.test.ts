// Remote checks at preview, through the pack over gRPC: servers that exist are read once each,
// what is deployed is judged by the same rules, an unreachable server is an advisory diagnostic,
// and a server unknown at preview is left alone.
import type { EmulatedFleet } from "../../emulator/fleet";
import { startEmulatedFleet } from "../../emulator/fleet";
import type { Diagnostic, PolicyPackProcess } from "../../preview/pack-process";
import { fleetResources, startPack } from "../helpers/pack";

let pack: PolicyPackProcess;
let fleet: EmulatedFleet;
beforeAll(async () => {
  [pack, fleet] = await Promise.all([
    startPack(),
    startEmulatedFleet([{ server: "web01" }, { server: "web02", variant: "anonymous-drift" }]),
  ]);
}, 120_000);
afterAll(async () => {
  await pack?.close();
  await fleet?.close();
});

function remoteConfig(ports: Record<string, number>) {
  return {
    "iisguard-remote": {
      enabled: true,
      user: "iisguard",
      identity: fleet.identityFile,
      knownHosts: fleet.knownHostsFile,
      commandTimeoutMs: 3000,
      hostTimeoutMs: 5000,
      hosts: Object.fromEntries(Object.entries(ports).map(([server, port]) => [server, { address: "127.0.0.1", port }])),
    },
  };
}
const port = (server: string) => fleet.hosts.find((h) => h.server === server)!.port;
const byPolicy = (ds: Diagnostic[], name: string) => ds.filter((d) => d.policyName === name);

test("off by default: nothing is collected", async () => {
  await pack.configure({});
  const before = fleet.hosts.map((h) => h.connections);
  expect(byPolicy(await pack.analyzeStack(await fleetResources("clean")), "iisguard-remote")).toEqual([]);
  expect(fleet.hosts.map((h) => h.connections)).toEqual(before);
});

test("what is deployed is judged by the same rules, one SSH session per server", async () => {
  await pack.configure(remoteConfig({ web01: port("web01"), web02: port("web02") }));
  const before = fleet.hosts.map((h) => h.connections);
  const ds = await pack.analyzeStack(await fleetResources("clean"));
  // web01 and web02 each carry a Site and a Host: still one connection each.
  expect(fleet.hosts.map((h, i) => h.connections - before[i])).toEqual([1, 1]);
  const remote = byPolicy(ds, "iisguard-remote");
  expect(remote.map((d) => d.message)).toEqual([
    expect.stringMatching(
      /^\[DEPLOYED on web02\] single-auth-method: \[ADVISORY\] web02\/Default Web Site\/PM\/helpdesk enables 2 authentication methods/,
    ),
    expect.stringMatching(
      /^\[DEPLOYED on web02\] declared-config-drift: .*authentication is anonymous, windows on the server but declared windows/,
    ),
  ]);
  expect(remote.map((d) => [d.enforcementLevel, d.urn])).toEqual(
    remote.map(() => ["advisory", expect.stringMatching(/iisguard:index:Site::web02-pm$/)]),
  );
  expect(byPolicy(ds, "iisguard-incomplete")).toEqual([]);
});

test("an unreachable server is an advisory diagnostic and the preview goes on", async () => {
  await pack.configure({
    ...remoteConfig({ web01: port("web01"), web02: 1 }),
    "iisguard-remote": { ...remoteConfig({ web01: port("web01"), web02: 1 })["iisguard-remote"], connectTimeoutMs: 500 },
  });
  const ds = await pack.analyzeStack(await fleetResources("clean"));
  expect(byPolicy(ds, "iisguard-incomplete").map((d) => [d.enforcementLevel, d.message])).toEqual([
    ["advisory", expect.stringMatching(/^\[UNREACHABLE\] web02: .*ECONNREFUSED/)],
  ]);
  expect(byPolicy(ds, "iisguard-remote")).toEqual([]);
});

test("bad credentials are one diagnostic, not a failed preview", async () => {
  await pack.configure({ "iisguard-remote": { ...remoteConfig({})["iisguard-remote"], identity: "/nonexistent/key" } });
  const ds = await pack.analyzeStack(await fleetResources("clean"));
  expect(byPolicy(ds, "iisguard-remote").map((d) => d.message)).toEqual([
    expect.stringMatching(/^\[REMOTE\] remote checks could not start: \/nonexistent\/key: cannot read: ENOENT/),
  ]);
});

test("servers unknown during preview are being created: nothing to read", async () => {
  await pack.configure(remoteConfig({ web01: port("web01"), web02: port("web02") }));
  const before = fleet.hosts.map((h) => h.connections);
  const ds = await pack.analyzeStack(await fleetResources("server-unknown"));
  expect(byPolicy(ds, "iisguard-remote")).toEqual([]);
  expect(fleet.hosts.map((h) => h.connections)).toEqual(before);
});

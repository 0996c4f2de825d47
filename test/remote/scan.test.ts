// `iisguard scan` on an emulated fleet: every host accounted for, the same rules on what is
// deployed, drift against the stack, baselines, shards and interruption.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mergeReports } from "../../cli/commands/merge";
import { scanCommand } from "../../cli/commands/scan";
import { jsonReport } from "../../core/report/json";
import type { EmulatedFleet } from "../../emulator/fleet";
import { scan } from "../../remote/scan";
import { inventoryFromYaml } from "../../remote/inventory";
import { collectorFor, scanFleet } from "../helpers/scan-fleet";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-scan-"));
let fleet: EmulatedFleet;
beforeAll(async () => {
  fleet = await scanFleet(
    [
      { server: "web01" },
      { server: "web02", variant: "anonymous-drift" },
      { server: "web03", fault: "hang" },
      { server: "web04", variant: "acl-denies-helpdesk" },
      { server: "web05", variant: "clock-skew" },
    ],
    dir,
  );
}, 60_000);
afterAll(async () => {
  await fleet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const run = (extra: Partial<Parameters<typeof scanCommand>[0]> = {}) =>
  scanCommand(
    { inventory: fleet.inventoryFile, concurrency: 8, failOn: "low", ...extra },
    collectorFor(fleet, { commandTimeout: 1500, hostTimeout: 3000 }),
  );

test("every host is in the report; a hanging host is unknown with its reason; exit code 1", async () => {
  const { report, exitCode } = await run();
  expect(report.hosts.map((h) => [h.server, h.status])).toEqual([
    ["web01", "ok"],
    ["web02", "ok"],
    ["web03", "failed"],
    ["web04", "ok"],
    ["web05", "ok"],
  ]);
  expect(report.hosts[2].reason).toMatch(/^web03: 127\.0\.0\.1: command produced no result within 1500 ms/);
  expect(report.findings.filter((f) => f.target === "web03").map((f) => [f.ruleId, f.status])).toEqual([["could-not-read", "unknown"]]);
  expect(exitCode).toBe(1);
  // web01 is deployed exactly as declared: no rule finds anything; only its logs' expired password (issue #14) is reported.
  expect(report.findings.filter((f) => f.target.startsWith("web01")).map((f) => f.ruleId)).toEqual(["unexplained-401s"]);
});

test("the same rules run on what is deployed, and drift shows both values", async () => {
  const { report } = await run();
  const about = (server: string) =>
    report.findings
      .filter((f) => f.target.startsWith(server) && f.ruleId !== "unexplained-401s")
      .map((f) => `${f.ruleId} ${f.messageId}`)
      .sort();
  expect(about("web02")).toEqual(["declared-config-drift differs", "single-auth-method several"]);
  expect(report.findings.find((f) => f.target.startsWith("web02") && f.ruleId === "declared-config-drift")?.data).toEqual({
    target: "web02/Default Web Site/PM/helpdesk",
    field: "authentication",
    declared: "windows",
    observed: "anonymous, windows",
  });
  expect(about("web04")).toEqual(["content-acl-grants-read cannotRead"]);
  expect(report.findings.find((f) => f.target.startsWith("web04"))?.substatus).toBe("401.3");
  expect(about("web05")).toEqual(["clock-skew skewed"]);
});

test("the collector asked each host to resolve the declared roles, as data, and for a day of log evidence within the answer limits", () => {
  expect(fleet.received.get("web01")?.[0]).toEqual({
    roles: ["Administrators", "Help Desk Operators"],
    userSids: [],
    paths: ["/", "/PM/admin", "/PM/helpdesk", "/PM/selfservice"].map((path) => ({ site: "Default Web Site", path })),
    logWindowHours: 24,
    logByteCap: 16 * 1024 * 1024,
    logMaxLines: 100_000,
    logMaxBytes: 8 * 1024 * 1024,
  });
});

test("a baseline marks findings new or existing and lists what was resolved", async () => {
  const { report: before } = await run();
  const baselineFile = path.join(dir, "baseline.json");
  // Pretend web01 had a finding last night that is gone now.
  fs.writeFileSync(
    baselineFile,
    jsonReport({
      ...before,
      findings: [
        ...before.findings.filter((f) => f.target.startsWith("web02")),
        {
          ...before.findings[0],
          target: "web01/Default Web Site/PM/admin",
          ruleId: "single-auth-method",
          messageId: "several",
          data: { x: 1 },
        },
      ],
    }),
  );
  const { report } = await run({ baseline: baselineFile });
  expect(report.findings.filter((f) => f.target.startsWith("web02")).every((f) => f.baseline === "existing")).toBe(true);
  expect(report.findings.filter((f) => f.target.startsWith("web04")).every((f) => f.baseline === "new")).toBe(true);
  expect(report.resolved?.map((r) => r.target)).toEqual(["web01/Default Web Site/PM/admin"]);
});

test("shards split the hosts deterministically and merge back into the whole", async () => {
  const shards = await Promise.all([1, 2, 3].map((index) => run({ shard: { index, count: 3 } })));
  const files = shards.map((s, i) => {
    const f = path.join(dir, `shard-${i + 1}.json`);
    fs.writeFileSync(f, jsonReport(s.report));
    return f;
  });
  const counts = shards.map((s) => s.report.hosts.length);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
  const again = await run({ shard: { index: 1, count: 3 } });
  expect(again.report.hosts.map((h) => h.server)).toEqual(shards[0].report.hosts.map((h) => h.server));
  const merged = mergeReports(files);
  expect(merged.hosts.map((h) => h.server).sort()).toEqual(["web01", "web02", "web03", "web04", "web05"]);
  expect(merged.findings.length).toBe(shards.reduce((n, s) => n + s.report.findings.length, 0));
  expect(() => mergeReports([files[0], files[0]])).toThrow(/shards must not overlap/);
});

test("an interrupted scan accounts for every host and says it is partial", async () => {
  const inventory = inventoryFromYaml(fleet.inventoryFile);
  const abort = new AbortController();
  const report = await scan({ targets: inventory.targets, declared: inventory.declared }, collectorFor(fleet), {
    concurrency: 1,
    signal: abort.signal,
    version: "test",
    onHostDone: (_r, done) => done === 2 && abort.abort(),
  });
  expect(report.complete).toBe(false);
  expect(report.hosts.map((h) => h.status)).toEqual(["ok", "ok", "not-scanned", "not-scanned", "not-scanned"]);
  expect(report.findings.filter((f) => f.ruleId === "could-not-read").map((f) => f.message)).toEqual(
    ["web03", "web04", "web05"].map((s) => `no rule could run on ${s}: the scan was interrupted before this host was read`),
  );
});

test("with probing on, each binding and application is requested unauthenticated and the schemes recorded", async () => {
  const http = await import("http");
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/PM/admin") || req.url?.startsWith("/PM/helpdesk"))
      res.writeHead(401, [
        ["WWW-Authenticate", "Negotiate"],
        ["WWW-Authenticate", "NTLM"],
      ]);
    else res.writeHead(200);
    res.end();
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)),
  );
  try {
    const { hostFacts } = await import("../../emulator/host-facts");
    const { FixtureCollector } = await import("../../remote/collector");
    const facts = hostFacts("web01") as { sites: { bindings: unknown[] }[] };
    facts.sites[0].bindings = [{ protocol: "http", bindingInformation: `*:${port}:pm.corp.example.com` }];
    const report = await scan(
      { targets: [{ server: "web01", address: "127.0.0.1" }], declared: { sites: [], hosts: [], vms: [] } },
      new FixtureCollector(new Map([["web01", facts]])),
      {
        concurrency: 1,
        version: "test",
        probe: { timeoutMs: 2000 },
      },
    );
    expect(report.hosts[0].probes?.map((p) => [p.url.replace(`:${port}`, ":PORT"), p.status, p.methods.join("+")])).toEqual([
      ["http://pm.corp.example.com:PORT/", 200, "anonymous"],
      ["http://pm.corp.example.com:PORT/PM/admin", 401, "windows"],
      ["http://pm.corp.example.com:PORT/PM/helpdesk", 401, "windows"],
      ["http://pm.corp.example.com:PORT/PM/selfservice", 200, "anonymous"],
    ]);
  } finally {
    server.close();
  }
});

// Fault soak: a scan of many emulated hosts of which one in ten misbehaves in a different way.
// Every host is accounted for with its reason, memory stays bounded, the total time is bounded by
// the per-host timeout, and the misbehaving hosts do not change what is reported for the others.
// Size: IISGUARD_SOAK_HOSTS (default 100; `npm run reliability` soaks 1,000).
import * as fs from "fs";
import { scanCommand } from "../../cli/commands/scan";
import { startEmulatedFleet, type EmulatedFleet, type EmulatedServer } from "../../emulator/fleet";
import type { Fault } from "../../emulator/ssh-host";
import { collectorFor } from "../helpers/scan-fleet";

const HOSTS = Number(process.env.IISGUARD_SOAK_HOSTS ?? 100);
const OUT = process.env.IISGUARD_RELIABILITY_OUT;
type Misbehaviour = Fault | "wrong-host-key";
const MISBEHAVIOURS: { kind: Misbehaviour; expect: string }[] = [
  { kind: "hang", expect: "timeout" },
  { kind: "drop", expect: "dropped" },
  { kind: "drip", expect: "timeout" },
  { kind: "garbage", expect: "bad-output" },
  { kind: "flood", expect: "output-too-large" },
  { kind: "wrong-host-key", expect: "host-key" },
  { kind: "auth-fail", expect: "auth" },
  { kind: "wrong-exit", expect: "bad-output" },
  { kind: "channel-refused", expect: "channel" },
  // Prototype keys, wrong types and 20,000 levels of nesting: beyond the answer limits (depth 32),
  // so refused before it is parsed (remote/answer-limits.ts).
  { kind: "hostile-json", expect: "output-too-large" },
];

function servers(): (EmulatedServer & { misbehaviour?: Misbehaviour })[] {
  return Array.from({ length: HOSTS }, (_, i) => {
    const server = `srv${String(i + 1).padStart(4, "0")}`;
    if (i % 10 !== 3) return { server, variant: i % 7 === 0 ? ("anonymous-drift" as const) : undefined };
    const m = MISBEHAVIOURS[Math.floor(i / 10) % MISBEHAVIOURS.length].kind;
    return m === "wrong-host-key" ? { server, wrongHostKey: true, misbehaviour: m } : { server, fault: m, misbehaviour: m };
  });
}

let fleet: EmulatedFleet;
beforeAll(async () => {
  fleet = await startEmulatedFleet(servers());
}, 300_000);
afterAll(() => fleet?.close());

test(`${HOSTS} hosts, 10% misbehaving: all accounted for, bounded in time and memory`, async () => {
  const list = servers();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = Date.now();
  const hostTimeout = 4000;
  // A flooding host must reach the output cap well within its command timeout even on a loaded
  // machine: the cap is 1 MiB here (a real answer is tens of kB), not the 16 MiB default.
  const { report } = await scanCommand(
    { inventory: fleet.inventoryFile, concurrency: 64, failOn: "low" },
    collectorFor(fleet, { commandTimeout: 2000, hostTimeout, maxOutputBytes: 1024 * 1024 }),
  );
  const elapsed = Date.now() - started;
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

  expect(report.hosts.map((h) => h.server)).toEqual(list.map((s) => s.server));
  for (const s of list) {
    const h = report.hosts.find((x) => x.server === s.server)!;
    const expected = MISBEHAVIOURS.find((m) => m.kind === s.misbehaviour)?.expect ?? "ok";
    expect([s.server, expected === "ok" ? h.status : h.errorKind]).toEqual([s.server, expected]);
    if (h.status !== "ok") expect(h.reason).toMatch(new RegExp(`^${s.server}: `));
  }
  // Hosts that answer slowly or never cost at most the host timeout, in waves of `concurrency`; the
  // rest is CPU: both ends of every SSH session run in this one process (~30 ms a host here).
  const slow = list.filter((s) => s.misbehaviour === "hang" || s.misbehaviour === "drip").length;
  expect(elapsed).toBeLessThan(hostTimeout * Math.ceil(slow / 64 + 1) + HOSTS * 60);
  expect(heapGrowth).toBeLessThan(256 * 1024 * 1024);
  // Hostile output did not pollute prototypes nor change what was found on the well-behaved hosts.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const healthy = list.filter((s) => !s.misbehaviour);
  // Rules' findings only: every emulated host's planted logs also hold an expired password's 401s (unexplained-401s, issue #14).
  const findingsOf = (server: string) =>
    report.findings
      .filter((f) => f.target.split("/")[0] === server && f.ruleId !== "unexplained-401s")
      .map((f) => `${f.ruleId}:${f.messageId}`)
      .sort();
  // The drifted variant (Anonymous beside Windows under a role-only rule) is IIS's working mixed mode
  // (collector-review defect 8), and these hosts declare no exactly-one-method expectation: nothing to report.
  for (const s of healthy) expect(findingsOf(s.server)).toEqual([]);
  if (OUT)
    fs.appendFileSync(
      OUT,
      `${JSON.stringify({ soak: { hosts: HOSTS, misbehaving: list.length - healthy.length, kinds: MISBEHAVIOURS.map((m) => m.kind), elapsedMs: elapsed, heapGrowthMb: Math.round(heapGrowth / 1048576), accounted: report.hosts.length } })}\n`,
    );
}, 600_000);

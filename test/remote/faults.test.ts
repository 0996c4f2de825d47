// A host that misbehaves becomes a RemoteError with a reason a person can act on, within the
// timeouts, and never takes the collector down.
import { hostFacts } from "../../emulator/host-facts";
import type { Fault } from "../../emulator/ssh-host";
import { SshCollector } from "../../remote/collector";
import { RemoteError } from "../../remote/remote-error";
import { inProcessTier } from "../helpers/inprocess-tier";

let tier: Awaited<ReturnType<typeof inProcessTier>>;
beforeAll(async () => {
  tier = await inProcessTier();
});
afterAll(() => tier.teardown());

const params = { roles: ["Administrators"], userSids: [] };

test.each<{ fault: Fault; kind: RemoteError["kind"]; reason: RegExp }>([
  { fault: "hang", kind: "timeout", reason: /no result within 600 ms/ },
  { fault: "drop", kind: "dropped", reason: /connection dropped before the command finished/ },
  { fault: "drip", kind: "timeout", reason: /no result within 600 ms/ },
  { fault: "garbage", kind: "bad-output", reason: /not one JSON document .*Service Unavailable/ },
  { fault: "flood", kind: "output-too-large", reason: /output exceeded 1048576 bytes/ },
  { fault: "wrong-exit", kind: "bad-output", reason: /status ok but exit code 5/ },
  { fault: "no-exit-status", kind: "bad-output", reason: /status ok but exit code null/ },
  { fault: "script-error", kind: "remote-failure", reason: /collection script failed: Get-Website : Cannot find drive/ },
  { fault: "channel-refused", kind: "channel", reason: /cannot open a channel/ },
  { fault: "auth-fail", kind: "auth", reason: /authentication failed/ },
])("$fault → $kind", async ({ fault, kind, reason }) => {
  const host = await tier.startHost(hostFacts("web01"), fault);
  const collector = new SshCollector(tier.options({ limits: { timeoutMs: 600, maxOutputBytes: 1024 * 1024 }, hostTimeoutMs: 3000 }));
  const started = Date.now();
  const err = await collector.collect({ server: "web01", address: "127.0.0.1", port: host.port }, params).catch((e) => e);
  expect(err).toBeInstanceOf(RemoteError);
  expect(err.kind).toBe(kind);
  expect(err.message).toMatch(reason);
  expect(Date.now() - started).toBeLessThan(3000);
});

test("a closed port is a connect error, an unanswering peer a timeout", async () => {
  const collector = new SshCollector(tier.options({ connectTimeoutMs: 300, hostTimeoutMs: 2000 }));
  const closed = await collector.collect({ server: "gone", address: "127.0.0.1", port: 1 }, params).catch((e) => e);
  expect(closed.kind).toBe("connect");
  expect(closed.message).toMatch(/127\.0\.0\.1:1: connect ECONNREFUSED/);
});

test("the host timeout bounds everything, whatever the per-command timeout", async () => {
  const host = await tier.startHost(hostFacts("web01"), "hang");
  const collector = new SshCollector(tier.options({ limits: { timeoutMs: 60_000, maxOutputBytes: 1024 }, hostTimeoutMs: 500 }));
  const err = await collector.collect({ server: "web01", address: "127.0.0.1", port: host.port }, params).catch((e) => e);
  expect(err.kind).toBe("timeout");
  expect(err.message).toMatch(/web01: no result within the host timeout of 500 ms/);
});

// One contract every collector tier must meet, run against each emulated tier (in-process ssh2
// server, Debian's sshd with a ForceCommand): same facts as the fixture, parameters arriving as
// identical data, host keys verified and refused when wrong.
import { parseHostFacts } from "../../remote/facts";
import type { CollectParams, Collector, HostTarget } from "../../remote/collector";
import { factsOf, hostFacts } from "../../emulator/host-facts";
import { windowsHost } from "../../emulator/windows-host";
import { ANSWER_LIMITS } from "../../remote/answer-limits";
import type { RemoteError } from "../../remote/remote-error";

export interface Tier {
  name: string;
  /** A host serving `facts`; `received` collects the parameters the host got. */
  host(facts: Record<string, unknown>): Promise<{ target: HostTarget; received: () => unknown[] }>;
  /** A collector that trusts the tier's hosts. */
  collector(): Collector;
  /** A collector whose known_hosts holds a different key / a revoked key / nothing for the host. */
  collectorWithKnownHosts(kind: "mismatch" | "revoked" | "empty"): Collector;
  teardown(): Promise<void>;
}

export const HOSTILE_NAMES = [
  `Help Desk "Operators"`,
  `x'; Remove-Item C:\\ -Recurse; '`,
  "$(Stop-Computer -Force)",
  "`whoami`",
  "line1\nline2\r\n",
  "Ünïcødé ☃ 管理员",
];

export function collectorContract(makeTier: () => Promise<Tier>): void {
  let tier: Tier;
  beforeAll(async () => {
    tier = await makeTier();
  }, 60_000);
  afterAll(() => tier?.teardown());

  const params: CollectParams = { roles: ["Administrators", "Help Desk Operators"], userSids: ["S-1-5-21-1-2-3-1001"] };

  test("collecting a host gives the facts its document describes", async () => {
    const facts = hostFacts("web01");
    const { target } = await tier.host(facts);
    const observed = await tier.collector().collect(target, params);
    const expected = parseHostFacts({ ...facts, utcNow: new Date().toISOString() }, { server: target.server, receivedAt: Date.now() });
    expect(observed.problems).toEqual([]);
    expect(observed.sites).toEqual(expected.sites);
    expect({ ...observed.host, clockOffsetSeconds: 0 }).toEqual({ ...expected.host, clockOffsetSeconds: 0 });
    expect(Math.abs(observed.host.clockOffsetSeconds ?? 99)).toBeLessThanOrEqual(2);
  });

  test("a collection that asks for logs gets the planted W3C evidence: directives, handshakes, the expired-password burst, no other traffic", async () => {
    const { target } = await tier.host(hostFacts("web01"));
    const withLogs: CollectParams = {
      ...params,
      logWindowHours: 24,
      logByteCap: 16 * 1024 * 1024,
      logMaxLines: ANSWER_LIMITS.logLines,
      logMaxBytes: ANSWER_LIMITS.logBytes,
    };
    const observed = await tier.collector().collect(target, withLogs);
    const expected = factsOf(windowsHost("web01")).logs!;
    // The file's last write is the disk's (.NET prints 7 decimals): the same moment, not the same text.
    const moments = (logs: typeof expected) =>
      logs.map((l) => ({ ...l, files: l.files.map((f) => ({ ...f, lastWriteUtc: Date.parse(f.lastWriteUtc) })) }));
    expect(observed.problems).toEqual([]);
    expect(moments(observed.logs!)).toEqual(moments(expected));
    const lines = observed.logs![0].lines;
    expect(lines.filter((l) => l.endsWith(" 401 1 1330 12"))).toHaveLength(6);
    expect(lines.filter((l) => / 401 [12] (5|2148074254) 12$/.test(l))).toHaveLength(6); // three handshakes, two 401s each
    expect(lines.filter((l) => / 200 0 0 12$/.test(l)).map((l) => l.split(" ")[8])).toEqual([
      "CORP\\helpdesk-ann",
      "CORP\\pm-admin-bob",
      "CORP\\helpdesk-raj",
    ]);
    // Without a byte cap the same host sends no logs at all.
    expect((await tier.collector().collect(target, params)).logs).toBeUndefined();
  });

  test("names with quotes, $(), backticks and newlines arrive as identical data", async () => {
    const { target, received } = await tier.host(hostFacts("web02"));
    const hostile: CollectParams = { roles: HOSTILE_NAMES, userSids: ["S-1-5-21-1-2-3-1001"] };
    await tier.collector().collect(target, hostile);
    expect(received()).toEqual([hostile]);
  });

  test.each(["mismatch", "revoked", "empty"] as const)("a host key that is %s in known_hosts is refused", async (kind) => {
    const { target, received } = await tier.host(hostFacts("web03"));
    const err = (await tier
      .collectorWithKnownHosts(kind)
      .collect(target, params)
      .catch((e) => e)) as RemoteError;
    expect(err.kind).toBe("host-key");
    expect(err.message).toMatch(kind === "empty" ? /is not in .*known_hosts/ : kind === "revoked" ? /is revoked/ : /does not match/);
    expect(received()).toEqual([]); // nothing was sent to a host we could not verify
  });
}

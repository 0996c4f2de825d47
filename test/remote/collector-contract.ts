// One contract every collector tier must meet, run against each emulated tier (in-process ssh2
// server, Debian's sshd with a ForceCommand): same facts as the fixture, parameters arriving as
// identical data, host keys verified and refused when wrong.
import { parseHostFacts } from "../../remote/facts";
import type { CollectParams, Collector, HostTarget } from "../../remote/collector";
import { hostFacts } from "../../emulator/host-facts";
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

  test("names with quotes, $(), backticks and newlines arrive as identical data", async () => {
    const { target, received } = await tier.host(hostFacts("web02"));
    const hostile: CollectParams = { roles: HOSTILE_NAMES, userSids: ["S-1-5-21-1-2-3-1001"] };
    await tier.collector().collect(target, hostile);
    expect(received()).toEqual([hostile]);
  });

  test.each(["mismatch", "revoked", "empty"] as const)("a host key that is %s in known_hosts is refused", async (kind) => {
    const { target, received } = await tier.host(hostFacts("web03"));
    const err = (await tier.collectorWithKnownHosts(kind).collect(target, params).catch((e) => e)) as RemoteError;
    expect(err.kind).toBe("host-key");
    expect(err.message).toMatch(kind === "empty" ? /is not in .*known_hosts/ : kind === "revoked" ? /is revoked/ : /does not match/);
    expect(received()).toEqual([]); // nothing was sent to a host we could not verify
  });
}

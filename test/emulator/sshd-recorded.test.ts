// The benchmark's recorded hosts: sshd answers every session from a recording of the emulator's own
// answer, so the collector must read exactly what a computing host would have sent.
import { collectorOptions } from "../../cli/ssh-config";
import { startSshdFleet, type SshdFleet } from "../../emulator/sshd";
import { COLLECT_SCRIPT, SshCollector, WINDOWS_LAYER } from "../../remote/collector";
import { BOOTSTRAP_COMMAND, stdinEnvelope } from "../../remote/powershell";

const PARAMS = { roles: [], userSids: [] };
const request = { command: BOOTSTRAP_COMMAND, stdin: stdinEnvelope(WINDOWS_LAYER, COLLECT_SCRIPT, PARAMS) };

const collector = (fleet: SshdFleet) =>
  new SshCollector(
    collectorOptions({
      user: fleet.user,
      identity: fleet.identityFile,
      agent: false,
      knownHosts: fleet.knownHostsFile,
      acceptNewHostKeys: false,
      connectTimeout: 5000,
      commandTimeout: 10_000,
      hostTimeout: 15_000,
      maxOutputBytes: 4 * 1024 * 1024,
    }),
  );

test("a recorded host answers as the computing one does", async () => {
  const servers = [{ server: "web01" }, { server: "web02" }];
  const [recorded, computed] = [await startSshdFleet(servers, { recorded: request }), await startSshdFleet(servers)];
  try {
    for (const server of ["web01", "web02"]) {
      const read = async (fleet: SshdFleet) => {
        const h = fleet.hosts.find((x) => x.server === server)!;
        const observed = await collector(fleet).collect({ server, address: "127.0.0.1", port: h.port }, PARAMS);
        // The recorded answer carries the clock of when it was recorded (fleet.record() renews it).
        expect(Math.abs(Number(observed.host.clockOffsetSeconds))).toBeLessThan(60);
        return { ...observed, host: { ...observed.host, clockOffsetSeconds: undefined } };
      };
      const [a, b] = [await read(recorded), await read(computed)];
      expect(a.problems).toEqual([]);
      expect(a).toEqual(b);
      expect(a.host.server).toBe(server);
    }
  } finally {
    await Promise.all([recorded.close(), computed.close()]);
  }
});

test("faults cannot be recorded", async () => {
  await expect(startSshdFleet([{ server: "web01", fault: "hang" }], { recorded: request })).rejects.toThrow(
    "host web01: faults are not recorded",
  );
});

test("a request the emulator refuses cannot be recorded", async () => {
  await expect(startSshdFleet([{ server: "web01" }], { recorded: { command: "whoami", stdin: "" } })).rejects.toThrow(
    /host web01: the recorded request fails .*'whoami' is not recognized/,
  );
});

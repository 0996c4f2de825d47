// Reaching hosts through a bastion: one connection to the jump host, the target tunnelled through
// it with forwardOut, and both host keys verified against known_hosts.
import { hostFacts } from "../../emulator/host-facts";
import { keyPair, knownHostsLine } from "../../emulator/keys";
import { startEmulatedHost, type EmulatedHost } from "../../emulator/ssh-host";
import { SshCollector } from "../../remote/collector";
import { CLIENT_KEY, collectorOptions } from "../helpers/inprocess-tier";

const bastionKey = keyPair();
const targetKey = keyPair();
let bastion: EmulatedHost;
let target: EmulatedHost;
beforeAll(async () => {
  bastion = await startEmulatedHost({
    facts: {},
    hostKey: bastionKey.private,
    authorizedKeys: [CLIENT_KEY.parsedPublic],
    allowForwarding: true,
  });
  target = await startEmulatedHost({ facts: hostFacts("web01"), hostKey: targetKey.private, authorizedKeys: [CLIENT_KEY.parsedPublic] });
});
afterAll(async () => {
  await Promise.all([bastion.close(), target.close()]);
});

const via = (knownHosts: string) =>
  new SshCollector(
    collectorOptions(knownHosts, "/dev/null/known_hosts", { bastion: { host: "127.0.0.1", port: bastion.port, username: "jump" } }),
  );
const params = { roles: [], userSids: [] };

test("the target is read through the bastion", async () => {
  const before = { bastion: bastion.connections, target: target.connections };
  const known = [knownHostsLine(bastion.port, bastionKey), knownHostsLine(target.port, targetKey)].join("\n");
  const observed = await via(known).collect({ server: "web01", address: "127.0.0.1", port: target.port }, params);
  expect(observed.sites.map((s) => s.siteName)).toEqual(["Default Web Site"]);
  expect({ bastion: bastion.connections - before.bastion, target: target.connections - before.target }).toEqual({ bastion: 1, target: 1 });
});

test("the bastion's host key is verified like any other", async () => {
  const known = [knownHostsLine(bastion.port, keyPair()), knownHostsLine(target.port, targetKey)].join("\n");
  const err = await via(known)
    .collect({ server: "web01", address: "127.0.0.1", port: target.port }, params)
    .catch((e) => e);
  expect(err.kind).toBe("host-key");
  expect(err.message).toMatch(new RegExp(`\\[127\\.0\\.0\\.1\\]:${bastion.port} .*does not match`));
});

test("the target's host key is verified through the tunnel", async () => {
  const known = [knownHostsLine(bastion.port, bastionKey), knownHostsLine(target.port, keyPair())].join("\n");
  const err = await via(known)
    .collect({ server: "web01", address: "127.0.0.1", port: target.port }, params)
    .catch((e) => e);
  expect(err.kind).toBe("host-key");
  expect(err.message).toMatch(new RegExp(`\\[127\\.0\\.0\\.1\\]:${target.port} .*does not match`));
});

// The reference fleet program under the SDK's mocks: what it declares, and what it refuses.
import { cleanFleet } from "../../reference-fleet/declarations";
import { SCENARIOS, scenarioFleet } from "../../reference-fleet/scenarios";
import { runProgramUnderMocks } from "../../preview/run-program";
import { FLEET_STACK, ROOT, fleetResources } from "../helpers/pack";

const count = (rs: { type: string }[], type: string) => rs.filter((r) => r.type === type).length;

test("the clean fleet declares two domain-joined Windows VMs with OpenSSH, and a Site and Host on each", async () => {
  const rs = await fleetResources("clean", false);
  expect(count(rs, "azure-native:compute:VirtualMachine")).toBe(2);
  expect(count(rs, "azure-native:compute:VirtualMachineExtension")).toBe(4);
  expect(count(rs, "iisguard:index:Site")).toBe(2);
  expect(count(rs, "iisguard:index:Host")).toBe(2);
  const vm = rs.find((r) => r.type === "azure-native:compute:VirtualMachine")!;
  expect(vm.properties).toMatchObject({ vmName: "web01", storageProfile: { osDisk: { osType: "Windows" } } });
  const site = rs.find((r) => r.type === "iisguard:index:Site" && r.name === "web01-pm")!;
  expect(site.properties).toMatchObject({ server: "web01", vm: vm.urn });
  expect((site.properties.applications as { path: string }[]).map((a) => a.path)).toEqual([
    "/",
    "/PM/admin",
    "/PM/helpdesk",
    "/PM/selfservice",
  ]);
  const join = rs.find((r) => r.name === "web01-domain-join")!;
  expect(join.propertyDependencies?.vmName).toEqual([vm.urn]);
  // Secrets never travel as plain values: the admin password is a generated secret, the join password stays in Key Vault.
  // The SDK marks the whole osProfile secret because it carries the generated password.
  expect(vm.properties.osProfile).toEqual({
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    value: expect.objectContaining({ computerName: "web01" }),
  });
  expect(join.properties.protectedSettings).toBeUndefined();
});

test("in a preview, outputs computed by Azure are unknown", async () => {
  const rs = await fleetResources("server-unknown");
  const site = rs.find((r) => r.type === "iisguard:index:Site")!;
  expect(site.properties.server).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
});

test("every scenario changes the clean declaration", () => {
  const clean = JSON.stringify(cleanFleet());
  for (const s of SCENARIOS.filter((x) => x.name !== "clean")) expect(JSON.stringify(scenarioFleet(s.name))).not.toBe(clean);
});

test("an unknown scenario fails the program with the list of valid ones", async () => {
  await expect(runProgramUnderMocks(ROOT, { ...FLEET_STACK, config: { scenario: "nope" } })).rejects.toThrow(
    /config 'scenario': unknown scenario "nope"; expected one of clean, no-auth-method/,
  );
});

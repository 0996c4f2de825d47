// The policy pack as the Pulumi CLI meets it: started by run-policy-pack, driven over the analyzer
// gRPC protocol, fed the resources the reference fleet registers under mocks.
import { RULES } from "../../core/rules";
import { SCENARIOS } from "../../reference-fleet/scenarios";
import { PackConfigError } from "../../preview/pack-config";
import type { Diagnostic, PolicyPackProcess, WireResource } from "../../preview/pack-process";
import { INCOMPLETE_POLICY } from "../../policies/policies";
import { REMOTE_POLICY } from "../../policies/remote";
import { fleetResources, startPack } from "../helpers/pack";

const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
let pack: PolicyPackProcess;

beforeAll(async () => {
  pack = await startPack();
}, 120_000);
afterAll(() => pack?.close());

async function analyzeScenario(scenario: string, config = {}): Promise<Diagnostic[]> {
  await pack.configure(config);
  return pack.analyzeStack(await fleetResources(scenario));
}
const names = (ds: Diagnostic[], level?: string) =>
  [...new Set(ds.filter((d) => !level || d.enforcementLevel === level).map((d) => d.policyName))].sort();

test("GetAnalyzerInfo lists one policy per rule id, with its default level and a waiver schema", async () => {
  const info = await pack.info();
  expect(info.name).toBe("iisguard");
  expect(info.policies.map((p) => p.name)).toEqual([...RULES.map((r) => r.id), REMOTE_POLICY, INCOMPLETE_POLICY]);
  for (const rule of RULES) {
    const policy = info.policies.find((p) => p.name === rule.id)!;
    expect(policy.enforcementLevel).toBe(rule.level);
    expect(policy.severity).toBe(rule.severity);
    expect(Object.keys(policy.configSchema?.properties ?? {})).toEqual(["waivers"]);
  }
});

describe("AnalyzeStack on the reference fleet", () => {
  test("the clean scenario reports nothing at all", async () => {
    expect(await analyzeScenario("clean")).toEqual([]);
  });

  const broken = SCENARIOS.filter((s) => s.name !== "clean");
  test("every rule is reproduced by some scenario", () => {
    const covered = new Set(broken.flatMap((s) => [...s.expect, ...(s.expectUnknown ?? [])]));
    expect(RULES.filter((r) => !r.observedOnly && !covered.has(r.id)).map((r) => r.id)).toEqual([]);
  });

  test.each(broken.map((s) => [s.name, s] as const))("scenario %s fires its rules and no others", async (_name, scenario) => {
    const ds = await analyzeScenario(scenario.name);
    const fired = names(ds.filter((d) => d.policyName !== INCOMPLETE_POLICY));
    expect(fired).toEqual([...scenario.expect].sort());
    for (const d of ds.filter((x) => x.policyName !== INCOMPLETE_POLICY)) {
      const rule = RULES.find((r) => r.id === d.policyName)!;
      expect(d.enforcementLevel).toBe(rule.level);
      expect(d.urn).toMatch(/^urn:pulumi:test::iisguard-fleet::/);
      // A violation may carry its own status (403.503 for denyAction Forbidden, 500.19 for the worker).
      if (rule.substatus && !scenario.substatuses) expect(d.message).toContain(`[HTTP ${rule.substatus}]`);
    }
    if (scenario.substatuses) {
      const shown = ds
        .filter((x) => x.policyName !== INCOMPLETE_POLICY && x.enforcementLevel === "mandatory")
        .map((x) => /^\[HTTP ([\d.]+)\]/.exec(x.message)?.[1]);
      expect([...new Set(shown)].sort()).toEqual([...scenario.substatuses].sort());
    }
    const unknownRules = ds.filter((d) => d.policyName === INCOMPLETE_POLICY).map((d) => /\[UNKNOWN\] (\S+) on/.exec(d.message)?.[1]);
    expect([...new Set(unknownRules)].sort()).toEqual([...(scenario.expectUnknown ?? [])].sort());
  });
});

describe("values unknown during preview", () => {
  const site = (authentication: unknown): WireResource => ({
    type: "iisguard:index:Site",
    urn: "urn:pulumi:test::iisguard-fleet::iisguard:index:Site::portal",
    name: "portal",
    properties: {
      server: "web01",
      siteName: "Default Web Site",
      physicalPath: "C:\\inetpub\\wwwroot",
      appPool: { name: "PM" },
      bindings: [{ protocol: "https", port: 443 }],
      applications: [
        { path: "/", authentication: [] },
        { path: "/PM/admin", authentication },
      ],
    },
  });

  test("an unknown value is an advisory UNKNOWN outcome, and the rest of the site is still judged", async () => {
    await pack.configure({});
    const ds = await pack.analyzeStack([site(UNKNOWN_STRING)]);
    const mandatory = ds.filter((d) => d.enforcementLevel === "mandatory");
    expect(mandatory.map((d) => [d.policyName, d.message])).toEqual([
      ["auth-method-required", expect.stringContaining("web01/Default Web Site/:")],
    ]);
    const unknown = ds.filter((d) => d.policyName === INCOMPLETE_POLICY);
    expect(unknown.length).toBeGreaterThan(0);
    for (const d of unknown) {
      expect(d.enforcementLevel).toBe("advisory");
      expect(d.message).toMatch(/site\.applications\.authentication is not known/);
      expect(d.message).not.toMatch(/on web01\/Default Web Site\/:/); // the root application is known and was judged
    }
    expect(unknown.map((d) => /\[UNKNOWN\] (\S+)/.exec(d.message)?.[1])).toContain("auth-method-required");
  });

  test("requiring a complete answer makes unknown outcomes mandatory", async () => {
    await pack.configure({ [INCOMPLETE_POLICY]: "mandatory" });
    const ds = await pack.analyzeStack([site(UNKNOWN_STRING)]);
    expect(ds.filter((d) => d.policyName === INCOMPLETE_POLICY).every((d) => d.enforcementLevel === "mandatory")).toBe(true);
  });

  test("an invalid declaration is reported as unreadable, never dropped, never a crash", async () => {
    await pack.configure({});
    const ds = await pack.analyzeStack([
      site(["windowz"]),
      { ...site([]), urn: "urn:pulumi:test::p::iisguard:index:Site::junk", name: "junk", properties: { applications: "nope" } },
    ]);
    const unreadable = ds.filter((d) => d.message.startsWith("[UNREADABLE]")).map((d) => d.message);
    expect(unreadable).toEqual([
      expect.stringMatching(
        /iis\.Site 'portal' is invalid: applications\[1\]\.authentication\[0\]: "windowz" is not an authentication method/,
      ),
      expect.stringMatching(/iis\.Site 'junk' is invalid: applications: must be a list, got "nope"; server: is required/),
    ]);
  });
});

describe("pack config: levels and waivers", () => {
  const helpdesk = "web01/Default Web Site/PM/helpdesk";
  const reason = "the help desk app authenticates users itself";

  test("`all` sets every level; a policy's own entry wins", async () => {
    expect(names(await analyzeScenario("not-domain-joined", { all: "advisory" }), "mandatory")).toEqual([]);
    expect(
      names(await analyzeScenario("not-domain-joined", { all: "advisory", "vm-domain-join-extension": "mandatory" }), "mandatory"),
    ).toEqual(["vm-domain-join-extension"]);
    expect(names(await analyzeScenario("not-domain-joined", { "windows-auth-requires-domain": { enforcementLevel: "disabled" } }))).toEqual(
      ["vm-domain-join-extension"],
    );
  });

  test("a waiver suppresses its finding", async () => {
    const ds = await analyzeScenario("anonymous-and-windows", { "single-auth-method": { waivers: [{ target: helpdesk, reason }] } });
    expect(ds).toEqual([]);
  });

  test("an expired waiver is reported and its finding comes back", async () => {
    const ds = await analyzeScenario("anonymous-and-windows", {
      "single-auth-method": { waivers: [{ target: helpdesk, reason, expires: "2020-01-31" }] },
    });
    expect(ds.map((d) => d.message)).toEqual([
      expect.stringContaining("[ADVISORY]"),
      expect.stringMatching(/^\[WAIVER EXPIRED\] .*expired on 2020-01-31/),
    ]);
  });

  test("an unused waiver is reported", async () => {
    const ds = await analyzeScenario("clean", { "single-auth-method": { waivers: [{ target: "web09/*", reason }] } });
    expect(ds.map((d) => [d.policyName, d.message])).toEqual([
      ["single-auth-method", expect.stringMatching(/^\[WAIVER UNUSED\] .*'web09\/\*' matches no finding/)],
    ]);
  });

  test.each([
    {
      name: "a short reason",
      config: { "single-auth-method": { waivers: [{ target: "x", reason: "short" }] } },
      error: /single-auth-method\.waivers\.0\.reason: must NOT have fewer than 10 characters/,
    },
    { name: "a misspelled level", config: { all: "mandatroy" }, error: /all: "mandatroy" is not an enforcement level/ },
    { name: "an unknown policy", config: { "single-auth": "advisory" }, error: /"single-auth": no policy of that name/ },
    {
      name: "an unknown field",
      config: { "single-auth-method": { waviers: [] } },
      error: /single-auth-method: must NOT have additional properties 'waviers'/,
    },
  ])("$name is refused before Configure, naming the field", async ({ config, error }) => {
    await expect(pack.configure(config)).rejects.toThrow(PackConfigError);
    await expect(pack.configure(config)).rejects.toThrow(error);
  });
});

import { siteHostNames, windowsAuthClientNames } from "../../../core/iis/host-names";
import type { Binding } from "../../../core/model";
import { baselineFleet } from "../../fixtures/fleet";

const siteWith = (bindings: Binding[]) => ({ ...baselineFleet().sites[0], bindings });
const https = (hostName?: string): Binding => ({ protocol: "https", port: 443, ...(hostName === undefined ? {} : { hostName }) });

test("host names are distinct without regard to case, first spelling and binding order kept", () => {
  const site = siteWith([
    https("PM.corp.example.com"),
    https(" pm.CORP.example.com "),
    https(),
    https(""),
    https("b.corp"),
    https("Pm.Corp.Example.Com"),
  ]);
  expect(siteHostNames(site)).toEqual(["PM.corp.example.com", "b.corp"]);
});

// Issue 10: "20,000 bindings (de-duplication in siteHostNames, run several times per evaluation)":
// each name was compared with every name kept so far through a collator.
test("20,000 bindings are de-duplicated in time linear in their number", () => {
  const bindings = Array.from({ length: 20_000 }, (_, i) => https(`h${i}.corp.example.com`));
  const site = siteWith([...bindings, ...bindings]);
  const started = performance.now();
  expect(siteHostNames(site)).toHaveLength(20_000);
  expect(windowsAuthClientNames([site])).toHaveLength(20_000);
  expect(performance.now() - started).toBeLessThan(500);
});

test("a 1 MB bypass pattern and a 1 MB host name cost each other's length once, not once per fleet name", () => {
  const { bypassMatcher } = require("../../../core/iis/proxy-bypass") as typeof import("../../../core/iis/proxy-bypass");
  const huge = "a".repeat(1 << 20);
  const hostile = bypassMatcher({ enabled: true, bypassLocal: true, bypassList: [`*${huge}b`, "*.corp.example.com"] });
  const healthy = bypassMatcher({ enabled: true, bypassLocal: true, bypassList: ["*.corp.example.com"] });
  const started = performance.now();
  let bypassed = 0;
  for (let i = 0; i < 100_000; i++) if (hostile(`h${i}.corp.example.com`) === "*.corp.example.com") bypassed++;
  expect(bypassed).toBe(100_000);
  expect(hostile(`${huge}.example.org`)).toBeUndefined();
  expect(healthy(`${huge}.example.org`)).toBeUndefined();
  expect(hostile(huge)).toBe("<local>"); // no dot
  expect(performance.now() - started).toBeLessThan(2_000);
});

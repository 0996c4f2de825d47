// The layers stay apart: only policies/ loads @pulumi/policy, the scanner never imports the pack,
// the core stays pure (README, "Architecture").
import * as fs from "fs";
import * as path from "path";
import { FORBIDDEN, ROOT, importsOf, sourceFiles, violations } from "./layers";

test("no layer imports what it must not", () => {
  const edges = Object.keys(FORBIDDEN)
    .filter((layer) => fs.existsSync(path.join(ROOT, layer)))
    .flatMap((layer) => sourceFiles(layer))
    .flatMap((file) => importsOf(file, fs.readFileSync(path.join(ROOT, file), "utf8")));
  expect(edges.length).toBeGreaterThan(100); // the check reads the real tree
  expect(violations(edges)).toEqual([]);
});

test.each([
  ["remote/inventory.ts", `import { adaptFleet } from "../policies/adapters/fleet";`, /remote\/ must not import policies/],
  ["core/rules/x.ts", `import * as pulumi from "@pulumi/pulumi";`, /core\/ must not import @pulumi\/\*/],
  ["emulator/fleet-collector.ts", `import { collectorOptions } from "../cli/ssh-config";`, /emulator\/ must not import cli/],
  ["adapters/resources.ts", `const { UnknownValueError } = require("@pulumi/policy");`, /adapters\/ must not import @pulumi\/\*/],
  ["core/iis/ntfs.ts", `import * as fs from "node:fs";`, /core\/ must not import fs/],
])("the rule itself: %s with %s is refused", (file, source, message) => {
  expect(violations(importsOf(file, source)).join("\n")).toMatch(message);
});

test("imports inside a layer, and allowed ones, pass", () => {
  expect(violations(importsOf("remote/scan.ts", `import { evaluate } from "../core/engine";\nimport { x } from "./collector";`))).toEqual(
    [],
  );
  expect(violations(importsOf("policies/pack.ts", `import { PolicyPack } from "@pulumi/policy";`))).toEqual([]);
});

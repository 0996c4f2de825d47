#!/usr/bin/env node
// `npm run build` (and `npm pack`, through prepack): compiles what is published.
//   dist/          the CLI, `iisguard/iis` and the preview runtime, with declarations (tsconfig.build.json)
//   policies/lib/  the policy pack's own copy of everything it runs (tsconfig.pack.json), so that
//                  policies/ stands on its own as `pulumi policy publish` packs it
// The repository itself never runs these outputs: bin/iisguard.js and policies/index.js run the
// TypeScript sources whenever they are present (a checkout), so a stale build cannot shadow an edit.
// The build then checks what it produced: the PowerShell the collector reads at run time is copied
// next to the compiled modules, nothing of the reference fleet or the emulator was pulled in, and
// every package the pack requires is declared in policies/package.json.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const TSC = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
const OUTPUTS = [
  { dir: "dist", tsconfig: "tsconfig.build.json" },
  { dir: "policies/lib", tsconfig: "tsconfig.pack.json" },
];
// Files modules read with fs at run time, relative to the module that reads them.
const ASSETS = ["remote/bootstrap.ps1", "remote/scripts/collect-host.ps1", "remote/scripts/windows-layer.ps1"];
const NEVER_PUBLISHED = ["fleet", "emulator", "test", "bench", "index.js"];

function fail(message) {
  process.stderr.write(`build-package: ${message}\n`);
  process.exit(1);
}

function walk(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Bare package names a compiled tree requires (`require("x")`, `require("@s/x/y")` → `@s/x`). */
function requiredPackages(dir) {
  const names = new Set();
  for (const file of walk(dir).filter((f) => f.endsWith(".js"))) {
    for (const m of fs.readFileSync(file, "utf8").matchAll(/require\("([^"./][^"]*)"\)/g)) {
      const parts = m[1].split("/");
      const name = m[1].startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
      if (!require("module").builtinModules.includes(name) && !name.startsWith("node:")) names.add(name);
    }
  }
  return [...names].sort();
}

for (const { dir, tsconfig } of OUTPUTS) {
  const out = path.join(ROOT, dir);
  fs.rmSync(out, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [TSC, "-p", path.join(ROOT, tsconfig)], { cwd: ROOT, stdio: "inherit" });
  } catch {
    fail(`tsc -p ${tsconfig} failed (see above)`);
  }
  for (const asset of ASSETS) {
    if (!fs.existsSync(path.join(out, "remote"))) continue; // this output does not contain the collector
    fs.mkdirSync(path.join(out, path.dirname(asset)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, asset), path.join(out, asset));
  }
  for (const name of NEVER_PUBLISHED) {
    if (fs.existsSync(path.join(out, name))) fail(`${dir}/${name} was compiled: something in the published graph imports it`);
  }
}

const packManifest = JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8"));
const declared = Object.keys(packManifest.dependencies ?? {});
const undeclared = requiredPackages(path.join(ROOT, "policies", "lib")).filter((n) => !declared.includes(n));
if (undeclared.length > 0) fail(`policies/lib requires ${undeclared.join(", ")}, not declared in policies/package.json dependencies`);
const rootManifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
if (packManifest.version !== rootManifest.version) {
  fail(`policies/package.json version ${packManifest.version} differs from package.json version ${rootManifest.version}`);
}
const published = { ...rootManifest.dependencies, ...rootManifest.peerDependencies };
const missing = requiredPackages(path.join(ROOT, "dist")).filter((n) => !(n in published));
if (missing.length > 0) fail(`dist requires ${missing.join(", ")}, not in package.json dependencies or peerDependencies`);
// The argument reference published in docs/ is generated from the component types being compiled.
execFileSync(process.execPath, [path.join(__dirname, "component-reference.js"), "--write"], { cwd: ROOT, stdio: "inherit" });
process.stdout.write(`build-package: dist/, policies/lib/ and docs/components.md built\n`);

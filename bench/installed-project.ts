// The package as a platform team installs it (issue 12), for the benchmark: `npm pack` of this
// checkout (prepack builds dist/ and policies/lib/), the tarball installed into a copy of
// examples/user-project in a temporary directory outside the repository, as
// test/package/packaging.test.ts does. Nothing of the checkout is reachable from there: the pack and
// the CLI run from the project's node_modules, compiled, with the dependencies npm resolved.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "./measure";

export interface InstalledProject {
  /** The temporary directory holding the tarball and the project; removed by cleanup(). */
  dir: string;
  tarball: string;
  /** The user project: node_modules/iisguard is the installed package. */
  project: string;
  cleanup(): void;
}

/** `npm pack`, then `npm install <tarball>` into a fresh copy of examples/user-project (needs the npm registry or its cache). */
export function packAndInstall(): InstalledProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-bench-package-"));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const packed = execFileSync("npm", ["pack", "--pack-destination", dir, "--silent"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 900_000,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const tarball = path.join(dir, packed.trim().split("\n").pop()!);
    const project = path.join(dir, "pm-portals");
    fs.cpSync(path.join(ROOT, "examples", "user-project"), project, { recursive: true });
    // --ignore-scripts: ssh2's optional native build is not what is measured (the packaging test installs the same way).
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", tarball], {
      cwd: project,
      timeout: 900_000,
      stdio: ["ignore", "ignore", "inherit"],
    });
    return { dir, tarball, project, cleanup };
  } catch (e) {
    cleanup();
    throw new Error(`installing the packed iisguard into a user project failed: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * The floor every pack stands on: a bare @pulumi/policy pack with one no-op resource policy, in the
 * project (so it loads the same @pulumi/policy, @pulumi/pulumi and TypeScript the installed iisguard
 * pack does). Whatever start-up it has is the Pulumi runner's and the SDK's, not a pack's.
 */
export function writeFloorPack(project: string): string {
  const dir = path.join(project, "floor-pack");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: "floor-pack", version: "0.0.0", private: true, main: "index.js" }, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "PulumiPolicy.yaml"),
    "runtime: nodejs\ndescription: A bare @pulumi/policy pack with one no-op policy (the benchmark's floor).\n",
  );
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [
      '"use strict";',
      'const { PolicyPack } = require("@pulumi/policy");',
      'new PolicyPack("floor", { policies: [{ name: "no-op", description: "Judges nothing.", enforcementLevel: "advisory", validateResource: () => {} }] });',
      "",
    ].join("\n"),
  );
  return dir;
}

// Where the iisguard package lives, the same from a checkout (cli/) and from the published build
// (dist/cli/): the nearest directory above this module with iisguard's package.json and its bin.
// (tsc copies package.json into dist/ for `import { version } from "../../package.json"`: that copy
// has no bin/ next to it.)
import * as fs from "fs";
import * as path from "path";

export interface PackageInfo {
  root: string;
  version: string;
}

export function iisguardPackage(from: string = __dirname): PackageInfo {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest)) {
      const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "iisguard" && fs.existsSync(path.join(dir, "bin", "iisguard.js")))
        return { root: dir, version: pkg.version ?? "0.0.0" };
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json named iisguard above ${from}`);
  }
}

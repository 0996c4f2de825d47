import * as fs from "fs";
import YAML from "yaml";

/** A YAML inventory of emulated hosts on 127.0.0.1, as `iisguard scan --inventory` reads it. */
export function writeInventory(file: string, hosts: { server: string; port: number }[], username: string, stackExport?: string): void {
  fs.writeFileSync(
    file,
    YAML.stringify({
      ...(stackExport ? { stackExport } : {}),
      defaults: { username },
      hosts: hosts.map((h) => ({ server: h.server, address: "127.0.0.1", port: h.port })),
    }),
  );
}

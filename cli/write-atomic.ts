import * as fs from "fs";
import * as path from "path";

/** Writes through a temporary file and a rename: a reader never sees half a report. */
export function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

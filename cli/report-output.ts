// Where rendered reports go, for every command that writes them: each format to `<dir>/<name>.<ext>`
// (atomically, checked before any work by output-target.ts), or the first format to stdout.
import * as path from "path";
import { writeAtomic } from "./write-atomic";

export interface Rendered {
  extension: string;
  text: string;
}

export function writeReports(rendered: Rendered[], outputDir: string | undefined, name: string): void {
  if (!outputDir) return void process.stdout.write(rendered[0].text);
  for (const r of rendered) writeAtomic(path.join(outputDir, `${name}.${r.extension}`), r.text);
  process.stderr.write(`reports written to ${outputDir}: ${rendered.map((r) => `${name}.${r.extension}`).join(", ")}\n`);
}

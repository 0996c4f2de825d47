// The time of the newest entry in W3C lines, for a window relative to it (`iisguard logs --window 24h`
// without --until). Columns come from each `#Fields:` directive, as in the analysis.
import { indexFields, isPresent, utcMillis, type FieldIndex } from "./w3c-fields";

export class NewestEntry {
  private fields?: FieldIndex;
  newestMs = -Infinity;

  push(raw: string): void {
    const line = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.startsWith("#Fields:")) {
      const index = indexFields(line.slice("#Fields:".length));
      this.fields = typeof index === "string" ? undefined : index;
      return;
    }
    const f = this.fields;
    if (!f || line.charCodeAt(0) === 35 || !isPresent(f.date) || !isPresent(f.time)) return;
    const v = line.split(" ");
    if (v.length < f.names.length) return;
    const ms = utcMillis(v[f.date], v[f.time].replace(/\r$/, ""));
    if (ms > this.newestMs) this.newestMs = ms;
  }
}

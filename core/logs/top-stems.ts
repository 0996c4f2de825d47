// The most frequent URI stems in bounded memory: the space-saving algorithm (Metwally, Agrawal,
// El Abbadi, "Efficient Computation of Frequent and Top-k Elements in Data Streams", ICDT 2005).
// Exact while at most `capacity` distinct stems are seen; past that a new stem takes the place of
// the least counted one and inherits its count, so every count is an upper bound and no stem that
// occurs more than N/capacity times is lost.
import type { StemCount } from "./evidence";

export class TopStems {
  private readonly counts = new Map<string, number>();
  approximate = false;

  constructor(private readonly capacity = 64) {}

  add(stem: string): void {
    const n = this.counts.get(stem);
    if (n !== undefined) {
      this.counts.set(stem, n + 1);
      return;
    }
    if (this.counts.size < this.capacity) {
      this.counts.set(stem, 1);
      return;
    }
    let minStem = "";
    let min = Infinity;
    for (const [s, c] of this.counts) {
      if (c < min) {
        min = c;
        minStem = s;
      }
    }
    this.counts.delete(minStem);
    this.counts.set(stem, min + 1);
    this.approximate = true;
  }

  top(n: number): StemCount[] {
    return [...this.counts]
      .map(([stem, count]) => ({ stem, count }))
      .sort((a, b) => b.count - a.count || a.stem.localeCompare(b.stem))
      .slice(0, n);
  }
}

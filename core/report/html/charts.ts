// Small horizontal bar charts as inline SVG, generated from the counts: nothing to load, nothing
// drawn by script, readable in print and in mail clients. Each chart sits beside a table of the
// same numbers, which is what screen readers and the tests read; the SVG repeats them for the eye.
import { escapeXml as e } from "../escape";

export interface Bar {
  label: string;
  value: number;
  /** A CSS class from styles.ts (o-critical, o-high …) that colours the bar. */
  tone: string;
}

const ROW = 22;
const LABEL_WIDTH = 240;
const BAR_WIDTH = 260;
const VALUE_WIDTH = 60;

export function barChart(title: string, bars: Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(1, bars.length) * ROW + 4;
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 2;
    const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * BAR_WIDTH));
    const label = b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label;
    return (
      `<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${e(label)}</text>` +
      `<rect class="bar ${e(b.tone)}" x="${LABEL_WIDTH}" y="${y + 3}" width="${w}" height="${ROW - 6}"></rect>` +
      `<text x="${LABEL_WIDTH + w + 6}" y="${y + 15}">${b.value}</text>`
    );
  });
  // role="img" with a title: one accessible name for the picture; the numbers are in the table beside it.
  return `<svg class="chart" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${e(title)}</title>${rows.join("")}</svg>`;
}

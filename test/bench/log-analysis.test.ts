// The log benchmark itself, at a small size: the generated log is deterministic, both tools read all
// of it in the same run, and the report judges the throughput target from the figures.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generateW3CLog, goaccessVersion, logAnalysis } from "../../bench/log-analysis";

test("the generated W3C log is the same for the same size", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-bench-gen-"));
  try {
    const a = generateW3CLog(path.join(dir, "a.log"), 300_000);
    const b = generateW3CLog(path.join(dir, "b.log"), 300_000);
    expect(a).toEqual(b);
    expect(fs.readFileSync(path.join(dir, "a.log"))).toEqual(fs.readFileSync(path.join(dir, "b.log")));
    expect(a.unresolved).toBeGreaterThan(0);
    expect(a.handshake401s).toBeGreaterThan(a.unresolved);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("both tools read the same 2 MB log in one run; iisguard's counts are checked against the generator's", async () => {
  const rows = await logAnalysis([2], 1);
  expect(rows.map((r) => r.tool)).toEqual(goaccessVersion() === "not installed" ? ["iisguard logs"] : ["iisguard logs", "goaccess"]);
  for (const r of rows) expect(r).toMatchObject({ sizeMb: 2, lines: rows[0].lines, mbPerS: expect.any(Number) });
  if (rows[1]) expect(rows[1].counted).toBe(`${rows[0].lines - 4} valid requests of ${rows[0].lines - 4}`);
}, 120_000);

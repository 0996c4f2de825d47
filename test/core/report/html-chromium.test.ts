// The HTML report renders in a real browser: headless Chromium from Debian (installed by .ci/run).
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { htmlReport } from "../../../core/report/html";
import { SAMPLE } from "../../fixtures/scan-report";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

test("headless Chromium renders the report: summary, both tables, the hostile text as text", async () => {
  expect(fs.existsSync(CHROMIUM)).toBe(true); // .ci/run installs Debian's chromium
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-html-"));
  try {
    const file = path.join(dir, "report.html");
    fs.writeFileSync(file, htmlReport(SAMPLE));
    const dom = await new Promise<string>((resolve, reject) =>
      execFile(CHROMIUM, [...FLAGS, `--user-data-dir=${path.join(dir, "profile")}`, "--dump-dom", `file://${file}`], { timeout: 60_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    expect(dom).toMatch(/<p class="summary" id="summary">2 hosts: 1 read, 1 failed — 1 violations, 1 unknown, 1 waived\.<\/p>/);
    expect((dom.match(/<tr>/g) ?? []).length).toBe(2 + 3 + 2); // two header rows, three findings, two hosts
    expect(dom).not.toMatch(/<script>alert/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

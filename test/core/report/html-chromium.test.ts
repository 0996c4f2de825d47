// The HTML report in a real browser: Debian's headless Chromium (scripts/install-test-deps.sh)
// driven by playwright-core, on a 500-host report written by the real CLI (`iisguard merge -f
// json,html` of a generated scan report) and on a scan of emulated hosts, one of which names its
// site with markup. The page is served from loopback and every request is routed: the report
// document is the only one allowed, anything else fails the test, as does any Content-Security-
// Policy violation (a fetch the page's policy stopped is still a fetch the page tried).
import { execFile } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { RULES } from "../../../core/rules";
import type { ScanReport } from "../../../core/report/scan-report";
import { ROOT } from "../../helpers/pack";
import { syntheticReport } from "./html-synthetic-fleet";
import { scanCommand } from "../../../cli/commands/scan";
import { htmlReport } from "../../../core/report/html";
import { collectorFor, scanFleet } from "../../helpers/scan-fleet";

// The callbacks given to page.evaluate and waitForFunction run in the page, where the DOM exists.
// The project's tsconfig has no DOM library (core/ must never reach for one), so they see the
// page's globals through these module-local declarations instead of a program-wide lib "dom".

declare const document: any, window: any, getComputedStyle: any;

const CHROMIUM = "/usr/bin/chromium";
const BIN = path.join(ROOT, "bin/iisguard.js");
/** Markup in a site name: if any of it became markup, window.__pwned would be set or an <img> would exist. */
const HOSTILE_SITE = `"><img src=x onerror="window.__pwned=1"><b>Payroll`;
/** A host's error text that tries to end the data's script element and start a script of its own. */
const HOSTILE_REASON = `</script><script>window.__pwned=2</script><!-- `;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-html-"));
let browser: Browser;
let server: http.Server;
let base: string;
let json: ScanReport;
/** Every request any page made, and every CSP violation it reported: both must stay empty but for the documents. */
const requests: string[] = [];
const violations: string[] = [];

function iisguard(args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 240_000 }, (err, _stdout, stderr) =>
      err && (err as { code?: number }).code !== 1 ? reject(new Error(`iisguard ${args[0]}: ${stderr}`)) : resolve(),
    ),
  );
}

async function open(file: string, { js = true, fragment = "" } = {}): Promise<{ page: Page; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, javaScriptEnabled: js });
  // Generous waits: the rig's two cores are shared, and a load average of 50 has made one page load take minutes.
  context.setDefaultTimeout(120_000);
  const url = `${base}/${file}`;
  await context.route("**/*", (route) => {
    requests.push(route.request().url());
    return route.request().url().split("#")[0] === url ? route.continue() : route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(`page error: ${e.message}`));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e: { violatedDirective: string; blockedURI: string }) =>
      console.error(`Refused to load: CSP violation ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  await page.goto(url + fragment);
  if (js) await page.waitForSelector("body[data-ready=true]");
  return { page, context };
}

/** What the search box searches, as the page's script puts it together. */
const searched = (f: ScanReport["findings"][number]) =>
  [f.ruleId, f.target, f.message, f.substatus ?? "", f.data?.declared ?? "", f.data?.observed ?? "", f.waiver?.reason ?? ""]
    .join(" ")
    .toLowerCase();
const countText = (page: Page) => page.locator("#findings-count").textContent();
const numberIn = async (page: Page, selector: string) => Number((await page.locator(selector).first().textContent())!.replace(/,/g, ""));

beforeAll(async () => {
  expect(fs.existsSync(CHROMIUM)).toBe(true); // scripts/install-test-deps.sh installs Debian's chromium
  const report = syntheticReport({ hosts: 500, findingsPerHost: 9, extraSite: HOSTILE_SITE });
  const failed = report.hosts.find((h) => h.status === "failed")!;
  failed.reason = `${failed.server}: ${HOSTILE_REASON}`;
  fs.writeFileSync(path.join(dir, "scan.json"), JSON.stringify(report));
  await iisguard(["merge", path.join(dir, "scan.json"), "-f", "json,html", "-o", path.join(dir, "out")]);
  json = JSON.parse(fs.readFileSync(path.join(dir, "out", "iisguard-scan.json"), "utf8"));
  server = http.createServer((req, res) => {
    const file = path.join(dir, "out", path.basename(decodeURIComponent(new URL(req.url!, "http://x").pathname)));
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  // Nothing but the report itself was requested, and the page's policy stopped nothing it tried.
  expect(requests.filter((u) => !u.startsWith(`${base}/iisguard-scan.html`) && !u.startsWith(`${base}/iisguard-scan-logs.html`))).toEqual(
    [],
  );
  expect(violations).toEqual([]);
  requests.length = 0;
});

/** What the overview must say, counted here from the JSON report the same CLI run wrote. */
function expectedOverview(r: ScanReport) {
  const open = r.findings.filter((f) => !f.waiver);
  const violation = open.filter((f) => f.status === "violation");
  return {
    hosts: r.hosts.length,
    hostsOk: r.hosts.filter((h) => h.status === "ok").length,
    hostsFailed: r.hosts.filter((h) => h.status === "failed").length,
    hostsNotScanned: r.hosts.filter((h) => h.status === "not-scanned").length,
    violations: violation.length,
    unknown: open.filter((f) => f.status === "unknown").length,
    waived: r.findings.filter((f) => f.waiver).length,
    new: open.filter((f) => f.baseline === "new").length,
    existing: open.filter((f) => f.baseline === "existing").length,
    resolved: r.resolved!.length,
    severity: Object.fromEntries(["critical", "high", "medium", "low"].map((s) => [s, violation.filter((f) => f.severity === s).length])),
    rules: Object.fromEntries(
      [...new Set(r.findings.map((f) => f.ruleId))].map((id) => [id, violation.filter((f) => f.ruleId === id).length]),
    ),
    kinds: r.hosts
      .filter((h) => h.status === "failed")
      .reduce<Record<string, number>>((m, h) => ((m[h.errorKind!] = (m[h.errorKind!] ?? 0) + 1), m), {}),
  };
}

async function overviewOnPage(page: Page, want: ReturnType<typeof expectedOverview>) {
  const cards = [
    "hosts",
    "hostsOk",
    "hostsFailed",
    "hostsNotScanned",
    "violations",
    "unknown",
    "waived",
    "new",
    "existing",
    "resolved",
  ] as const;
  const got: Record<string, unknown> = {};
  for (const c of cards) got[c] = await numberIn(page, `[data-count="${c}"]`);
  got.severity = Object.fromEntries(
    await Promise.all(Object.keys(want.severity).map(async (s) => [s, await numberIn(page, `[data-severity="${s}"]`)])),
  );
  got.rules = Object.fromEntries(
    await Promise.all(Object.keys(want.rules).map(async (id) => [id, await numberIn(page, `[data-rule-violations="${id}"]`)])),
  );
  got.kinds = Object.fromEntries(
    await Promise.all(Object.keys(want.kinds).map(async (k) => [k, await numberIn(page, `[data-kind="${k}"]`)])),
  );
  return got;
}

test("the overview's numbers equal the JSON report's, with and without JavaScript", async () => {
  const want = expectedOverview(json);
  expect(want.hosts).toBe(500);
  expect(want.hostsFailed).toBeGreaterThan(0);
  for (const js of [true, false]) {
    const { page, context } = await open("iisguard-scan.html", { js });
    expect([js, await overviewOnPage(page, want)]).toEqual([js, want]);
    await context.close();
  }
}, 300_000);

test("without JavaScript the grid and the worst findings are server-rendered tables", async () => {
  const { page, context } = await open("iisguard-scan.html", { js: false });
  expect(await page.locator("#grid tbody tr").count()).toBe(500);
  expect(await page.locator("#findings-table tbody tr").count()).toBe(1000);
  expect(await page.locator("#findings-truncated").textContent()).toContain(
    `${(json.findings.length - 1000).toLocaleString("en-US")} more`,
  );
  expect(await page.locator("#controls").isHidden()).toBe(true);
  // The first row is the worst: a critical violation.
  expect(await page.locator("#findings-table tbody tr").first().locator(".badge").textContent()).toBe("critical");
  await context.close();
}, 300_000);

test("each filter shows exactly the JSON report's matching findings, and the state travels in the URL fragment", async () => {
  const { page, context } = await open("iisguard-scan.html");
  const total = json.findings.length.toLocaleString("en-US");
  const server = json.hosts.find((h) => h.status === "ok")!.server;
  const cases: [string, () => Promise<unknown>, number][] = [
    ["severity high", () => page.selectOption("#filter-severity", "high"), json.findings.filter((f) => f.severity === "high").length],
    [
      "rule declared-config-drift",
      () => page.selectOption("#filter-rule", "declared-config-drift"),
      json.findings.filter((f) => f.ruleId === "declared-config-drift").length,
    ],
    ["status new", () => page.selectOption("#filter-status", "new"), json.findings.filter((f) => f.baseline === "new" && !f.waiver).length],
    ["status waived", () => page.selectOption("#filter-status", "waived"), json.findings.filter((f) => f.waiver).length],
    [
      "status unknown",
      () => page.selectOption("#filter-status", "unknown"),
      json.findings.filter((f) => f.status === "unknown" && !f.waiver).length,
    ],
    [
      "server",
      () => page.fill("#filter-server", server),
      json.findings.filter((f) => f.target === server || f.target.startsWith(`${server}/`)).length,
    ],
    ["search", () => page.fill("#filter-q", "/PM/helpdesk"), json.findings.filter((f) => searched(f).includes("/pm/helpdesk")).length],
  ];
  for (const [name, act, expected] of cases) {
    await page.click("#filter-reset");
    await act();
    await page.waitForFunction(
      (want) => document.getElementById("findings-count")!.textContent!.startsWith(want),
      `${expected.toLocaleString("en-US")} of`,
    );
    expect([name, await countText(page)]).toEqual([name, `${expected.toLocaleString("en-US")} of ${total} findings`]);
  }
  // Combined filters, then the URL a colleague is sent opens the same view.
  await page.click("#filter-reset");
  await page.selectOption("#filter-severity", "critical");
  await page.selectOption("#filter-status", "new");
  const url = page.url();
  expect(new URL(url).hash).toBe("#severity=critical&status=new");
  const expected = json.findings.filter((f) => f.severity === "critical" && f.baseline === "new" && !f.waiver).length;
  expect(await countText(page)).toBe(`${expected.toLocaleString("en-US")} of ${total} findings`);
  await context.close();
  const shared = await open("iisguard-scan.html", { fragment: "#severity=critical&status=new" });
  expect(await countText(shared.page)).toBe(`${expected.toLocaleString("en-US")} of ${total} findings`);
  expect(await shared.page.inputValue("#filter-severity")).toBe("critical");
  expect(await shared.page.inputValue("#filter-status")).toBe("new");
  await shared.context.close();
}, 300_000);

test("a grid cell opens that target's findings, by mouse and by keyboard", async () => {
  const { page, context } = await open("iisguard-scan.html");
  const cell = page.locator("#grid tbody button[data-server]").first();
  const server = (await cell.getAttribute("data-server"))!;
  const column = (await cell.getAttribute("data-column"))!;
  const count = Number(await cell.textContent());
  const inCell = (t: string) => (column === "(host)" ? t === server : t === `${server}/${column}`);
  expect(json.findings.filter((f) => inCell(f.target)).length).toBe(count);
  await cell.click();
  expect(await countText(page)).toBe(`${count} of ${json.findings.length.toLocaleString("en-US")} findings`);
  const targets = await page.locator("#findings-table tbody tr.row td:nth-child(4)").allTextContents();
  expect(targets.length).toBe(count);
  expect(targets.every(inCell)).toBe(true);
  expect(new URL(page.url()).hash).toContain(`server=${server}`);
  // Keyboard: focus the next cell's button and press Enter.
  await page.click("#filter-reset");
  const next = page.locator("#grid tbody button[data-server]").nth(1);
  await next.focus();
  await page.keyboard.press("Enter");
  expect(await countText(page)).toBe(`${await next.textContent()} of ${json.findings.length.toLocaleString("en-US")} findings`);
  await context.close();
}, 300_000);

test("a drift finding shows the declared and the deployed value side by side, the fix and its rule's reference", async () => {
  const { page, context } = await open("iisguard-scan.html", { fragment: "#rule=declared-config-drift&sort=target" });
  const drifts = json.findings.filter((f) => f.ruleId === "declared-config-drift" && f.data?.declared !== undefined);
  const first = page.locator("#findings-table tbody tr.row").first();
  expect(await first.locator("td:nth-child(4)").textContent()).toBe(drifts.map((f) => f.target).sort()[0]);
  const message = await first.locator("button.open").textContent();
  const drift = drifts.filter((f) => f.message === message);
  await first.locator("button.open").press("Enter");
  const detail = page.locator("#detail");
  await expect(detail.isVisible()).resolves.toBe(true);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("detail");
  const sides = await detail.locator(".side > div").allTextContents();
  expect(sides).toEqual([`declared ${drift[0].data!.field}${drift[0].data!.declared}`, `deployed${drift[0].data!.observed}`]);
  expect(await detail.textContent()).toContain(RULES.find((r) => r.id === "declared-config-drift")!.docs.fix);
  await detail.locator("a[href='#rule-declared-config-drift']").click();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("rule-declared-config-drift");
  expect(new URL(page.url()).hash).toBe("#rule=declared-config-drift&sort=target"); // the reference link keeps the filter state
  await detail.focus();
  await page.keyboard.press("Escape");
  expect(await detail.isHidden()).toBe(true);
  expect(await page.evaluate(() => document.activeElement?.className)).toBe("open"); // focus is back on the row's button
  await context.close();
}, 300_000);

test("sorting by a column header orders the findings and says so to assistive technology", async () => {
  const { page, context } = await open("iisguard-scan.html");
  await page.click("#findings-table th[data-key=target] button");
  const targets = await page.locator("#findings-table tbody tr.row td:nth-child(4)").allTextContents();
  const sorted = json.findings.map((f) => f.target).sort();
  expect(targets.slice(0, 10)).toEqual(sorted.slice(0, 10));
  expect(await page.getAttribute("#findings-table th[data-key=target]", "aria-sort")).toBe("ascending");
  await page.click("#findings-table th[data-key=target] button");
  expect(await page.getAttribute("#findings-table th[data-key=target]", "aria-sort")).toBe("descending");
  expect(await page.locator("#findings-table tbody tr.row td:nth-child(4)").first().textContent()).toBe(sorted[sorted.length - 1]);
  await context.close();
}, 300_000);

test("only the rows in sight are in the page, and scrolling to the end shows the last finding", async () => {
  const { page, context } = await open("iisguard-scan.html", { fragment: "#sort=target" });
  const rendered = await page.locator("#findings-table tbody tr.row").count();
  expect(rendered).toBeLessThan(120);
  await page.locator("#findings-scroller").scrollIntoViewIfNeeded();
  const last = json.findings
    .map((f) => f.target)
    .sort()
    .pop()!;
  // Scrolled the way a reader drags the scroll bar to the end; the rows there are drawn on the next frame.
  await page.waitForFunction((want) => {
    const s = document.getElementById("findings-scroller")!;
    s.scrollTop = s.scrollHeight;
    return [...document.querySelectorAll("#findings-table tbody tr.row td:nth-child(4)")].some((td) => td.textContent === want);
  }, last);
  expect(await page.locator("#findings-table tbody tr.row").last().getAttribute("aria-rowindex")).toBe(String(json.findings.length + 1));
  await context.close();
}, 300_000);

test("a hostile site name and host error text stay text: no element, no script, shown as written", async () => {
  for (const js of [true, false]) {
    const { page, context } = await open("iisguard-scan.html", { js });
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator("img, b").count()).toBe(0);
    expect(await page.locator("#grid thead th", { hasText: HOSTILE_SITE }).count()).toBeGreaterThan(0);
    expect(await page.locator("#hosts td", { hasText: HOSTILE_REASON.trim() }).count()).toBe(1);
    if (js) {
      await page.fill("#filter-q", HOSTILE_SITE.toLowerCase());
      const expected = json.findings.filter((f) => searched(f).includes(HOSTILE_SITE.toLowerCase())).length;
      await page.waitForFunction(
        (want) => document.getElementById("findings-count")!.textContent!.startsWith(want),
        `${expected.toLocaleString("en-US")} of`,
      );
      expect(await page.locator("#findings-table tbody tr.row td:nth-child(4)").first().textContent()).toContain(HOSTILE_SITE);
      expect(await page.locator("img, b").count()).toBe(0);
    }
    await context.close();
  }
}, 300_000);

test("accessible: one h1, headings in order, table headers scoped, outcome colours with 4.5:1 contrast; print drops the controls", async () => {
  const { page, context } = await open("iisguard-scan.html");
  const levels = await page.locator("h1, h2, h3").evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
  expect(levels.filter((l) => l === 1)).toHaveLength(1);
  for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).toBeLessThanOrEqual(1);
  expect(await page.locator("thead th:not([scope=col])").count()).toBe(0);
  const contrasts = await page.evaluate(() => {
    const rgb = (c: string) =>
      c
        .match(/\d+(\.\d+)?/g)!
        .slice(0, 3)
        .map(Number)
        .map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    const lum = (c: string) => {
      const [r, g, b] = rgb(c);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    return ["critical", "high", "medium", "low", "unknown", "waived", "clean"].map((o) => {
      const probe = document.createElement("span");
      probe.className = `badge o-${o}`;
      document.body.appendChild(probe);
      const s = getComputedStyle(probe);
      const [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x);
      probe.remove();
      return [o, Math.round(((a + 0.05) / (b + 0.05)) * 10) / 10];
    });
  });
  for (const [o, ratio] of contrasts) expect([o, (ratio as number) >= 4.5]).toEqual([o, true]);
  await page.emulateMedia({ media: "print" });
  expect(await page.locator("#controls").isVisible()).toBe(false);
  await context.close();
}, 300_000);

test("401s in the logs: each application's chart is drawn by the embedded uPlot under the page's policy; without JavaScript the counts are there as tables", async () => {
  // A scan of emulated hosts whose logs hold the planted pattern (emulator/site-logs.ts): web03's ACL refuses the help desk (401.3), and an expired password (401.1 × 1330).
  const fleetDir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-html-logs-"));
  const fleet = await scanFleet([{ server: "web01" }, { server: "web03", variant: "acl-denies-helpdesk" }], fleetDir);
  try {
    const { report } = await scanCommand(
      { inventory: fleet.inventoryFile, concurrency: 2, failOn: "low" },
      collectorFor(fleet, { commandTimeout: 5000, hostTimeout: 10_000 }),
    );
    fs.writeFileSync(path.join(dir, "out", "iisguard-scan-logs.html"), htmlReport(report));
  } finally {
    await fleet.close();
    fs.rmSync(fleetDir, { recursive: true, force: true });
  }
  const withJs = await open("iisguard-scan-logs.html");
  const figures = withJs.page.locator("#logs figure.log-app");
  const apps = await figures.count();
  expect(apps).toBeGreaterThanOrEqual(4); // /PM/helpdesk and /PM/admin on each host
  await withJs.page.waitForFunction((n) => document.querySelectorAll(".log-chart[data-rendered=uplot] canvas").length === n, apps);
  const helpdesk = withJs.page.locator("figure.log-app", { hasText: "web03/Default Web Site/PM/helpdesk" });
  expect(await helpdesk.locator("figcaption").textContent()).toBe(
    "web03/Default Web Site/PM/helpdesk: 14 unresolved, 0 in normal handshakes",
  );
  const box = await helpdesk.locator("canvas").boundingBox();
  expect(box!.width).toBeGreaterThan(300);
  expect(box!.height).toBeGreaterThan(100);
  // The legend names both series: what the chart compares.
  expect(await helpdesk.locator(".u-legend").textContent()).toMatch(/unresolved.*handshake/);
  // The finding's detail says what the logs show.
  expect(await withJs.page.locator("#findings-table").textContent()).toContain("unexplained-401s");
  await withJs.context.close();
  const noJs = await open("iisguard-scan-logs.html", { js: false });
  expect(await noJs.page.locator("canvas").count()).toBe(0);
  const row = noJs.page
    .locator("figure.log-app", { hasText: "web03/Default Web Site/PM/helpdesk" })
    .locator("tbody tr", { hasText: "401.1" })
    .first();
  expect((await row.locator("td").allTextContents()).slice(0, 3)).toEqual(["1330", "6", "0"]);
  expect(await noJs.page.locator("#findings-table").textContent()).toContain("logs: observed 4 × 401.3");
  await noJs.context.close();
}, 300_000);

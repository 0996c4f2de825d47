// How the HTML report behaves at fleet scale, in Debian's headless Chromium: the time to render the
// file, to open it (until its script has taken over) and to apply each filter, on a generated
// report of N hosts (default 5,000 hosts, about 50,000 findings). Medians of three page loads. Not a
// timed test: the figures depend on the machine and its load, and are written to
// docs/benchmarks.md by hand (its "HTML report at scale" section).
//
//   node -r ./preview/register.js bench/html-report.ts [--hosts 5000] [--findings-per-host 10.8] [--runs 3]
//   node -r ./preview/register.js bench/html-report.ts --screenshots docs   # docs/html-report-*.png (500 hosts)
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type Browser, type Page } from "playwright-core";
import { htmlReport } from "../core/report/html";
import { syntheticReport } from "../test/core/report/html-synthetic-fleet";
import { describeMachine } from "./machine";
import { median, progress, round } from "./measure";

// Callbacks given to page.evaluate run in the page; the project has no DOM lib (see html-chromium.test.ts).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any, window: any, requestAnimationFrame: (f: () => void) => number, PerformanceObserver: any;

const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/**
 * Runs `act` in the page and returns the milliseconds until the frame after it (script, style,
 * layout: what a reader waits for before the table shows the new rows). The page's own script does
 * its work synchronously in the event handlers, so this is the whole of it.
 */
async function timed(page: Page, act: string): Promise<number> {
  if (act.includes('"input"')) {
    // The search box waits for a 150 ms pause in typing before it filters: time the filtering
    // itself, as the page measures it (data-filter-ms: filter, rows drawn, controls synced).
    await page.evaluate((code) => {
      new Function(code)();
      document.body.removeAttribute("data-filter-ms");
    }, act);
    await page.waitForSelector("body[data-filter-ms]");
    return Number(await page.getAttribute("body", "data-filter-ms"));
  }
  return page.evaluate(
    (code) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        new Function(code)();
        void document.body.offsetHeight; // the layout the new rows need
        requestAnimationFrame(() => resolve(performance.now() - t0));
      }),
    act,
  );
}

const select = (id: string, value: string) =>
  `const s = document.getElementById(${JSON.stringify(id)}); s.value = ${JSON.stringify(value)}; s.dispatchEvent(new Event("change"));`;
const FILTERS: [string, string][] = [
  ["severity = high", select("filter-severity", "high")],
  ["rule = declared-config-drift", select("filter-rule", "declared-config-drift")],
  ["status = new", select("filter-status", "new")],
  [
    "search 'helpdesk' (after the 150 ms typing pause)",
    `document.getElementById("filter-reset").click(); const q = document.getElementById("filter-q"); q.value = "helpdesk"; q.dispatchEvent(new Event("input"));`,
  ],
  [
    "grid cell click",
    `document.getElementById("filter-reset").click(); document.querySelector("#grid tbody button[data-server]").click();`,
  ],
  [
    "sort by target (first sort of that column)",
    `document.getElementById("filter-reset").click(); document.querySelector("#findings-table th[data-key=target] button").click();`,
  ],
  ["clear filters", `document.getElementById("filter-reset").click();`],
  [
    "scroll to the middle of 50,000 rows",
    `const s = document.getElementById("findings-scroller"); s.scrollIntoView(); s.scrollTop = s.scrollHeight / 2; s.dispatchEvent(new Event("scroll"));`,
  ],
];

interface PageLoad {
  readyMs: number;
  firstPaintMs: number;
  scriptMs: number;
  longestTaskMs: number;
}

/** Opens the report in a new page and waits until its script has taken over. */
async function openReport(browser: Browser, file: string): Promise<{ page: Page; load: PageLoad }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // Watched from before the page's first byte, so the longest task of the load itself is seen.
  await page.addInitScript(() => {
    (window as unknown as { __longest: number }).__longest = 0;
    new PerformanceObserver((list: { getEntries(): { duration: number }[] }) => {
      for (const e of list.getEntries())
        (window as unknown as { __longest: number }).__longest = Math.max(
          (window as unknown as { __longest: number }).__longest,
          e.duration,
        );
    }).observe({ type: "longtask", buffered: true });
  });
  await page.goto(`file://${file}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
  const load = await page.evaluate(() => ({
    readyMs: Number(document.body.dataset.readyMs),
    scriptMs: Number(document.body.dataset.scriptMs),
    firstPaintMs: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
    longestTaskMs: (window as unknown as { __longest: number }).__longest,
  }));
  return { page, load };
}

interface PageFigures {
  loads: PageLoad[];
  /** Each filter's times, one per run, in FILTERS order. */
  filters: Map<string, number[]>;
  chromiumVersion: string;
}

/** `runs` fresh loads of the report, each followed by every action of FILTERS. */
async function measurePages(browser: Browser, file: string, runs: number): Promise<PageFigures> {
  const loads: PageLoad[] = [];
  const filters = new Map<string, number[]>();
  for (let run = 0; run < runs; run++) {
    const { page, load } = await openReport(browser, file);
    loads.push(load);
    progress("html-report load", load);
    for (const [name, act] of FILTERS) {
      const ms = await timed(page, act);
      filters.set(name, [...(filters.get(name) ?? []), ms]);
    }
    progress("html-report filters", Object.fromEntries([...filters].map(([k, v]) => [k, Math.round(v[v.length - 1])])));
    await page.close();
  }
  return { loads, filters, chromiumVersion: browser.version() };
}

/** docs/benchmarks.md's "HTML report at scale" section: what was measured, on what, and the medians. */
function scaleSection(
  run: { hosts: number; runs: number; findings: number; htmlLength: number; renderMs: number },
  pages: PageFigures,
): string[] {
  const m = describeMachine();
  const pick = (k: keyof PageLoad) => Math.round(median(pages.loads.map((l) => l[k])));
  return [
    "## HTML report at scale",
    "",
    `\`node -r ./preview/register.js bench/html-report.ts --hosts ${run.hosts}\` (${m.summary}; Chromium ${pages.chromiumVersion} headless via playwright-core;`,
    `node ${process.version}; load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(", ")} while it ran). A generated report of ${run.hosts.toLocaleString("en-US")} hosts and`,
    `${run.findings.toLocaleString("en-US")} findings: ${round(run.htmlLength / 2 ** 20)} MiB of HTML, rendered by \`htmlReport\` in ${Math.round(run.renderMs)} ms. Medians of ${run.runs} page loads.`,
    "",
    "| opening the file | ms |",
    "|---|---|",
    `| first contentful paint (overview) | ${pick("firstPaintMs")} |`,
    `| script done: grid and findings interactive | ${pick("readyMs")} |`,
    `| of which the page's script | ${pick("scriptMs")} |`,
    `| longest task while loading | ${pick("longestTaskMs")} |`,
    "",
    "| action on the loaded page (until the next frame) | ms |",
    "|---|---|",
    ...[...pages.filters].map(([name, xs]) => `| ${name} | ${Math.round(median(xs))} |`),
    "",
  ];
}

async function bench(): Promise<void> {
  const hosts = Number(option("hosts", "5000"));
  const perHost = Number(option("findings-per-host", "10.8"));
  const runs = Number(option("runs", "3"));
  const report = syntheticReport({ hosts, findingsPerHost: perHost });
  const t0 = performance.now();
  const html = htmlReport(report);
  const renderMs = performance.now() - t0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-html-bench-"));
  const file = path.join(dir, "report.html");
  fs.writeFileSync(file, html);
  progress("html-report", {
    hosts,
    findings: report.findings.length,
    megabytes: round(html.length / 2 ** 20),
    renderMs: Math.round(renderMs),
  });

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  let pages: PageFigures;
  try {
    pages = await measurePages(browser, file, runs);
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const lines = scaleSection({ hosts, runs, findings: report.findings.length, htmlLength: html.length, renderMs }, pages);
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** The README's pictures: the overview and the grid of a 500-host report. */
async function screenshots(out: string): Promise<void> {
  const report = syntheticReport({ hosts: 500, findingsPerHost: 9 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-html-shots-"));
  const file = path.join(dir, "report.html");
  fs.writeFileSync(file, htmlReport(report));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`file://${file}`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
    await page.locator("#overview").screenshot({ path: path.join(out, "html-report-overview.png") });
    await page.locator("#fleet").scrollIntoViewIfNeeded();
    await page.locator("#fleet").screenshot({ path: path.join(out, "html-report-grid.png") });
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const shots = process.argv.indexOf("--screenshots");
(shots >= 0 ? screenshots(process.argv[shots + 1] ?? "docs") : bench()).catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});

// The HTML report embeds uPlot through a generated module (core/ reads no files): it must be the
// installed package's build, byte for byte, or a dependency update would ship a stale chart library.
import * as fs from "fs";
import * as path from "path";
import { UPLOT_CSS, UPLOT_SCRIPT, UPLOT_VERSION } from "../../../core/report/html/uplot-source";

const dist = path.join(path.dirname(require.resolve("uplot/package.json")), "dist");

test("the embedded uPlot is the installed package's minified IIFE build and CSS (else run node scripts/embed-uplot.js)", () => {
  expect(UPLOT_VERSION).toBe(JSON.parse(fs.readFileSync(require.resolve("uplot/package.json"), "utf8")).version);
  expect(UPLOT_SCRIPT).toBe(fs.readFileSync(path.join(dist, "uPlot.iife.min.js"), "utf8"));
  expect(UPLOT_CSS).toBe(fs.readFileSync(path.join(dist, "uPlot.min.css"), "utf8"));
});

test("the generated module is what the generator writes now (licence included)", () => {
  const { moduleText, OUT } = require("../../../scripts/embed-uplot.js") as { moduleText: () => string; OUT: string };
  expect(fs.readFileSync(OUT, "utf8")).toBe(moduleText());
  expect(fs.readFileSync(OUT, "utf8")).toContain("Copyright (c) 2022 Leon Sorokin");
});

test("the embedded script cannot end its own script element (HTML Living Standard §4.12.1.3)", () => {
  expect(UPLOT_SCRIPT).not.toMatch(/<\/script|<!--/i);
});

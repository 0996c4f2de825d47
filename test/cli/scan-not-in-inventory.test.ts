// Servers the stack declares that the YAML inventory does not list used to be silently never
// checked. Each format must say so, the scan is incomplete (exit 3) unless allowed, and shards
// list only their own share so a merge lists each server once. Through the CLI, against emulated
// hosts on loopback.
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { XMLParser } from "fast-xml-parser";
import { startEmulatedFleet, type EmulatedFleet } from "../../emulator/fleet";
import { writeInventory } from "../../emulator/inventory-file";
import { parseJsonReport } from "../../core/report/json";
import { ROOT } from "../helpers/pack";
import { referenceStackExport } from "../helpers/scan-fleet";

const BIN = path.join(ROOT, "bin/iisguard.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-not-listed-"));
let fleet: EmulatedFleet;
let inventory: string;
/** web01 and web02 are the reference stack's; the others are declared as Hosts only. */
const EXTRA_DECLARED = ["web04", "web05", "web06", "web07", "web08", "web09"];
const NOT_LISTED = ["web02", ...EXTRA_DECLARED];
let full: { code: number; stdout: string; stderr: string };

function iisguard(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The reference stack plus a declared Host for each extra server (a copy of web01's with the server renamed). */
async function stackWithExtraHosts(): Promise<string> {
  const file = await referenceStackExport(dir);
  const doc = JSON.parse(fs.readFileSync(file, "utf8"));
  const resources: { type: string; urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[] =
    doc.deployment.resources;
  const web01 = resources.find((r) => r.type === "iisguard:index:Host" && r.outputs?.server === "web01");
  if (!web01) throw new Error("the reference stack has no iisguard:index:Host for web01");
  for (const server of EXTRA_DECLARED) {
    resources.push({
      ...web01,
      urn: `${web01.urn.replace(/::[^:]+$/, "")}::${server}`,
      inputs: { ...web01.inputs, server },
      outputs: { ...web01.outputs, server },
    });
  }
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

// --no-logs: the emulated hosts plant an expired password in their logs (an unexplained-401s finding, exit 1); these tests are about exit 3.
const scanArgs = (...more: string[]) => [
  "scan",
  "--inventory",
  inventory,
  "--identity",
  fleet.identityFile,
  "--known-hosts",
  fleet.knownHostsFile,
  "--no-progress",
  "--no-logs",
  ...more,
];
const read = (sub: string, ext: string) => fs.readFileSync(path.join(dir, sub, `iisguard-scan.${ext}`), "utf8");

beforeAll(async () => {
  const stack = await stackWithExtraHosts();
  // WEB01 is the stack's web01 as Windows compares names; web03 is scanned but not declared.
  fleet = await startEmulatedFleet([{ server: "WEB01" }, { server: "web03" }], { dir });
  inventory = path.join(dir, "inventory.yaml");
  writeInventory(inventory, fleet.hosts, "iisguard", stack);
  full = await iisguard(scanArgs("--format", "json,text,markdown,html,sarif,junit", "--output", path.join(dir, "all")));
}, 120_000);
afterAll(async () => {
  await fleet?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("declared servers missing from the inventory made the scan look complete: exit 3 now", () => {
  expect(full.stderr).toMatch(/reports written to/);
  expect(full.code).toBe(3);
});

test("json: declared servers missing from the inventory are listed (WEB01 is web01), and the report reads back", () => {
  const report = parseJsonReport(read("all", "json"), "iisguard-scan.json");
  expect(report.hosts.map((h) => `${h.server}:${h.status}`)).toEqual(["WEB01:ok", "web03:ok"]);
  expect(report.findings).toEqual([]);
  expect(report.notInInventory).toEqual({ servers: NOT_LISTED, allowed: false });
});

test("text: declared servers missing from the inventory are listed", () => {
  const text = read("all", "txt");
  expect(text).toMatch(/^iisguard scan: 2 hosts — 2 read, 0 failed, 7 declared in the stack but not in the inventory$/m);
  expect(text).toContain(
    `Declared in the stack, not in the inventory (7, never checked: the scan is incomplete (list them in the inventory, or pass --allow-not-in-inventory)):\n${NOT_LISTED.map((s) => `  ${s}\n`).join("")}`,
  );
  expect(text).not.toMatch(/^ {2}web01$/im);
});

test("markdown: declared servers missing from the inventory are listed", () => {
  const md = read("all", "md");
  expect(md).toContain("## Declared in the stack, not in the inventory\n\n7 servers, never checked: the scan is incomplete");
  expect(md).toContain(`| server |\n|---|\n${NOT_LISTED.map((s) => `| ${s} |`).join("\n")}\n`);
});

test("html: declared servers missing from the inventory are listed", () => {
  const html = read("all", "html");
  const section = /<section id="not-in-inventory"[^]*?<\/section>/.exec(html)?.[0] ?? "";
  expect(section).toContain('<h2 id="not-in-inventory-h">Declared in the stack, not in the inventory</h2>');
  expect([...section.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1])).toEqual(NOT_LISTED);
});

test("sarif: declared servers missing from the inventory are execution errors, the run not successful", () => {
  const invocation = JSON.parse(read("all", "sarif")).runs[0].invocations[0];
  expect(invocation.executionSuccessful).toBe(false);
  expect(
    invocation.toolExecutionNotifications.map(
      (n: { level: string; message: { text: string } }) => `${n.level} ${n.message.text.split(":")[0]}`,
    ),
  ).toEqual(NOT_LISTED.map((s) => `error ${s}`));
  expect(invocation.toolExecutionNotifications[0].message.text).toMatch(
    /^web02: declared in the stack, not in the inventory, never checked/,
  );
});

test("junit: declared servers missing from the inventory are errors in their own suite", () => {
  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(read("all", "junit.xml"));
  const suites = xml.testsuites.testsuite as {
    name: string;
    errors: string;
    testcase: { name: string; error?: { type: string } } | { name: string; error?: { type: string } }[];
  }[];
  const suite = suites.find((s) => s.name === "Declared in the stack, not in the inventory")!;
  expect(suite.errors).toBe("7");
  expect([suite.testcase].flat().map((c) => `${c.name}:${c.error?.type}`)).toEqual(NOT_LISTED.map((s) => `${s}:not-in-inventory`));
});

test("--allow-not-in-inventory: still listed in every format, but the scan is complete (exit 0)", async () => {
  const r = await iisguard(
    scanArgs("--allow-not-in-inventory", "--format", "json,text,sarif,junit", "--output", path.join(dir, "allowed")),
  );
  expect(r.code).toBe(0);
  expect(JSON.parse(read("allowed", "json")).notInInventory).toEqual({ servers: NOT_LISTED, allowed: true });
  expect(read("allowed", "txt")).toContain("(7, never checked; allowed by --allow-not-in-inventory)");
  const sarif = JSON.parse(read("allowed", "sarif")).runs[0].invocations[0];
  expect(sarif.executionSuccessful).toBe(true);
  expect(sarif.toolExecutionNotifications.map((n: { level: string }) => n.level)).toEqual(NOT_LISTED.map(() => "note"));
  expect(read("allowed", "junit.xml")).toMatch(
    /<testcase classname="iisguard.not-in-inventory" name="web02" time="0"><skipped message="never checked; allowed/,
  );
}, 60_000);

test("sharded scans list each missing server in exactly one shard; merged, each once, still incomplete", async () => {
  const shards = [1, 2, 3].map((i) => path.join(dir, `shard${i}`));
  const runs = await Promise.all(shards.map((out, i) => iisguard(scanArgs("--shard", `${i + 1}/3`, "--format", "json", "--output", out))));
  const lists = shards.map(
    (out) => (JSON.parse(fs.readFileSync(path.join(out, "iisguard-scan.json"), "utf8")).notInInventory?.servers ?? []) as string[],
  );
  expect(lists.flat().sort()).toEqual(NOT_LISTED);
  expect(lists.filter((l) => l.length > 0).length).toBeGreaterThan(1); // the hash really splits them
  for (const [i, run] of runs.entries()) expect(run.code).toBe(lists[i].length > 0 ? 3 : 0);
  const merged = await iisguard(["merge", ...shards.map((out) => path.join(out, "iisguard-scan.json")), "-f", "json"]);
  expect(merged.code).toBe(3);
  const report = JSON.parse(merged.stdout);
  expect([...report.notInInventory.servers].sort()).toEqual(NOT_LISTED);
  expect(report.notInInventory.allowed).toBe(false);
}, 120_000);

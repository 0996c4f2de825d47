// The shipped PowerShell cannot be run here (no Windows), but it can be parsed: every script must
// parse cleanly with tree-sitter-powershell, and the tree shows that parameters are only read as
// data from $p and that nothing evaluates text as code.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const SCRIPTS = path.join(__dirname, "../../remote/scripts");
const BOOTSTRAP = path.join(__dirname, "../../remote/bootstrap.ps1");
const collectionScripts = fs
  .readdirSync(SCRIPTS)
  .filter((f) => f.endsWith(".ps1") && f !== "windows-layer.ps1")
  .map((f) => path.join(SCRIPTS, f));
const LAYER = path.join(SCRIPTS, "windows-layer.ps1");
const shipped = [...collectionScripts, LAYER, BOOTSTRAP];

type Facts = Record<string, { errors: string[]; commands: string[]; paramUses: string[] }>;
function parse(...inputs: string[]): Facts {
  return JSON.parse(
    execFileSync(process.execPath, [path.join(__dirname, "../helpers/parse-powershell.js"), ...inputs], { encoding: "utf8" }),
  );
}
const BROKEN = "inline:function x( { $a = ";
const parsed = parse(...shipped, BROKEN); // one process: loading the grammar takes seconds

test.each(shipped.map((f) => [path.basename(f), f]))("%s parses without errors", (_name, file) => {
  expect(parsed[file].errors).toEqual([]);
});

test("a broken script is detected (the parser does not hide errors)", () => {
  expect(parsed[BROKEN].errors.length).toBeGreaterThan(0);
});

test.each(collectionScripts.map((f) => [path.basename(f), f]))(
  "%s reads its parameters only from $p, and evaluates no text",
  (_name, file) => {
    const { commands, paramUses } = parsed[file];
    expect(commands.filter((c) => ["invoke-expression", "iex", "add-type", "start-process", "invoke-command"].includes(c))).toEqual([]);
    expect(fs.readFileSync(file, "utf8")).not.toMatch(/\[scriptblock\]::create/i);
    expect(paramUses.length).toBeGreaterThan(0);
    // $p is the param block's variable and is otherwise only read through its members.
    for (const use of paramUses) expect(use).toMatch(/^(param\(\$p\)|\$p\.\w+.*|\$p)$/s);
  },
);

test("the Windows layer takes no parameters from the host: every value arrives as a function argument", () => {
  expect(parsed[LAYER].paramUses).toEqual([]);
  expect(
    parsed[LAYER].commands.filter((c) => ["invoke-expression", "iex", "add-type", "start-process", "invoke-command"].includes(c)),
  ).toEqual([]);
});

// Windows OpenSSH starts Windows PowerShell 5.1: syntax and parameters that arrived in PowerShell 6
// or 7 fail there (about_Operators, about_Pipeline_Chain_Operators, ConvertFrom-Json/ConvertTo-Json
// and ForEach-Object parameter docs; Join-Path -AdditionalChildPath is 6.0+).
const PS7_ONLY: [string, RegExp][] = [
  ["?? / ??= (null-coalescing)", /\?\?/],
  ["?. / ?[] (null-conditional)", /\$\{?\w+\}?\?[.[]/],
  ["&& / || (pipeline chains)", /&&|\|\|/],
  ["a ? b : c (ternary)", /\s\?\s[^:\n]+\s:\s/],
  ["-AsHashtable", /-AsHashtable\b/i],
  ["-AsArray", /-AsArray\b/i],
  ["-EnumsAsStrings", /-EnumsAsStrings\b/i],
  ["ForEach-Object -Parallel", /-Parallel\b/i],
  ["-AdditionalChildPath / Join-Path with three paths", /-AdditionalChildPath\b|Join-Path\s+\S+\s+\S+\s+['"$]/i],
  ["Get-Content/Set-Content -AsByteStream", /-AsByteStream\b/i],
  ["Remove-Item/Get-ChildItem -FollowSymlink", /-FollowSymlink\b/i],
];

test.each(shipped.map((f) => [path.basename(f), f]))(
  "%s uses no PowerShell 6/7-only syntax or parameters (Windows OpenSSH starts 5.1)",
  (_name, file) => {
    const code = fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !line.trim().startsWith("#"))
      .join("\n");
    expect(PS7_ONLY.filter(([, pattern]) => pattern.test(code)).map(([what]) => what)).toEqual([]);
  },
);

test("the 5.1 check catches what it looks for", () => {
  const flagged = (code: string) => PS7_ONLY.filter(([, pattern]) => pattern.test(code)).map(([what]) => what);
  expect(flagged("$a = $b ?? 'x'")).toHaveLength(1);
  expect(flagged("$x = $y ? 1 : 2")).toHaveLength(1);
  expect(flagged("git pull && echo ok")).toHaveLength(1);
  expect(flagged("$j | ConvertFrom-Json -AsHashtable")).toHaveLength(1);
  expect(flagged("Join-Path $a 'b' 'c'")).toHaveLength(1);
  expect(flagged("$a = @(Get-Item -LiteralPath $p)")).toEqual([]);
});

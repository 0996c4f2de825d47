// The shipped PowerShell cannot be run here (no Windows), but it can be parsed: every script must
// parse cleanly with tree-sitter-powershell, and the tree shows that parameters are only read as
// data from $p and that nothing evaluates text as code.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const SCRIPTS = path.join(__dirname, "../../remote/scripts");
const BOOTSTRAP = path.join(__dirname, "../../remote/bootstrap.ps1");
const collectionScripts = fs.readdirSync(SCRIPTS).filter((f) => f.endsWith(".ps1")).map((f) => path.join(SCRIPTS, f));

type Facts = Record<string, { errors: string[]; commands: string[]; paramUses: string[] }>;
function parse(...inputs: string[]): Facts {
  return JSON.parse(execFileSync(process.execPath, [path.join(__dirname, "../helpers/parse-powershell.js"), ...inputs], { encoding: "utf8" }));
}
const BROKEN = "inline:function x( { $a = ";
const parsed = parse(...collectionScripts, BOOTSTRAP, BROKEN); // one process: loading the grammar takes seconds

test.each([...collectionScripts, BOOTSTRAP].map((f) => [path.basename(f), f]))("%s parses without errors", (_name, file) => {
  expect(parsed[file].errors).toEqual([]);
});

test("a broken script is detected (the parser does not hide errors)", () => {
  expect(parsed[BROKEN].errors.length).toBeGreaterThan(0);
});

test.each(collectionScripts.map((f) => [path.basename(f), f]))("%s reads its parameters only from $p, and evaluates no text", (_name, file) => {
  const { commands, paramUses } = parsed[file];
  expect(commands.filter((c) => ["invoke-expression", "iex", "add-type", "start-process", "invoke-command"].includes(c))).toEqual([]);
  expect(fs.readFileSync(file, "utf8")).not.toMatch(/\[scriptblock\]::create/i);
  expect(paramUses.length).toBeGreaterThan(0);
  // $p is the param block's variable and is otherwise only read through its members.
  for (const use of paramUses) expect(use).toMatch(/^(param\(\$p\)|\$p\.\w+.*|\$p)$/s);
});

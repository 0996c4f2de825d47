// @ts-check
// Parses PowerShell files with tree-sitter-powershell and prints, per file, what the script tests
// assert on. A separate process: web-tree-sitter loads its WebAssembly with a dynamic import,
// which jest's module sandbox does not allow.
"use strict";
const fs = require("fs");
const { Parser, Language } = require("web-tree-sitter");

/** @param {import("web-tree-sitter").Node} node @param {(n: import("web-tree-sitter").Node) => void} visit */
function walk(node, visit) {
  visit(node);
  for (const child of node.children) if (child) walk(child, visit);
}

(async () => {
  await Parser.init();
  const parser = new Parser();
  parser.setLanguage(await Language.load(require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm")));
  /** @type {Record<string, { errors: string[], commands: string[], paramUses: string[] }>} */
  const out = {};
  for (const arg of process.argv.slice(2)) {
    const source = arg.startsWith("inline:") ? arg.slice(7) : fs.readFileSync(arg, "utf8");
    const tree = parser.parse(source);
    /** @type {{ errors: string[], commands: string[], paramUses: string[] }} */
    const facts = { errors: [], commands: [], paramUses: [] };
    if (tree) {
      walk(tree.rootNode, (n) => {
        if (n.type === "ERROR" || n.isMissing) facts.errors.push(`line ${n.startPosition.row + 1}: ${n.text.slice(0, 60)}`);
        if (n.type === "command_name") facts.commands.push(n.text.toLowerCase());
        if (n.type === "variable" && n.text.toLowerCase() === "$p") facts.paramUses.push(n.parent?.parent?.text ?? n.text);
      });
    }
    out[arg] = facts;
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});

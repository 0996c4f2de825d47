#!/usr/bin/env node
// Writes the argument reference of iis.Site and iis.Host (docs/components.md) from their TypeScript
// declarations (iis/site.ts, iis/host.ts): every property, its declared type, whether it is
// required, and its doc comment. Run by `npm run docs` and by the build, so the reference follows the
// types; test/package/docs.test.ts fails when the committed file is stale.
// Usage: node scripts/component-reference.js [--check]   (prints to stdout; --check compares with the file)
"use strict";
const fs = require("fs");
const path = require("path");
const ts = require("typescript");

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "docs", "components.md");
const SOURCES = ["iis/site.ts", "iis/host.ts"].map((f) => path.join(ROOT, f));
const SECTIONS = [
  { name: "SiteArgs", title: "`iis.Site(name, args, opts?)` — `SiteArgs`", type: "iisguard:index:Site" },
  { name: "ApplicationArgs", title: "`SiteArgs.applications[]` — `ApplicationArgs`" },
  { name: "AuthorizationRuleArgs", title: "`ApplicationArgs.authorization[]`, `aspNetAuthorization[]` — `AuthorizationRuleArgs`" },
  { name: "HostArgs", title: "`iis.Host(name, args, opts?)` — `HostArgs`", type: "iisguard:index:Host" },
];
const ALIASES = ["AuthMethod", "AppPoolIdentity"];

function reference() {
  const program = ts.createProgram(SOURCES, {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const interfaces = new Map();
  const aliases = new Map();
  for (const file of program.getSourceFiles()) {
    ts.forEachChild(file, (node) => {
      if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
      if (ts.isTypeAliasDeclaration(node) && ALIASES.includes(node.name.text)) aliases.set(node.name.text, node);
    });
  }
  const cell = (text) => text.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
  const lines = [
    "# Component argument reference",
    "",
    "Generated from the TypeScript declarations of `iisguard/iis` (`npm run docs`); do not edit by hand.",
    "",
    "`iis.Site` and `iis.Host` **declare and deploy nothing**: they create no Azure resource and touch no",
    "server. They record what a server should run, validated at construction (a wrong value fails the",
    "program with the field path and the value), so that the policy pack judges it at preview and",
    "`iisguard scan` compares it with what is deployed. Deploy IIS configuration with your usual tooling",
    "(DSC, a VM extension, a pipeline); declare it here next to the VM that hosts it.",
    "",
  ];
  for (const section of SECTIONS) {
    const decl = interfaces.get(section.name);
    if (!decl) throw new Error(`component-reference: interface ${section.name} not found in ${SOURCES.join(", ")}`);
    lines.push(`## ${section.title}`, "");
    if (section.type)
      lines.push(
        `Resource type \`${section.type}\` (a component resource: it appears in the stack and its outputs are the normalized declaration).`,
        "",
      );
    lines.push("| argument | type | required | meaning |", "|---|---|---|---|");
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const symbol = checker.getSymbolAtLocation(member.name);
      const doc = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)) : "";
      lines.push(
        `| \`${member.name.getText()}\` | \`${cell(member.type.getText())}\` | ${member.questionToken ? "no" : "yes"} | ${cell(doc) || "—"} |`,
      );
    }
    lines.push("");
  }
  lines.push("## Values", "");
  for (const name of ALIASES) {
    const decl = aliases.get(name);
    if (!decl) throw new Error(`component-reference: type ${name} not found`);
    const type = checker.getTypeAtLocation(decl.name);
    lines.push(
      `- \`${name}\`: \`${cell(checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias))}\``,
    );
  }
  lines.push("");
  return lines.join("\n");
}

const text = reference();
if (process.argv.includes("--check")) {
  const onDisk = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
  if (onDisk !== text) {
    process.stderr.write(`${OUT} is stale: run npm run docs\n`);
    process.exit(1);
  }
} else if (process.argv.includes("--write")) {
  // Only when it changed: the build runs this while tests may be reading the file.
  if (!fs.existsSync(OUT) || fs.readFileSync(OUT, "utf8") !== text) fs.writeFileSync(OUT, text);
} else {
  process.stdout.write(text);
}

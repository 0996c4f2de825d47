#!/usr/bin/env node
// Entry of the `iisguard` command. In a checkout the TypeScript sources run directly, transpiled on
// the fly (no build step, and no stale build can shadow an edit); the published package carries no
// sources and runs the JavaScript compiled into dist/ (`npm run build`, run by `npm pack`).
const fs = require("fs");
const path = require("path");

const checkout = fs.existsSync(path.join(__dirname, "..", "cli", "main.ts"));
if (checkout) require("../preview/register");
require(checkout ? "../cli/main" : "../dist/cli/main")
  .main(process.argv)
  .then((code) => process.exit(code))
  .catch((e) => {
    process.stderr.write(`iisguard: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exit(70);
  });

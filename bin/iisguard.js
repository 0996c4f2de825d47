#!/usr/bin/env node
// Entry of the `iisguard` command: transpiles the TypeScript sources on the fly (no build step).
require("../harness/register");
require("../cli/main")
  .main(process.argv)
  .then((code) => process.exit(code))
  .catch((e) => {
    process.stderr.write(`iisguard: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exit(70);
  });

// The pack's entry as the Pulumi CLI loads it (`main` in package.json).
// In a checkout: the runner's type-checking ts-node gives way to the project's transpile-only one
// (see preview/register.js), then pack.ts. Published (`npm pack`, `pulumi policy publish`): the
// sources are not there and the compiled copy in lib/ runs, with nothing outside this directory.
const fs = require("fs");
const path = require("path");

if (fs.existsSync(path.join(__dirname, "pack.ts"))) {
  require("../preview/register");
  require("./pack");
} else {
  require(path.join(__dirname, "lib", "policies", "pack"));
}

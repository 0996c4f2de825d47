// The pack's entry as the Pulumi CLI loads it (`main` in package.json): the runner's type-checking
// ts-node gives way to the project's transpile-only one (see harness/register.js), then pack.ts.
require("../harness/register");
require("./pack");

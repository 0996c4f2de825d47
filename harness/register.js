// Lets plain `node` run this repository's TypeScript: iisguard ships no build step. Type checking
// is the test command's job (tsc --noEmit); at run time we only transpile.
require("ts-node").register({
  transpileOnly: true,
  project: require("path").join(__dirname, "..", "tsconfig.json"),
});

// Lets plain `node` run this checkout's TypeScript: the repository runs its sources (only the published
// package is compiled, by `npm run build`). Type checking
// is the test command's job (tsc --noEmit); at run time we only transpile.
//
// The Pulumi CLI's policy runner registers its own ts-node, with type checking on, before it loads
// the pack: every preview would type-check the pack's whole import graph (the rules, the adapters,
// the @pulumi/* declarations), about 3 of the 5 seconds the pack took to start. That instance, when
// there is one, is switched off so this transpile-only one compiles everything.
const tsNode = require("ts-node");

process[tsNode.REGISTER_INSTANCE]?.enabled(false);
tsNode.register({
  transpileOnly: true,
  project: require("path").join(__dirname, "..", "tsconfig.json"),
});

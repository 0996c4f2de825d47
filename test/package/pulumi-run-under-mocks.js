// Runs the Pulumi program in the working directory with Pulumi's own program runner
// (@pulumi/pulumi/cmd/run/run.js, the code `pulumi preview` runs in the language host) under the
// SDK's mocks: ts-node registered with Pulumi's settings (node_modules not compiled), entry point
// from package.json. Prints {node, types} of what registered, or the error and exit code 1.
// Usage (from the program's directory): PULUMI_NODEJS_TYPESCRIPT=true PULUMI_NODEJS_PROJECT=p PULUMI_CONFIG='{"p:k":"v"}' node pulumi-run-under-mocks.js
"use strict";
const path = require("path");

const from = { paths: [process.cwd()] };
const pulumi = require(require.resolve("@pulumi/pulumi", from));
// run.js requires its directory's index.js for one exit-code constant; that index.js is the
// language host's command line and starts a run against a real engine as soon as it loads. It is
// stood in for by the constant, so only run.js (ts-node registration, entry point, program) runs.
const runIndex = require.resolve("@pulumi/pulumi/cmd/run", from);
const standIn = new (require("module"))(runIndex);
standIn.filename = runIndex;
standIn.loaded = true;
standIn.exports = { nodeJSProcessExitedAfterLoggingUserActionableMessage: 32 };
require.cache[runIndex] = standIn;
const { run } = require(require.resolve("@pulumi/pulumi/cmd/run/run", from));

/** @type {string[]} */
const types = [];
pulumi.runtime.setMocks(
  {
    newResource: (/** @type {any} */ args) => {
      types.push(args.type);
      return { id: `${args.name}-id`, state: args.inputs };
    },
    call: (/** @type {any} */ args) => args.inputs,
  },
  process.env.PULUMI_NODEJS_PROJECT ?? path.basename(process.cwd()),
  process.env.PULUMI_NODEJS_STACK ?? "dev",
  true,
);

/** @type {unknown} */
let failure;
run(
  { _: ["."] },
  () => {},
  (/** @type {unknown} */ err) => (failure = failure ?? err),
  () => false,
)
  .then(async () => {
    await pulumi.runtime.waitForRPCs?.();
    if (failure) throw failure;
    process.stdout.write(`${JSON.stringify({ node: process.version, types })}\n`);
  })
  .catch((/** @type {any} */ err) => {
    process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
    process.exit(1);
  });

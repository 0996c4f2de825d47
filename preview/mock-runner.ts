// Child process: runs a Pulumi program offline under the SDK's mocks and writes every registered
// resource, in the wire form the engine would send to analyzers, to the file named in argv[4].
// Usage: node preview/mock-runner.js <pwd> <main> <outFile> (from a checkout: node -r preview/register.js preview/mock-runner.ts …)
// <pwd> and <main> are the program's working directory and entry as the CLI computes them from
// Pulumi.yaml. Stack identity and config come from the environment variables the CLI sets
// (PULUMI_NODEJS_PROJECT, PULUMI_NODEJS_STACK, PULUMI_NODEJS_DRY_RUN, PULUMI_CONFIG), TypeScript
// from those the language host sets (PULUMI_NODEJS_TYPESCRIPT, PULUMI_NODEJS_TSCONFIG_PATH).
import * as fs from "fs";
import { computedOutputs } from "./mock-state";
import type { WireResource } from "./pack-process";
import { programEntry, programFailure, programSdkDir, registerTypeScript } from "./program-loader";

const [pwd, main, outFile] = process.argv.slice(2);
const project = process.env.PULUMI_NODEJS_PROJECT ?? "project";
const stack = process.env.PULUMI_NODEJS_STACK ?? "dev";
const preview = process.env.PULUMI_NODEJS_DRY_RUN !== "false";

let program = main;
function fail(e: unknown): never {
  // The program's own error (a SpecError naming the field, a type error) is the message the user needs.
  process.stderr.write(`${programFailure(program, e)}\n`);
  process.exit(2);
}

let pulumi: typeof import("@pulumi/pulumi");
try {
  // Mocks are set on the SDK the program itself loads, as the language host runs the program's SDK.
  const sdkDir = programSdkDir(pwd);
  pulumi = require(sdkDir) as typeof import("@pulumi/pulumi");
  registerTypeScript(pwd, sdkDir);
  program = programEntry(pwd, main);
} catch (e) {
  fail(e);
}

interface Recorded extends WireResource {
  custom: boolean;
  inputs: Record<string, unknown>;
}
const recorded = new Map<string, Recorded>();

pulumi.runtime.setMocks(
  {
    newResource: (args) => ({
      // In a preview nothing new has an id yet and computed outputs are unknown: return the inputs only.
      id: preview ? undefined : `${args.name}-id`,
      state: preview ? args.inputs : { ...args.inputs, ...computedOutputs(args.type, args.name, args.inputs) },
    }),
    call: (args) => args.inputs,
  },
  project,
  stack,
  preview,
);

// The mock monitor is the SDK's own; record what it is asked, exactly as the engine would see it.
const monitor: any = (pulumi.runtime as any).getMonitor();
const register = monitor.registerResource.bind(monitor);
monitor.registerResource = (req: any, callback: (err: unknown, res: any) => void) =>
  register(req, (err: unknown, res: any) => {
    if (!err) {
      const propertyDependencies: Record<string, string[]> = {};
      req.getPropertydependenciesMap().forEach((v: any, k: string) => (propertyDependencies[k] = v.getUrnsList()));
      const custom: boolean = req.getCustom();
      const inputs = req.getObject()?.toJavaScript() ?? {};
      recorded.set(res.getUrn(), {
        type: req.getType(),
        urn: res.getUrn(),
        name: req.getName(),
        custom,
        inputs,
        properties: custom ? (res.getObject()?.toJavaScript() ?? {}) : {},
        ...(req.getParent() ? { parent: req.getParent() } : {}),
        dependencies: req.getDependenciesList(),
        propertyDependencies,
      });
    }
    callback(err, res);
  });
const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
monitor.registerResourceOutputs = (req: any, callback: (err: unknown, res: any) => void) => {
  const r = recorded.get(req.getUrn());
  if (r) r.properties = req.getOutputs()?.toJavaScript() ?? {};
  return registerOutputs(req, callback);
};

async function run(): Promise<void> {
  await pulumi.runtime.runInPulumiStack(async () => {
    const mod = require(program);
    return typeof mod === "function" ? await mod() : mod;
  });
  await (pulumi.runtime as any).waitForRPCs();
  fs.writeFileSync(outFile, JSON.stringify([...recorded.values()]));
}

run().catch(fail);

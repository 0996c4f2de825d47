// Child process: runs a Pulumi program offline under the SDK's mocks and writes every registered
// resource, in the wire form the engine would send to analyzers, to the file named in argv[3].
// Usage: node -r harness/register.js harness/mock-runner.ts <programDir> <outFile>
// Stack identity and config come from the same environment variables the CLI sets
// (PULUMI_NODEJS_PROJECT, PULUMI_NODEJS_STACK, PULUMI_NODEJS_DRY_RUN, PULUMI_CONFIG).
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { computedOutputs } from "./mock-state";
import type { WireResource } from "./pack-process";

const [programDir, outFile] = process.argv.slice(2);
const project = process.env.PULUMI_NODEJS_PROJECT ?? "project";
const stack = process.env.PULUMI_NODEJS_STACK ?? "dev";
const preview = process.env.PULUMI_NODEJS_DRY_RUN !== "false";

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

async function main(): Promise<void> {
  const program = path.resolve(programDir);
  await pulumi.runtime.runInPulumiStack(async () => {
    const mod = require(program);
    return typeof mod === "function" ? await mod() : mod;
  });
  await (pulumi.runtime as any).waitForRPCs();
  fs.writeFileSync(outFile, JSON.stringify([...recorded.values()]));
}

main().catch((e: Error) => {
  // The program's own error (a SpecError naming the field) is the message the user needs.
  process.stderr.write(`${e?.message ?? String(e)}\n`);
  process.exit(2);
});

// The resources of a program run under mocks, written the way `pulumi stack export` writes a
// deployment, so the scanner can read a stack made offline exactly as it reads a real one.
import type { ProgramResource } from "./run-program";

export function toStackExport(resources: ProgramResource[], stack: string): Record<string, unknown> {
  return {
    version: 3,
    deployment: {
      manifest: { time: new Date().toISOString(), magic: "", version: "iisguard-mocks" },
      resources: resources.map((r) => ({
        urn: r.urn,
        custom: r.custom,
        type: r.type,
        inputs: r.inputs,
        outputs: r.properties,
        ...(r.parent ? { parent: r.parent } : {}),
        dependencies: r.dependencies ?? [],
        propertyDependencies: r.propertyDependencies ?? {},
      })),
    },
    stack,
  };
}

// Which layer may import which: the architecture in README ("Architecture") as a checkable rule.
// A file's layer is its top-level folder; an import is the top-level folder it resolves to, or the
// package name for a dependency.
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..");

/** Imports each layer must not make; a trailing "*" matches a package scope. */
export const FORBIDDEN: Record<string, string[]> = {
  // Pure: no Pulumi, no transport, no I/O, nothing above it.
  core: [
    "adapters",
    "iis",
    "policies",
    "remote",
    "cli",
    "preview",
    "emulator",
    "reference-fleet",
    "bench",
    "@pulumi/*",
    "ssh2",
    "fs",
    "child_process",
    "net",
    "http",
    "https",
  ],
  // Resources and stack exports → the model, shared by the pack and the scanner.
  adapters: ["policies", "remote", "cli", "preview", "emulator", "reference-fleet", "bench", "@pulumi/*", "ssh2"],
  // The scanner: never the pack, the CLI or the test rig.
  remote: ["policies", "cli", "preview", "emulator", "reference-fleet", "bench", "@pulumi/*"],
  emulator: ["policies", "cli", "preview", "reference-fleet", "bench", "@pulumi/*"],
  iis: ["adapters", "policies", "remote", "cli", "preview", "emulator", "reference-fleet", "bench", "@pulumi/policy"],
  cli: ["policies", "bench", "@pulumi/policy"],
  "reference-fleet": ["policies", "remote", "cli", "preview", "emulator", "bench", "@pulumi/policy"],
};

export interface ImportEdge {
  file: string;
  layer: string;
  target: string;
}

const IMPORT = /(?:\bfrom\s+|\brequire\(\s*|\bimport\(\s*)["']([^"']+)["']/g;

function targetOf(file: string, spec: string): string {
  if (spec.startsWith(".")) {
    const resolved = path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), spec));
    return resolved.split(path.sep)[0];
  }
  if (spec.startsWith("node:")) return spec.slice(5);
  const parts = spec.split("/");
  return spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** The imports of a source text, with the layer they come from and go to. */
export function importsOf(file: string, source: string): ImportEdge[] {
  const layer = file.split(/[\\/]/)[0];
  return [...source.matchAll(IMPORT)].map((m) => ({ file, layer, target: targetOf(file, m[1]) })).filter((e) => e.target !== e.layer);
}

export function violations(edges: ImportEdge[], forbidden = FORBIDDEN): string[] {
  return edges.flatMap((e) => {
    const rules = forbidden[e.layer] ?? [];
    const hit = rules.find((r) => (r.endsWith("/*") ? e.target.startsWith(r.slice(0, -1)) : e.target === r));
    return hit ? [`${e.file} imports ${e.target} (${e.layer}/ must not import ${hit})`] : [];
  });
}

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(rel);
  }
  return out;
}

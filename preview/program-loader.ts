// What the Pulumi Node.js language host does before it runs a program, done the same way so that a
// program that `iisguard check` accepts is one `pulumi preview` accepts: ts-node registered with the
// program's TypeScript and tsconfig, type checking on unless turned off, node_modules not compiled;
// the entry point found from `main` and package.json. Followed from @pulumi/pulumi's cmd/run/run.js
// (3.270) and tsutils.js, loaded from the program's own @pulumi/pulumi wherever that is possible.
import * as fs from "fs";
import * as path from "path";

export class ProgramLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProgramLoadError";
  }
}

interface TsUtils {
  loadTypeScriptCompilerOptions(tsConfigPath: string): Record<string, unknown>;
  typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
}

/** The program's @pulumi/pulumi: the SDK its resources register with, and the one whose mocks must be set. */
export function programSdkDir(pwd: string): string {
  try {
    return path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [pwd] }));
  } catch {
    throw new ProgramLoadError(`${pwd}: @pulumi/pulumi cannot be resolved from the program's directory: run npm install there`);
  }
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [ma, mi] = version.split(".").map(Number);
  return ma > major || (ma === major && mi >= minor);
}

/**
 * Registers ts-node as run.js does when PULUMI_NODEJS_TYPESCRIPT is "true": the tsconfig named by
 * PULUMI_NODEJS_TSCONFIG_PATH (default tsconfig.json, skipped when absent), transpile-only when
 * PULUMI_NODEJS_TRANSPILE_ONLY says so or the tsconfig sets `noCheck`, otherwise type checking on.
 * ts-node ignores node_modules by default: a package must ship JavaScript, as under `pulumi preview`.
 */
export function registerTypeScript(pwd: string, sdkDir: string): void {
  if (process.env.PULUMI_NODEJS_TYPESCRIPT !== "true") return;
  const tsutils = require(path.join(sdkDir, "tsutils")) as TsUtils;
  const defaultTsConfigPath = "tsconfig.json";
  const tsConfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? defaultTsConfigPath;
  const skipProject = !fs.existsSync(path.resolve(pwd, tsConfigPath));
  if (skipProject && tsConfigPath !== defaultTsConfigPath) {
    throw new ProgramLoadError(`tsconfig path was set to ${tsConfigPath} but the file was not found`);
  }
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions(path.resolve(pwd, tsConfigPath));
  const transpileOnlyEnv = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
  const transpileOnly = transpileOnlyEnv ? transpileOnlyEnv === "true" : (compilerOptions.noCheck as boolean | undefined);

  // run.js requires these names from the SDK's own location (the program's, or the SDK's vendored copies).
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  const typescriptPath = require.resolve(typescriptRequire, { paths: [sdkDir] });
  const ts = require(typescriptPath) as { version: string };
  const tsNode = require(require.resolve(tsnodeRequire, { paths: [sdkDir] }));
  const packageJson = programPackage(pwd);
  if (packageJson.manifest.type === "module") {
    throw new ProgramLoadError(
      `${packageJson.file}: "type": "module" programs (Pulumi's ESM mode) are not supported by iisguard check; use CommonJS`,
    );
  }
  const useNodeNext = versionAtLeast(ts.version, 4, 7);
  // From a checkout the runner itself came through the repository's transpile-only ts-node. ts-node
  // hooks chain (the newest compiles, then hands its output to the older one), so that instance is
  // switched off: the program's files are compiled once, by this one, as the language host would.
  (process as unknown as Record<symbol, { enabled(on: boolean): void } | undefined>)[Symbol.for("ts-node.register.instance")]?.enabled(
    false,
  );
  tsNode.register({
    compiler: typescriptPath,
    transpileOnly,
    project: path.resolve(pwd, tsConfigPath),
    skipProject,
    compilerOptions: {
      target: "ES2020",
      module: useNodeNext ? "nodenext" : "commonjs",
      moduleResolution: useNodeNext ? "nodenext" : "node",
      sourceMap: "true",
      ...compilerOptions,
    },
  });
}

interface PackageManifest {
  exports?: unknown;
  main?: unknown;
  type?: unknown;
}

/** The nearest package.json at or above the program (npmPackageRootFromProgramPath). */
function programPackage(from: string): { dir: string; file: string; manifest: PackageManifest } {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      try {
        return { dir, file, manifest: JSON.parse(fs.readFileSync(file, "utf8")) as PackageManifest };
      } catch (e) {
        throw new ProgramLoadError(`${file}: not JSON: ${(e as Error).message.slice(0, 80)}`);
      }
    }
    if (path.dirname(dir) === dir) return { dir: path.resolve(from), file: path.join(from, "package.json"), manifest: {} };
  }
}

/** The module the language host requires: `main` from Pulumi.yaml, else package.json's exports["."] or main. */
export function programEntry(pwd: string, main: string): string {
  let program = path.join(pwd, main);
  if (main === ".") {
    const pkg = programPackage(program);
    const exported = pkg.manifest.exports;
    let entry: unknown;
    if (typeof exported === "string") entry = exported;
    else if (typeof exported === "object" && exported !== null) {
      const dot = (exported as Record<string, unknown>)["."];
      if (typeof dot === "string") entry = dot;
      else if (typeof dot === "object" && dot !== null) {
        const d = dot as Record<string, unknown>;
        entry = d.default ?? d.require ?? d.import;
      }
    } else if (pkg.manifest.main) entry = pkg.manifest.main;
    // resolveEntrypoint: a declared entry that does not exist falls back to the directory (with a warning).
    if (typeof entry === "string") {
      const candidate = path.join(pkg.dir, entry);
      if (fs.existsSync(candidate)) program = candidate;
      else process.stderr.write(`warning: Could not find entry point '${entry}' specified in package.json; using '${program}' instead\n`);
    }
  }
  // A directory is required with a trailing slash, so that an adjacent .json file is not taken for it.
  if (fs.existsSync(program) && fs.statSync(program).isDirectory() && !program.endsWith("/")) program += "/";
  return program;
}

/** How the language host reports a program that failed: TSError and SyntaxError without stack frames. */
export function programFailure(program: string, err: unknown): string {
  const e = err as Error | undefined;
  if (e && (e.name === "TSError" || e.name === "SyntaxError")) {
    const parts = (e.stack ?? "").split(e.message);
    const message = parts.length === 2 ? parts[0] + e.message : e.message;
    return `Running program '${program}' failed with an unhandled exception:\n${message}`;
  }
  return e?.message ?? String(err);
}

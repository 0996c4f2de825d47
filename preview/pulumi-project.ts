// What the Pulumi CLI reads before it runs a program: the project file (Pulumi.yaml) and the stack's
// config file (Pulumi.<stack>.yaml), so that `iisguard check` runs the program as `pulumi preview`
// would. Followed from the project file reference (https://www.pulumi.com/docs/iac/concepts/projects/project-file/)
// and the CLI's getPwdMain (pulumi/pulumi pkg/engine/project.go).
import * as fs from "fs";
import * as path from "path";
import { FileFormatError, parseYamlFile } from "../core/schemas/parse";

export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProjectError";
  }
}

export interface PulumiProject {
  name: string;
  /** Directory of Pulumi.yaml. */
  root: string;
  /** Where the program runs (its working directory) and what it loads there, as the CLI computes them from `main`. */
  pwd: string;
  main: string;
  /** `runtime.options.typescript` (default true): the language host registers ts-node. */
  typescript: boolean;
  /** `runtime.options.tsconfig`, relative to pwd, when set. */
  tsconfig?: string;
  /** Project-level config: declared keys (with their type) and values/defaults, namespaced `project:key`. */
  config: Map<string, ProjectConfigKey>;
  /** Where Pulumi.<stack>.yaml lives (`stackConfigDir`, default the project root). */
  stackConfigDir: string;
}

interface ProjectConfigKey {
  type?: string;
  value?: unknown;
  secret: boolean;
}

export interface StackConfig {
  /** `project:key` → the string the SDK reads (structured values as JSON). */
  values: Record<string, string>;
  /** Keys whose values are secret (`PULUMI_CONFIG_SECRET_KEYS`). */
  secretKeys: string[];
  /** Where each value came from, for messages. */
  files: string[];
}

/** A `secure:` value is encrypted with the stack's secrets provider; offline it cannot be read. */
export const SECRET_PLACEHOLDER = "[secret]";
const CONFIG_TYPES = ["string", "boolean", "integer", "array"];

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ProjectError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return parseYamlFile(text, file);
  } catch (e) {
    if (e instanceof FileFormatError) throw new ProjectError(e.message);
    throw e;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function projectFile(dir: string): string {
  for (const name of ["Pulumi.yaml", "Pulumi.yml"]) if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  throw new ProjectError(`${dir}: no Pulumi.yaml; pass the directory of a Pulumi program`);
}

/** getPwdMain: `main` is relative and inside the project; a directory becomes the working directory. */
function pwdAndMain(file: string, root: string, main: unknown): { pwd: string; main: string } {
  if (main === undefined || main === "") return { pwd: root, main: "." };
  if (typeof main !== "string") throw new ProjectError(`${file}: main: expected a path, got ${JSON.stringify(main)}`);
  if (path.isAbsolute(main)) throw new ProjectError(`${file}: main: project 'main' must be a relative path, got ${JSON.stringify(main)}`);
  const full = path.resolve(root, main);
  if (full !== root && !full.startsWith(root + path.sep))
    throw new ProjectError(`${file}: main: project 'main' must be a subfolder, got ${JSON.stringify(main)}`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    throw new ProjectError(`${file}: main: project 'main' could not be read: ${JSON.stringify(main)} does not exist`);
  }
  return stat.isDirectory() ? { pwd: full, main: "." } : { pwd: path.dirname(full), main: path.basename(full) };
}

function projectConfig(file: string, project: string, config: unknown): Map<string, ProjectConfigKey> {
  const keys = new Map<string, ProjectConfigKey>();
  if (config === undefined || config === null) return keys;
  if (!isObject(config)) throw new ProjectError(`${file}: config: expected a map of keys, got ${JSON.stringify(config).slice(0, 40)}`);
  for (const [key, decl] of Object.entries(config)) {
    const name = key.includes(":") ? key : `${project}:${key}`;
    if (isObject(decl) && ("type" in decl || "default" in decl || "description" in decl || "secret" in decl)) {
      // A schema: only for the project's own keys; the default is the value unless the stack sets one.
      if (decl.type !== undefined && !CONFIG_TYPES.includes(String(decl.type))) {
        throw new ProjectError(`${file}: config.${key}.type: expected one of ${CONFIG_TYPES.join(", ")}, got ${JSON.stringify(decl.type)}`);
      }
      keys.set(name, { type: decl.type as string | undefined, value: decl.default, secret: decl.secret === true });
    } else if (isObject(decl) && "value" in decl) {
      keys.set(name, { value: decl.value, secret: false });
    } else {
      keys.set(name, { value: decl, secret: false });
    }
  }
  return keys;
}

export function readProject(dir: string): PulumiProject {
  const root = path.resolve(dir);
  const file = projectFile(root);
  const doc = readYaml(file);
  if (!isObject(doc)) throw new ProjectError(`${file}: expected a map with 'name' and 'runtime'`);
  if (typeof doc.name !== "string" || doc.name === "") throw new ProjectError(`${file}: name: required, got ${JSON.stringify(doc.name)}`);
  const runtime = isObject(doc.runtime) ? doc.runtime : { name: doc.runtime };
  if (runtime.name !== "nodejs") {
    throw new ProjectError(`${file}: runtime: iisguard check runs Node.js programs (runtime: nodejs), got ${JSON.stringify(runtime.name)}`);
  }
  const options = isObject(runtime.options) ? runtime.options : {};
  const stackConfigDir = typeof doc.stackConfigDir === "string" ? path.resolve(root, doc.stackConfigDir) : root;
  return {
    name: doc.name,
    root,
    ...pwdAndMain(file, root, doc.main),
    typescript: options.typescript !== false,
    ...(typeof options.tsconfig === "string" ? { tsconfig: options.tsconfig } : {}),
    config: projectConfig(file, doc.name, doc.config),
    stackConfigDir,
  };
}

function configString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function typeMismatch(type: string | undefined, value: unknown): boolean {
  if (type === undefined) return false;
  const text = configString(value);
  if (type === "integer") return !/^-?\d+$/.test(text);
  if (type === "boolean") return text !== "true" && text !== "false";
  if (type === "array") return !Array.isArray(value);
  return false;
}

/**
 * Stack config as the CLI assembles it: Pulumi.yaml values and defaults, overridden by
 * Pulumi.<stack>.yaml, overridden by `overrides` (iisguard's `-c key=value`). A declared key without
 * a value or default is an error, as it is for `pulumi preview`.
 */
export function readStackConfig(project: PulumiProject, stack: string, overrides: Record<string, string>): StackConfig {
  const values = new Map<string, { value: unknown; source: string }>();
  const secretKeys = new Set<string>();
  const files = [projectFile(project.root)];
  for (const [key, decl] of project.config) {
    if (decl.value !== undefined) values.set(key, { value: decl.value, source: files[0] });
    if (decl.secret) secretKeys.add(key);
  }

  const stackFile = path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
  if (fs.existsSync(stackFile)) {
    files.push(stackFile);
    const doc = readYaml(stackFile);
    const config = isObject(doc) ? doc.config : undefined;
    if (config !== undefined && config !== null && !isObject(config))
      throw new ProjectError(`${stackFile}: config: expected a map of keys`);
    for (const [key, value] of Object.entries(config ?? {})) {
      const name = key.includes(":") ? key : `${project.name}:${key}`;
      if (isObject(value) && typeof value.secure === "string") {
        values.set(name, { value: SECRET_PLACEHOLDER, source: stackFile });
        secretKeys.add(name);
      } else {
        values.set(name, { value, source: stackFile });
      }
    }
  }
  for (const [key, value] of Object.entries(overrides)) {
    values.set(key.includes(":") ? key : `${project.name}:${key}`, { value, source: "--config" });
  }

  for (const [key, decl] of project.config) {
    const set = values.get(key);
    const shortKey = key.startsWith(`${project.name}:`) ? key.slice(project.name.length + 1) : key;
    if (!set) {
      throw new ProjectError(
        `Stack '${stack}' is missing configuration value '${shortKey}' (declared in ${files[0]}): set it in ${stackFile} or with -c ${shortKey}=<value>`,
      );
    }
    if (set.value !== SECRET_PLACEHOLDER && typeMismatch(decl.type, set.value)) {
      const got = decl.secret ? "a secret value" : JSON.stringify(set.value).slice(0, 40);
      throw new ProjectError(`${set.source}: config ${shortKey}: must be of type '${decl.type}', got ${got}`);
    }
  }
  const out: Record<string, string> = {};
  for (const [key, { value }] of values) out[key] = configString(value);
  return { values: out, secretKeys: [...secretKeys].sort(), files };
}

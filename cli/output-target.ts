// `--output` and `--name` are checked before the scan connects anywhere: a report that cannot be
// written must not be found out after every host was read (that lost the whole scan, exit 70).
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "./errors";

function statOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch (e) {
    // ENOTDIR: a parent is a file; the walk up finds it and names it.
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw new UsageError(`--output: cannot use ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Throws a UsageError naming the path when the reports `<dir>/<name>.<ext>` could not be written. */
export function checkOutputTarget(dir: string, name: string, extensions: string[]): void {
  if (name === "" || name !== path.basename(name) || name === "." || name === ".." || /[\u0000-\u001F\u007F]/.test(name)) {
    throw new UsageError(`--name ${JSON.stringify(name)}: a plain file name is expected (no directory, no control characters)`);
  }
  const target = path.resolve(dir);
  // The nearest part of the path that exists must be a directory we may create entries in.
  let existing = target;
  let stat = statOrUndefined(existing);
  while (!stat && path.dirname(existing) !== existing) {
    existing = path.dirname(existing);
    stat = statOrUndefined(existing);
  }
  if (stat && !stat.isDirectory()) {
    throw new UsageError(
      existing === target ? `--output ${dir}: exists and is not a directory` : `--output ${dir}: ${existing} is a file, not a directory`,
    );
  }
  try {
    fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw new UsageError(`--output ${dir}: ${existing} is not writable by this user`);
  }
  if (existing !== target) return;
  for (const ext of extensions) {
    const file = path.join(target, `${name}.${ext}`);
    if (statOrUndefined(file)?.isDirectory()) throw new UsageError(`--output ${dir}: ${file} is a directory; a report cannot replace it`);
  }
}

// Reads untrusted declared values (component args, resource properties) field by field. Every
// problem names the field path and the offending value; every unknown value (a preview value not
// yet computed) is recorded by its model path instead of being guessed.
import { modelPath } from "../unknown-paths";

/** What adapters put where a value is unknown during preview. */
export const UNKNOWN: unique symbol = Symbol.for("iisguard.unknown");
export type MaybeUnknown = typeof UNKNOWN;

export interface SpecProblem {
  path: string;
  message: string;
}

export class SpecError extends Error {
  constructor(
    readonly subject: string,
    readonly problems: SpecProblem[],
  ) {
    super(`${subject}: invalid configuration\n${problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}`);
    this.name = "SpecError";
  }
}

export function show(value: unknown): string {
  if (value === UNKNOWN) return "(unknown)";
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value === undefined) return "nothing";
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export { modelPath };

export class Reader {
  readonly problems: SpecProblem[] = [];
  readonly unknown = new Set<string>();

  problem(path: string, message: string): undefined {
    this.problems.push({ path, message });
    return undefined;
  }

  /** True (and recorded) when the value is unknown. */
  isUnknown(value: unknown, path: string): value is MaybeUnknown {
    if (value !== UNKNOWN) return false;
    this.unknown.add(modelPath(path));
    return true;
  }

  field(obj: Record<string, unknown>, key: string): unknown {
    return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }

  object(value: unknown, path: string, required: boolean): Record<string, unknown> | undefined {
    if (this.isUnknown(value, path)) return undefined;
    if (value === undefined || value === null) return required ? this.problem(path, "is required") : undefined;
    if (typeof value !== "object" || Array.isArray(value)) return this.problem(path, `must be an object, got ${show(value)}`);
    return value as Record<string, unknown>;
  }

  list(value: unknown, path: string, required: boolean): unknown[] | undefined {
    if (this.isUnknown(value, path)) return undefined;
    if (value === undefined || value === null) return required ? this.problem(path, "is required") : undefined;
    if (!Array.isArray(value)) return this.problem(path, `must be a list, got ${show(value)}`);
    return value;
  }

  /**
   * A list of objects, each read by `each` at its own path (`path[i]`); an item that is not an
   * object is a problem and is left out, as is an item `each` cannot read (it says why).
   */
  objects<T>(
    value: unknown,
    path: string,
    required: boolean,
    each: (o: Record<string, unknown>, itemPath: string) => T | undefined,
  ): T[] | undefined {
    const items = this.list(value, path, required);
    if (items === undefined) return undefined;
    return items.flatMap((item, i) => {
      const itemPath = `${path}[${i}]`;
      const o = this.object(item, itemPath, true);
      const read = o && each(o, itemPath);
      return read === undefined ? [] : [read];
    });
  }

  string(value: unknown, path: string, opts: { required: boolean; nonEmpty?: boolean; max?: number }): string | undefined {
    if (this.isUnknown(value, path)) return undefined;
    if (value === undefined || value === null) return opts.required ? this.problem(path, "is required") : undefined;
    if (typeof value !== "string") return this.problem(path, `must be a string, got ${show(value)}`);
    if (opts.nonEmpty && value.trim() === "") return this.problem(path, "must not be empty");
    if (value.length > (opts.max ?? 4096)) return this.problem(path, `is longer than ${opts.max ?? 4096} characters`);
    return value;
  }

  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (this.isUnknown(value, path)) return fallback;
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "boolean") {
      this.problem(path, `must be true or false, got ${show(value)}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[], required: boolean, what: string): T | undefined {
    const text = this.string(value, path, { required });
    if (text === undefined) return undefined;
    const match = allowed.find((a) => a === text) ?? allowed.find((a) => a.toLowerCase() === text.toLowerCase());
    if (match === undefined) return this.problem(path, `${show(text)} is not ${what} (expected one of ${allowed.join(", ")})`);
    return match;
  }

  integer(value: unknown, path: string, min: number, max: number, required: boolean): number | undefined {
    if (this.isUnknown(value, path)) return undefined;
    if (value === undefined || value === null) return required ? this.problem(path, "is required") : undefined;
    if (typeof value !== "number" || !Number.isInteger(value)) return this.problem(path, `must be a whole number, got ${show(value)}`);
    if (value < min || value > max) return this.problem(path, `must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  strings(value: unknown, path: string, required: boolean): string[] | undefined {
    const items = this.list(value, path, required);
    if (items === undefined) return undefined;
    const out: string[] = [];
    items.forEach((item, i) => {
      const s = this.string(item, `${path}[${i}]`, { required: true, nonEmpty: true });
      if (s !== undefined) out.push(s);
    });
    return out;
  }
}

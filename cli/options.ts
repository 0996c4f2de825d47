// The flag parsers every command shares: numbers, durations, sizes, format lists, shards, key=value.
// One owner for each unit, so `--window 24h` and `--log-window 24h` mean the same thing. Errors name
// the flag and quote the value, as commander's own argument errors do (the CLI exits 2 on them).
import { InvalidArgumentError } from "commander";

/** A whole number from min to max. */
export const int =
  (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return n;
  };

/**
 * Node's timers take at most 2^31 - 1 ms (about 24.8 days); a longer delay is set to 1 ms with a
 * TimeoutOverflowWarning (https://nodejs.org/api/timers.html#settimeoutcallback-delay-args), which
 * would time every host out at once.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** Milliseconds that a timer can wait. */
export const ms = (flag: string) => int(flag, 1, MAX_TIMER_MS);

const DURATION_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
/** A year and a day: more than any log retention a window could ask for. */
const MAX_DURATION_MS = 366 * DURATION_MS.d;

/** "90m", "24h", "7d", "1.5h" → milliseconds, above 0 and at most 366d. */
export const duration =
  (flag: string) =>
  (value: string): number => {
    const m = /^(\d+(?:\.\d+)?)\s*([mhd])$/i.exec(value.trim());
    const millis = m ? Number(m[1]) * DURATION_MS[m[2].toLowerCase()] : NaN;
    if (!(millis > 0) || millis > MAX_DURATION_MS) {
      throw new InvalidArgumentError(
        `${flag} must be a duration above 0 and at most 366d, in minutes, hours or days (30m, 24h, 7d), got ${JSON.stringify(value)}`,
      );
    }
    return millis;
  };

/** `--log-window` in hours, as the collector's parameters take it. */
export const logWindowHours = (value: string): number => duration("--log-window")(value) / DURATION_MS.h;

const SIZE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};
/** What one site may cost the host: reading is bounded by the command timeout long before this. */
const MAX_LOG_BYTES = 64 * 1024 ** 3;

/** "16MiB", "512k", "1G", "1048576" → bytes (binary units: k = 1024). 0 reads no logs, as --no-logs. */
export function logByteCap(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_LOG_BYTES) {
    throw new InvalidArgumentError(
      `--log-bytes must be a size from 0 to 64GiB, in bytes or with k, M, G (binary: 16MiB, 512k), got ${JSON.stringify(value)}`,
    );
  }
  return bytes;
}

/** An ISO 8601 time ("2026-11-28T10:00:00Z") → epoch milliseconds. */
export const isoTime =
  (flag: string) =>
  (value: string): number => {
    const millis = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(millis))
      throw new InvalidArgumentError(`${flag} must be an ISO 8601 time such as 2026-11-28T10:00:00Z, got ${JSON.stringify(value)}`);
    return millis;
  };

/** A comma-separated list of the formats a command knows, at least one. */
export const formatList =
  <F extends string>(known: Record<F, unknown>) =>
  (value: string): F[] => {
    const list = value
      .split(",")
      .map((f) => f.trim())
      .filter((f) => f !== "");
    for (const f of list)
      if (!(f in known)) throw new InvalidArgumentError(`unknown format ${JSON.stringify(f)} (known: ${Object.keys(known).join(", ")})`);
    if (list.length === 0) throw new InvalidArgumentError("name at least one format");
    return list as F[];
  };

/** "i/n" with 1 ≤ i ≤ n. */
export function shard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n, got ${JSON.stringify(value)}`);
  return { index, count };
}

/** A repeatable key=value option, collected into one record. */
export function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got ${JSON.stringify(value)}`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

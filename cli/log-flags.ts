// Parsers of `iisguard scan`'s log flags: --log-window <duration> and --log-bytes <size>. Errors
// name the flag and quote the value, as commander's other argument errors do.
import { InvalidArgumentError } from "commander";

const HOURS: Record<string, number> = { m: 1 / 60, h: 1, d: 24 };
/** A year and a day: more than any log retention a scan could ask for. */
const MAX_WINDOW_HOURS = 24 * 366;

/** "24h", "90m", "7d", "1.5h" → hours. */
export function logWindowHours(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([mhd])$/i.exec(value.trim());
  const hours = m ? Number(m[1]) * HOURS[m[2].toLowerCase()] : NaN;
  if (!(hours > 0) || hours > MAX_WINDOW_HOURS) {
    throw new InvalidArgumentError(`--log-window must be a duration above 0 and at most 366d, in minutes, hours or days (30m, 24h, 7d), got ${JSON.stringify(value)}`);
  }
  return hours;
}

const UNITS: Record<string, number> = { "": 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };
/** What one site may cost the host: reading is bounded by the command timeout long before this. */
const MAX_BYTES = 64 * 1024 ** 3;

/** "16MiB", "512k", "1G", "1048576" → bytes (binary units: k = 1024). 0 reads no logs, as --no-logs. */
export function logByteCap(value: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 0 || bytes > MAX_BYTES) {
    throw new InvalidArgumentError(`--log-bytes must be a size from 0 to 64GiB, in bytes or with k, M, G (binary: 16MiB, 512k), got ${JSON.stringify(value)}`);
  }
  return bytes;
}

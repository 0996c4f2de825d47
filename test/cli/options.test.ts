// The log flags' parsers: units as documented in --help, and values that would make no sense
// refused with the flag and the value named (the CLI turns them into exit 2: test/cli/scan.test.ts).
import { logByteCap, logWindowHours } from "../../cli/options";

test.each([
  ["24h", 24],
  ["90m", 1.5],
  ["7d", 168],
  ["1.5h", 1.5],
  ["366d", 8784],
])("--log-window %s is %d hours", (value, hours) => expect(logWindowHours(value)).toBe(hours));

test.each(["24", "0h", "-1h", "367d", "1w", "", "h"])("--log-window %p is refused, naming the flag and the value", (value) => {
  expect(() => logWindowHours(value)).toThrow(
    `--log-window must be a duration above 0 and at most 366d, in minutes, hours or days (30m, 24h, 7d), got ${JSON.stringify(value)}`,
  );
});

test.each([
  ["16MiB", 16 * 1024 * 1024],
  ["512k", 512 * 1024],
  ["1G", 1024 ** 3],
  ["1048576", 1048576],
  ["0", 0],
])("--log-bytes %s is %d bytes", (value, bytes) => expect(logByteCap(value)).toBe(bytes));

test.each(["-1", "16 parsecs", "65GiB", "1e9", "MiB"])("--log-bytes %p is refused, naming the flag and the value", (value) => {
  expect(() => logByteCap(value)).toThrow(
    `--log-bytes must be a size from 0 to 64GiB, in bytes or with k, M, G (binary: 16MiB, 512k), got ${JSON.stringify(value)}`,
  );
});

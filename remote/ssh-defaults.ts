// Defaults of every SSH collection, whoever starts it (CLI, pack, emulated fleets). No imports:
// the pack reads them at start-up without loading ssh2.
export const SSH_DEFAULTS = {
  user: "iisguard",
  connectTimeoutMs: 10_000,
  commandTimeoutMs: 60_000,
  /** Connect, run and parse one host: above the command's budget, so that a slow answer is still read. */
  hostTimeoutMs: 120_000,
  maxOutputBytes: 16 * 1024 * 1024,
  keepaliveIntervalMs: 15_000,
  /** OpenSSH refuses channels above MaxSessions (10) and starts failing below it. */
  maxChannels: 4,
} as const;

/**
 * Defaults of log evidence (issue #14), whoever scans: a day of each site's W3C logs, 16 MiB read per
 * site. The pack's remote checks at preview do not read logs.
 */
export const LOG_DEFAULTS = {
  windowHours: 24,
  byteCapPerSite: 16 * 1024 * 1024,
} as const;

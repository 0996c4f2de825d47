/**
 * What travels from a host for log evidence (issue #14): the seam between the server-side
 * collection (remote/, PowerShell) and the pure analysis (core/logs/). Its shape is a contract
 * between two engineers: change it only together, and say so.
 *
 * `lines` are the raw W3C extended log lines the server-side filter kept, file by file in time
 * order, with every directive line (`#Software`, `#Version`, `#Date`, `#Fields: …`) so the analysis
 * can index fields exactly as the server wrote them.
 */

/** One log file the collector read (or started to read). */
export interface CollectedLogFile {
  name: string;
  bytes: number;
  lastWriteUtc: string;
  readFromByte: number;
  truncated: boolean;
}

/** One IIS site's kept log lines over the window asked for. */
export interface CollectedSiteLog {
  site: string; // IIS site name
  siteId: number; // the site's id (the W3SVC<id> folder)
  directory: string; // the site's logFile.directory, environment variables expanded
  format: string; // logFile.logFormat as configured ("W3C", "IIS", "NCSA", "Custom")
  windowHours: number; // the window asked for
  files: CollectedLogFile[];
  lines: string[]; // raw lines, file by file in time order, directives included
  problems: string[]; // e.g. "u_ex261128.log: locked by another process", "byte cap reached"
  /**
   * Entry lines (not directives, not blank) in the bytes read, kept or not: how busy the site was.
   * Absent from answers of collectors older than issue #14 part 3. Added by the correlation
   * (engineer C) so that "0 401s observed" on a site that served requests is told apart from a quiet site.
   */
  entries?: number;
}

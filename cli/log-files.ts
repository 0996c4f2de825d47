// Finding IIS log files and streaming their lines for `iisguard logs`.
//
// IIS writes one folder per site, W3SVC<site id>, under logFile.directory, and names files by their
// rollover period (logFile.period): u_exYYMMDD.log daily, u_exYYMMDDHH.log hourly, u_exYYMM.log
// monthly, u_extendN.log by size; "u_" marks UTF-8 files
// (https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/sites/sitedefaults/logfile/).
// Files are read folder by folder, in that time order, so a handshake that spans a rollover is seen whole.
import { isAscii } from "buffer";
import * as fs from "fs";
import * as path from "path";
import { UsageError } from "./errors";

export interface LogFile {
  path: string;
  /** The folder the file is in: one analysis per folder, so client state never crosses sites. */
  folder: string;
  /** "W3SVC<id>" when the folder says so; otherwise the site comes from s-sitename. */
  site?: string;
  siteId?: number;
}

const SITE_FOLDER = /^W3SVC(\d+)$/i;

function describeError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code === "ENOENT" ? "no such file or directory" : err.code === "EACCES" ? "permission denied" : (err.code ?? err.message);
}

/** The order IIS wrote the files in: by the date digits of u_exYYMMDD[HH].log, by N of u_extendN.log, then by name. */
export function rolloverKey(file: string): string {
  const name = path.basename(file).toLowerCase();
  const dated = /^(?:u_)?ex(\d{4,8})(?:_x)?(?:_\d+)?\.log$/.exec(name);
  if (dated) return `0 ${dated[1].padEnd(8, "0")} ${name}`;
  const sized = /^(?:u_)?extend(\d+)\.log$/.exec(name);
  if (sized) return `1 ${sized[1].padStart(10, "0")} ${name}`;
  return `2 ${name}`;
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`${dir}: cannot read the folder: ${describeError(e)}`);
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && entry.name.toLowerCase().endsWith(".log")) out.push(full);
  }
}

/** The log files named or found (recursively, *.log) under the inputs, folder by folder in time order. */
export function discoverLogFiles(inputs: string[]): LogFile[] {
  if (inputs.length === 0) throw new UsageError("logs: name at least one W3C log file or folder");
  const files: string[] = [];
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (e) {
      throw new UsageError(`${input}: cannot read: ${describeError(e)}`);
    }
    if (stat.isDirectory()) walk(input, files);
    else files.push(input);
  }
  const unique = [...new Set(files.map((f) => path.resolve(f)))];
  if (unique.length === 0) throw new UsageError(`logs: no *.log file under ${inputs.join(", ")}`);
  return unique
    .map((p) => {
      const folder = path.dirname(p);
      const m = SITE_FOLDER.exec(path.basename(folder));
      return { path: p, folder, ...(m ? { site: `W3SVC${m[1]}`, siteId: Number(m[1]) } : {}) };
    })
    .sort((a, b) => a.folder.localeCompare(b.folder) || rolloverKey(a.path).localeCompare(rolloverKey(b.path)));
}

export interface LineSink {
  push(line: string): void;
  /** A line longer than the cap, dropped while reading: only its length is known. */
  pushTooLong?(length: number): void;
}

/** Text of a byte range that ends on a line boundary: ASCII (most IIS logs) is copied as Latin-1, several times faster than a UTF-8 decode with the same result. */
function decode(buf: Buffer, start: number, end: number): string {
  const part = buf.subarray(start, end);
  return isAscii(part) ? part.toString("latin1") : part.toString("utf8");
}

/**
 * Streams a file's lines (LF or CRLF; a BOM is left for the analysis, which knows where it may be)
 * into the sink. Lines are cut on the bytes (a newline byte never occurs inside a UTF-8 sequence),
 * so a chunk is decoded only up to its last newline. A line longer than `maxLineBytes` is never
 * held: its bytes are dropped as they arrive and only its length is reported, so one 1 GB line
 * costs no more memory than a short one. A last line without a newline (a file IIS is still
 * writing) is passed as it is.
 */
export async function streamLines(file: string, sink: LineSink, maxLineBytes: number): Promise<void> {
  let carry: Buffer | undefined;
  let dropping = false;
  let dropped = 0;
  const tooLong = (length: number) => (sink.pushTooLong ? sink.pushTooLong(length) : sink.push("x".repeat(maxLineBytes + 1)));
  const take = (buf: Buffer): void => {
    let start = 0;
    if (dropping || carry) {
      const nl = buf.indexOf(10);
      if (nl < 0) {
        if (dropping) dropped += buf.length;
        else if (carry!.length + buf.length > maxLineBytes) [dropping, dropped, carry] = [true, carry!.length + buf.length, undefined];
        else carry = Buffer.concat([carry!, buf]);
        return;
      }
      if (dropping) tooLong(dropped + nl);
      else {
        const line = Buffer.concat([carry!, buf.subarray(0, nl)]);
        if (line.length > maxLineBytes) tooLong(line.length);
        else sink.push(decode(line, 0, line.length));
      }
      [dropping, carry] = [false, undefined];
      start = nl + 1;
    }
    const last = buf.lastIndexOf(10);
    if (last >= start) {
      const text = decode(buf, start, last + 1);
      let from = 0;
      let nl: number;
      while ((nl = text.indexOf("\n", from)) >= 0) {
        sink.push(text.slice(from, nl));
        from = nl + 1;
      }
      start = last + 1;
    }
    const rest = buf.length - start;
    if (rest > maxLineBytes) [dropping, dropped] = [true, rest];
    else if (rest > 0) carry = Buffer.from(buf.subarray(start)); // a copy: the chunk itself is not kept alive
  };
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) take(chunk as Buffer);
  } catch (e) {
    throw new UsageError(`${file}: cannot read: ${describeError(e)}`);
  }
  if (dropping) tooLong(dropped);
  else if (carry) sink.push(decode(carry, 0, carry.length));
}

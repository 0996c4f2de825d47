// The analysis of IIS W3C logs for 401 evidence (issue #14): pure and streaming. Memory is bounded
// by the number of distinct (site, application, substatus, win32 status) groups, hours and pending
// clients, never by the number of lines; a line is looked at once and dropped.
//
// The handshake: Windows authentication's normal exchange logs `401 2 5` (the anonymous first
// request is challenged) and `401 1 2148074254` (SEC_E_NO_CREDENTIALS: the Negotiate/NTLM
// challenge round) before the success, as Microsoft's IIS support shows in the server's own logs
// (https://learn.microsoft.com/en-us/archive/blogs/david.wang/howto-diagnose-401-x-http-errors-on-iis).
// So a 401 followed by a success (status < 400) for the same client key — s-sitename, c-ip and
// cs(User-Agent), whichever the log has — within `handshakeWithinMs` is `handshake`; any other 401
// is `unresolved`. The server-side filter in remote/ keeps exactly those lines (collected.ts).
import { byImportance, MAX_PROBLEMS, type EvidenceGroup, type LogEvidence, type SkippedLines } from "./evidence";
import { PendingClients, type Pending } from "./pending-clients";
import { TopStems } from "./top-stems";
import { decimal, directiveDateMillis, indexFields, isPresent, parseDirective, utcMillis, type FieldIndex } from "./w3c-fields";
import { nameKey } from "../names";

export interface AnalyzeOptions {
  /** Only entries dated within [fromMs, toMs] (UTC epoch ms, inclusive) count. */
  window?: { fromMs: number; toMs: number };
  /** Application paths of the site, for longest-prefix attribution (case-insensitive, as IIS matches paths). */
  applications?: string[];
  /** The site's name; without it, an entry's s-sitename (e.g. W3SVC1), or "(unknown site)". */
  site?: string;
  /** How long after a 401 a success still makes it a handshake (default 60 s). */
  handshakeWithinMs?: number;
  /** Lines longer than this many characters are skipped and counted (default 64 KiB). */
  maxLineLength?: number;
  /** Bound on clients awaiting a success (default 100,000). */
  maxPendingClients?: number;
}

export const DEFAULTS = {
  handshakeWithinMs: 60_000,
  maxLineLength: 65_536,
  maxPendingClients: 100_000,
  maxPendingPerClient: 8,
  topStemsTracked: 64,
  topStemsReported: 5,
  maxHoursPerGroup: 24 * 400,
};

const HOUR_MS = 3_600_000;
const UNKNOWN_SITE = "(unknown site)";

interface GroupAccumulator {
  site: string;
  application: string;
  substatus: number | null;
  win32Status: number | null;
  unresolved: { count: number; firstMs: number; lastMs: number };
  handshake: { count: number; firstMs: number; lastMs: number };
  stems: TopStems;
  /** Hour index (ms / 1 h) → [unresolved, handshake]. */
  hours: Map<number, [number, number]>;
}

interface Pending401 {
  group: GroupAccumulator;
  stem: string;
}

interface ActiveFields extends FieldIndex {
  /** Line of the `#Fields:` directive, for messages. */
  line: number;
  /** For the current entry: cuts[i] is the offset of the space before column i (cuts[0] = -1), cuts[n] the line's length. */
  cuts: Int32Array;
}

/** Column `i` of the current entry. */
const field = (line: string, f: ActiveFields, i: number): string => line.slice(f.cuts[i] + 1, f.cuts[i + 1]);

/** A whole non-negative decimal number between two offsets, read in place, or NaN. */
function decimalAt(line: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = line.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Applications as a longest-first list of path keys (core/names.ts: paths compare as Windows names) without a trailing slash, with the path to show. */
function prepareApplications(paths: string[] | undefined): { match: string; show: string }[] {
  const apps = new Map<string, string>([["/", "/"]]);
  for (const p of paths ?? []) {
    const trimmed = p.trim();
    if (trimmed === "") continue;
    const normal = `/${trimmed.replace(/^\/+|\/+$/g, "")}`;
    apps.set(nameKey(normal), normal);
  }
  return [...apps].map(([match, show]) => ({ match, show })).sort((a, b) => b.match.length - a.match.length);
}

const iso = (ms: number): string | undefined => (Number.isFinite(ms) ? new Date(ms).toISOString() : undefined);

export class W3CAnalyzer {
  private readonly window?: { fromMs: number; toMs: number };
  private readonly applications: { match: string; show: string }[];
  private readonly attribution = new Map<string, string>();
  private readonly maxLineLength: number;
  private readonly handshakeWithinMs: number;
  private readonly groups = new Map<string, GroupAccumulator>();
  private readonly pending: PendingClients<Pending401>;
  private fields?: ActiveFields;
  private headerDateMs = NaN;
  private file?: string;
  private lineInFile = 0;
  private lastDate = "\u0000"; // no date seen yet: matches no line
  private lastDayMs = NaN;
  private lastSweepMs = -Infinity;
  private warnedFields = new Set<string>();
  private finished?: LogEvidence;
  private readonly problems: string[] = [];
  private problemsOmitted = 0;
  private linesRead = 0;
  private directives = 0;
  private entries = 0;
  private status401 = 0;
  private readonly skipped: SkippedLines = { malformed: 0, outsideWindow: 0, tooLong: 0, noFieldsDirective: 0, empty: 0 };

  constructor(private readonly options: AnalyzeOptions = {}) {
    this.window = options.window;
    this.applications = prepareApplications(options.applications);
    this.maxLineLength = options.maxLineLength ?? DEFAULTS.maxLineLength;
    this.handshakeWithinMs = options.handshakeWithinMs ?? DEFAULTS.handshakeWithinMs;
    this.pending = new PendingClients<Pending401>(
      {
        withinMs: this.handshakeWithinMs,
        maxClients: options.maxPendingClients ?? DEFAULTS.maxPendingClients,
        maxPerClient: DEFAULTS.maxPendingPerClient,
      },
      (p, handshake) => this.count(p, handshake),
    );
  }

  /** A new file starts: its lines are numbered from 1 and its columns come from its own `#Fields:`. */
  beginFile(name: string): void {
    this.file = name;
    this.lineInFile = 0;
    this.fields = undefined;
    this.headerDateMs = NaN;
  }

  /** A line too long to hold (the reader dropped it while reading): counted, never stored. */
  pushTooLong(length: number): void {
    this.linesRead++;
    this.lineInFile++;
    this.skipTooLong(length);
  }

  push(raw: string): void {
    this.linesRead++;
    this.lineInFile++;
    if (raw.length > this.maxLineLength) return this.skipTooLong(raw.length);
    let line = raw;
    // A UTF-8 BOM starts each file IIS writes in UTF-8; after a rollover it can land in the middle of a stream of lines.
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (line.length === 0) {
      this.skipped.empty++;
      return;
    }
    if (line.charCodeAt(0) === 35) return this.directive(line);
    const f = this.fields;
    if (!f) {
      this.skipped.noFieldsDirective++;
      this.problemOnce("no-fields", "entry lines before any #Fields: directive: their columns are unknown, skipped");
      return;
    }
    // Columns are located, not split: only the fields a line needs are ever cut out of it, so
    // the lines that do not matter (most of a busy log) allocate nothing.
    const cuts = f.cuts;
    const n = f.names.length;
    let spaces = 0;
    for (let sp = line.indexOf(" "); sp >= 0 && spaces < n; sp = line.indexOf(" ", sp + 1)) cuts[++spaces] = sp;
    if (spaces !== n - 1) {
      this.skipped.malformed++;
      this.problem(`${line.split(" ").length} values for the ${n} fields of the #Fields: directive at line ${f.line}`);
      return;
    }
    cuts[n] = line.length;
    const ms = this.timeOf(line, f);
    if (Number.isNaN(ms)) {
      this.skipped.malformed++;
      if (!isPresent(f.date) || !isPresent(f.time))
        return this.problemOnce(
          `undated-no-header:${f.line}`,
          "entries without date or time fields and no #Date: directive: they cannot be dated, skipped",
        );
      this.problem(
        `date ${JSON.stringify(excerpt(field(line, f, f.date)))} time ${JSON.stringify(excerpt(field(line, f, f.time)))}: not a W3C UTC date and time`,
      );
      return;
    }
    if (this.window && (ms < this.window.fromMs || ms > this.window.toMs)) {
      this.skipped.outsideWindow++;
      return;
    }
    if (!isPresent(f.status)) {
      this.entries++;
      this.problemOnce(
        `no-status:${f.line}`,
        `the #Fields: directive at line ${f.line} has no sc-status: no 401 can be seen in its entries`,
      );
      return;
    }
    const status = decimalAt(line, cuts[f.status] + 1, cuts[f.status + 1]);
    if (Number.isNaN(status)) {
      this.skipped.malformed++;
      this.problem(`sc-status ${JSON.stringify(excerpt(field(line, f, f.status)))}: not a status code`);
      return;
    }
    this.entries++;
    if (ms - this.lastSweepMs >= 1000) {
      this.pending.expire(ms);
      this.lastSweepMs = ms;
    }
    if (status === 401) {
      this.status401++;
      this.pending.add(this.clientKey(line, f), ms, {
        group: this.groupOf(line, f),
        stem: isPresent(f.uriStem) ? field(line, f, f.uriStem) : "",
      });
    } else if (status < 400 && this.pending.size > 0) {
      this.pending.succeed(this.clientKey(line, f), ms);
    }
  }

  /** The evidence so far; ends the analysis (what is still pending is unresolved). */
  result(): LogEvidence {
    if (this.finished) return this.finished;
    const pendingAtEnd = this.pending.flush();
    const groups: EvidenceGroup[] = [...this.groups.values()].map((g) => ({
      site: g.site,
      application: g.application,
      substatus: g.substatus,
      win32Status: g.win32Status,
      unresolved: {
        count: g.unresolved.count,
        ...(g.unresolved.count > 0 ? { firstSeenUtc: iso(g.unresolved.firstMs), lastSeenUtc: iso(g.unresolved.lastMs) } : {}),
      },
      handshake: {
        count: g.handshake.count,
        ...(g.handshake.count > 0 ? { firstSeenUtc: iso(g.handshake.firstMs), lastSeenUtc: iso(g.handshake.lastMs) } : {}),
      },
      topUriStems: g.stems.top(DEFAULTS.topStemsReported),
      topUriStemsApproximate: g.stems.approximate,
      hourly: [...g.hours]
        .sort((a, b) => a[0] - b[0])
        .map(([hour, [unresolved, handshake]]) => ({ hourUtc: new Date(hour * HOUR_MS).toISOString(), unresolved, handshake })),
    }));
    this.finished = {
      ...(this.window
        ? { window: { fromUtc: new Date(this.window.fromMs).toISOString(), toUtc: new Date(this.window.toMs).toISOString() } }
        : {}),
      linesRead: this.linesRead,
      directives: this.directives,
      entries: this.entries,
      status401: this.status401,
      skipped: { ...this.skipped },
      handshakeWithinMs: this.handshakeWithinMs,
      pendingEvictions: this.pending.evictions,
      pendingAtEnd,
      groups: groups.sort(byImportance),
      problems: [...this.problems],
      problemsOmitted: this.problemsOmitted,
    };
    return this.finished;
  }

  private directive(line: string): void {
    this.directives++;
    const { name, value } = parseDirective(line);
    const key = name.toLowerCase();
    if (key === "fields") {
      const index = indexFields(value);
      if (typeof index === "string") {
        this.fields = undefined;
        this.problem(`${index}: entries up to the next #Fields: are skipped`);
        return;
      }
      this.fields = { ...index, line: this.lineInFile, cuts: new Int32Array(index.names.length + 1).fill(-1) };
      for (const [field, column] of [
        ["sc-substatus", index.substatus],
        ["sc-win32-status", index.win32Status],
      ] as const) {
        if (!isPresent(column))
          this.problemOnce(
            `missing:${field}`,
            `the #Fields: directive has no ${field}: the ${field === "sc-substatus" ? "substatus" : "win32 status"} of its 401s is unknown (logExtFileFlags leaves it out)`,
          );
      }
      if (!isPresent(index.date) || !isPresent(index.time))
        this.problemOnce(
          `undated:${this.lineInFile}`,
          "the #Fields: directive has no date or no time: its entries are dated by the #Date: directive",
        );
    } else if (key === "date") {
      this.headerDateMs = directiveDateMillis(value);
    }
  }

  /** The entry's time in epoch ms, read in place; the day of a date seen on the previous entry is not computed again. */
  private timeOf(line: string, f: ActiveFields): number {
    if (!isPresent(f.date) || !isPresent(f.time)) return this.headerDateMs;
    const d = f.cuts[f.date] + 1;
    const t = f.cuts[f.time] + 1;
    if (
      f.cuts[f.date + 1] - d === 10 &&
      f.cuts[f.time + 1] - t === 8 &&
      line.startsWith(this.lastDate, d) &&
      line.charCodeAt(t + 2) === 58 &&
      line.charCodeAt(t + 5) === 58
    ) {
      const h = (line.charCodeAt(t) - 48) * 10 + line.charCodeAt(t + 1) - 48;
      const m = (line.charCodeAt(t + 3) - 48) * 10 + line.charCodeAt(t + 4) - 48;
      const s = (line.charCodeAt(t + 6) - 48) * 10 + line.charCodeAt(t + 7) - 48;
      if (h >= 0 && h <= 23 && m >= 0 && m <= 59 && s >= 0 && s <= 60) return this.lastDayMs + ((h * 60 + m) * 60 + s) * 1000;
    }
    const date = field(line, f, f.date);
    const ms = utcMillis(date, field(line, f, f.time));
    if (!Number.isNaN(ms)) {
      this.lastDate = date;
      this.lastDayMs = utcMillis(date, "00:00:00");
    }
    return ms;
  }

  private clientKey(line: string, f: ActiveFields): string {
    const site = isPresent(f.siteName) ? field(line, f, f.siteName) : "";
    const ip = isPresent(f.clientIp) ? field(line, f, f.clientIp) : "";
    const agent = isPresent(f.userAgent) ? field(line, f, f.userAgent) : "";
    return `${site} ${ip} ${agent}`;
  }

  private applicationOf(stem: string): string {
    const known = this.attribution.get(stem);
    if (known !== undefined) return known;
    const key = nameKey(stem);
    let app = "/";
    for (const a of this.applications) {
      if (a.match === "/" || key === a.match || key.startsWith(`${a.match}/`)) {
        app = a.show;
        break;
      }
    }
    if (this.attribution.size >= 10_000) this.attribution.clear(); // a cache, bounded like everything else
    this.attribution.set(stem, app);
    return app;
  }

  private groupOf(line: string, f: ActiveFields): GroupAccumulator {
    const siteName = isPresent(f.siteName) ? field(line, f, f.siteName) : "-";
    const site = this.options.site ?? (siteName !== "-" ? siteName : UNKNOWN_SITE);
    const application = isPresent(f.uriStem) ? this.applicationOf(field(line, f, f.uriStem)) : "/";
    const sub = isPresent(f.substatus) ? field(line, f, f.substatus) : "-";
    const win32 = isPresent(f.win32Status) ? field(line, f, f.win32Status) : "-";
    const key = `${site}\u0000${application}\u0000${sub}\u0000${win32}`;
    let g = this.groups.get(key);
    if (!g) {
      const number = (text: string) => (Number.isNaN(decimal(text)) ? null : decimal(text));
      g = {
        site,
        application,
        substatus: number(sub),
        win32Status: number(win32),
        unresolved: { count: 0, firstMs: Infinity, lastMs: -Infinity },
        handshake: { count: 0, firstMs: Infinity, lastMs: -Infinity },
        stems: new TopStems(DEFAULTS.topStemsTracked),
        hours: new Map(),
      };
      this.groups.set(key, g);
    }
    return g;
  }

  private count(p: Pending<Pending401>, handshake: boolean): void {
    const g = p.item.group;
    const tally = handshake ? g.handshake : g.unresolved;
    tally.count++;
    if (p.ms < tally.firstMs) tally.firstMs = p.ms;
    if (p.ms > tally.lastMs) tally.lastMs = p.ms;
    if (!handshake) g.stems.add(p.item.stem);
    if (!Number.isFinite(p.ms)) return;
    const hour = Math.floor(p.ms / HOUR_MS);
    let bucket = g.hours.get(hour);
    if (!bucket) {
      if (g.hours.size >= DEFAULTS.maxHoursPerGroup) {
        this.problemOnce(
          `hours:${g.site}:${g.application}`,
          `${g.site} ${g.application}: more than ${DEFAULTS.maxHoursPerGroup} distinct hours; later hours are counted in the totals only`,
        );
        return;
      }
      bucket = [0, 0];
      g.hours.set(hour, bucket);
    }
    bucket[handshake ? 1 : 0]++;
  }

  private skipTooLong(length: number): void {
    this.skipped.tooLong++;
    this.problem(`${length} characters, over the ${this.maxLineLength}-character line cap: skipped`);
  }

  private where(): string {
    return `${this.file ?? "input"} line ${this.lineInFile}`;
  }

  private problem(text: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(`${this.where()}: ${text}`);
    else this.problemsOmitted++;
  }

  private problemOnce(key: string, text: string): void {
    const scoped = `${this.file ?? ""}\u0000${key}`;
    if (this.warnedFields.has(scoped)) return;
    this.warnedFields.add(scoped);
    this.problem(text);
  }
}

/** A value quoted in a message: at most 40 characters, so a log line never floods a report. */
function excerpt(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

/** Analyzes W3C lines in one go (the scanner's lines from a host, a test's sample). */
export function analyzeW3C(lines: Iterable<string>, options: AnalyzeOptions = {}): LogEvidence {
  const analyzer = new W3CAnalyzer(options);
  for (const line of lines) analyzer.push(line);
  return analyzer.result();
}

// The W3C logs of an emulated host's sites: the <logFile> configuration (site and <siteDefaults>),
// the files as IIS writes them (UTF-8, optional BOM, CRLF), and the planted evidence of the demo
// host. Described once: windows-fixture.ts writes the files for the real script to read, and
// log-evidence.ts computes what the script's filter sends for them (the in-process hosts' answer).

/** `<logFile>` as IIS resolves it (https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/logfile/). */
export interface LogFileConfig {
  /** As configured (may hold %SystemDrive%). */
  directory: string;
  logFormat: "W3C" | "IIS" | "NCSA" | "Custom";
  enabled: boolean;
  period: "MaxSize" | "Daily" | "Weekly" | "Monthly" | "Hourly";
}

/** The schema's defaults, which `<siteDefaults>` starts from. */
export const LOG_FILE_SCHEMA_DEFAULTS: LogFileConfig = {
  directory: "%SystemDrive%\\inetpub\\logs\\LogFiles",
  logFormat: "W3C",
  enabled: true,
  period: "Daily",
};

/** One log file of a site: its lines (without line breaks) and how long ago it was last written. */
export interface LogFileContent {
  name: string;
  /** Hours before the emulator's log anchor (LOG_ANCHOR_MS) the file was last written. */
  ageHours: number;
  lines: string[];
  bom?: boolean;
}

/** The bytes of a log file as IIS writes them: UTF-8, CRLF after every line. */
export function logFileBytes(file: LogFileContent): Buffer {
  const text = Buffer.from(file.lines.map((l) => `${l}\r\n`).join(""), "utf8");
  return file.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]) : text;
}

/**
 * The moment the planted logs are relative to: the hour this process started in, so that every
 * rendering of a host in one run (the fixture on disk, the in-process answer, a test's expectation)
 * holds the same lines, and the lines are recent enough for a 24-hour window.
 */
export const LOG_ANCHOR_MS = Math.floor(Date.now() / 3_600_000) * 3_600_000;

const pad = (n: number) => String(n).padStart(2, "0");
/** W3C's date and time fields (UTC): "2026-11-28 09:15:02". */
export function w3cDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
/** IIS's name for an hourly UTF-8 W3C file: u_exYYMMDDHH.log. */
function hourlyName(ms: number): string {
  const d = new Date(ms);
  return `u_ex${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}.log`;
}

export const DEMO_FIELDS =
  "#Fields: date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";
const BROWSER = "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/131.0+Safari/537.36";

function header(ms: number): string[] {
  return ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0", `#Date: ${w3cDateTime(ms)}`, DEMO_FIELDS];
}

/** One entry of the demo site (W3SVC1, https). */
function entry(ms: number, ip: string, stem: string, user: string, status: string, agent = BROWSER): string {
  return `${w3cDateTime(ms)} W3SVC1 10.0.0.5 GET ${stem} - 443 ${user} ${ip} ${agent} https://pm.corp.example.com/PM/ ${status} 12`;
}

/**
 * Negotiate/NTLM as IIS logs it: the anonymous request refused with 401.2 (win32 5), the NTLM
 * challenge 401.1 with SEC_I_CONTINUE_NEEDED (2148074254 = 0x80090312), then the authenticated 200
 * (https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-status-code).
 */
function handshake(ms: number, ip: string, stem: string, user: string, outcome = "200 0 0"): string[] {
  return [entry(ms, ip, stem, "-", "401 2 5"), entry(ms, ip, stem, "-", "401 1 2148074254"), entry(ms + 1000, ip, stem, user, outcome)];
}

/**
 * The demo host's Default Web Site: yesterday's and this hour's files (hourly rollover), with
 * handshakes on /PM/admin and /PM/helpdesk, other clients' traffic, and an unexplained burst of
 * 401.1 with win32 1330 (ERROR_PASSWORD_EXPIRED) from one help desk operator on /PM/helpdesk that
 * no success follows. With `helpdeskContentDenied` (a host whose NTFS ACL denies the help desk)
 * the operators' authenticated requests to /PM/helpdesk end in 401.3 with win32 5
 * (ERROR_ACCESS_DENIED), as IIS logs an ACL refusal, instead of 200: the prediction's evidence.
 */
export function demoSiteLogs(anchorMs = LOG_ANCHOR_MS, helpdeskContentDenied = false): LogFileContent[] {
  const earlier = anchorMs - 20 * 3_600_000;
  const recent = anchorMs - 30 * 60_000;
  const s = (base: number, seconds: number) => base + seconds * 1000;
  const helpdesk = helpdeskContentDenied ? "401 3 5" : "200 0 0";
  return [
    {
      name: hourlyName(earlier),
      ageHours: 19.5,
      lines: [
        ...header(earlier),
        entry(s(earlier, 1), "10.30.5.9", "/PM/selfservice/", "-", "200 0 0"),
        ...handshake(s(earlier, 2), "10.30.1.21", "/PM/helpdesk/", "CORP\\helpdesk-ann", helpdesk),
        entry(s(earlier, 4), "10.30.5.9", "/PM/selfservice/reset", "-", "200 0 0"),
        ...handshake(s(earlier, 5), "10.30.0.7", "/PM/admin/", "CORP\\pm-admin-bob"),
        entry(s(earlier, 7), "10.30.1.21", "/PM/helpdesk/tickets", "CORP\\helpdesk-ann", helpdesk),
      ],
    },
    {
      name: hourlyName(recent),
      ageHours: 0.25,
      bom: true,
      lines: [
        ...header(recent),
        ...handshake(s(recent, 1), "10.30.1.22", "/PM/helpdesk/", "CORP\\helpdesk-raj", helpdesk),
        ...[0, 9, 17, 31, 44, 58].map((t) => entry(s(recent, 10 + t), "10.30.2.44", "/PM/helpdesk/", "CORP\\helpdesk-joe", "401 1 1330")),
        entry(s(recent, 40), "10.30.5.9", "/PM/selfservice/", "-", "200 0 0"),
        entry(s(recent, 75), "10.30.1.22", "/PM/helpdesk/tickets", "CORP\\helpdesk-raj", helpdesk),
      ],
    },
  ];
}

// W3C extended log lines shaped as IIS writes them (directives, the default field set, `+` in the
// user agent), for the log-evidence tests. Field names: https://learn.microsoft.com/en-us/windows/win32/http/w3c-logging
export const IIS_DEFAULT_FIELDS =
  "date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

export const header = (date: string, fields = IIS_DEFAULT_FIELDS): string[] => [
  "#Software: Microsoft Internet Information Services 10.0",
  "#Version: 1.0",
  `#Date: ${date}`,
  `#Fields: ${fields}`,
];

export interface Entry {
  at: string; // "2026-11-28 10:00:00"
  stem?: string;
  user?: string;
  ip?: string;
  agent?: string;
  status: number;
  sub?: number;
  win32?: number;
}

export const BROWSER =
  "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36+(KHTML,+like+Gecko)+Chrome/131.0.0.0+Safari/537.36+Edg/131.0.0.0";

/** One entry line for IIS_DEFAULT_FIELDS. */
export function entry(e: Entry): string {
  return [
    e.at,
    "10.40.1.4",
    "GET",
    e.stem ?? "/PM/helpdesk/default.aspx",
    "-",
    "443",
    e.user ?? "-",
    e.ip ?? "10.1.2.3",
    e.agent ?? BROWSER,
    "-",
    e.status,
    e.sub ?? 0,
    e.win32 ?? 0,
    15,
  ].join(" ");
}

/** Windows authentication's normal exchange: 401 2 5, 401 1 2148074254, then the success. */
export function handshake(at: string, o: Partial<Entry> = {}): string[] {
  return [
    entry({ ...o, at, status: 401, sub: 2, win32: 5 }),
    entry({ ...o, at, status: 401, sub: 1, win32: 2148074254 }),
    entry({ ...o, at, status: 200, user: "CORP\\alice" }),
  ];
}

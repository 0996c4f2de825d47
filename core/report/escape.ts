// Escaping for every format a report or a diagnostic is rendered in. Values come from hosts
// (error text, stderr excerpts), inventories, stack exports and report files: none of them may
// steer a terminal, forge a line in a CI log, or become markup.

/**
 * Characters a terminal or a log viewer acts on instead of showing: C0 controls (ESC starts
 * ANSI/OSC sequences: clear screen, window title, OSC 52 clipboard; CR and LF forge lines), DEL,
 * C1 controls (U+009B is CSI, U+009D OSC on terminals that honour 8-bit controls: ECMA-48 §5.3),
 * the Unicode line and paragraph separators, and the bidirectional overrides and isolates that
 * make text display in another order than it reads (Unicode TR #9; CVE-2021-42574, "Trojan Source").
 */
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const visible = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Text for a terminal or a log: every control character shown as `\uXXXX`, so it acts on nothing and cannot end a line. */
export function escapeText(text: string): string {
  return String(text).replace(INVISIBLE, visible);
}

/** A multi-line message of our own (an error listing several problems): each line escaped, our own line breaks kept. */
export function escapeLines(text: string): string {
  return String(text).split("\n").map(escapeText).join("\n");
}

/** Text for XML and HTML: control characters shown visibly (XML 1.0 forbids most of them), then the five special characters. */
export function escapeXml(text: string): string {
  return escapeText(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Text for a Markdown table cell: control characters shown visibly, then every character Markdown or a table would act on. */
export function escapeMarkdownCell(text: string): string {
  return escapeText(text)
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/([`*_<>[\]&#!~])/g, "\\$1");
}

/**
 * JSON for a terminal or a file a person may `cat`: JSON.stringify escapes C0 controls but leaves
 * DEL, C1 controls, line separators and bidi overrides raw; they are written as `\uXXXX` escapes,
 * which parse back to the same string (RFC 8259 §7).
 */
export function jsonText(value: unknown, indent = 2): string {
  // C0 controls outside strings are the indentation's own line breaks; inside strings JSON.stringify escaped them.
  return JSON.stringify(value, null, indent).replace(/[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, visible);
}

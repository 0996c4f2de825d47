// Running PowerShell on Windows OpenSSH. The command line only carries a small encoded bootstrap
// (cmd.exe stops at 8191 characters); the real script and its parameters travel on stdin as one
// JSON document, so names and paths are data and never script text. The bootstrap answers with one
// JSON document carrying an in-band status, because Win32-OpenSSH exit codes have been unreliable.
import * as fs from "fs";
import * as path from "path";
import { RemoteError } from "./remote-error";

/** Reads stdin, runs the script it carries with its parameters, answers one JSON document. */
export const BOOTSTRAP = fs.readFileSync(path.join(__dirname, "bootstrap.ps1"), "utf8");

export function encodeCommand(script: string): string {
  return Buffer.from(script, "utf16le").toString("base64");
}

/** The whole command line sent to the host: well under cmd.exe's 8191 characters. */
export const BOOTSTRAP_COMMAND = `powershell -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${encodeCommand(BOOTSTRAP)}`;

/** What goes to stdin: the Windows layer and the script as strings, and the parameters as data. */
export function stdinEnvelope(layer: string, script: string, params: unknown): string {
  return JSON.stringify({ layer, script, params });
}

/**
 * Strips a UTF-8 BOM and CLIXML blocks (progress and error records PowerShell may interleave).
 *
 * One left-to-right scan, linear in the output: a block is `#< CLIXML`, an optional line break,
 * then `<Objs` … up to the first `</Objs>`. An opener with no `</Objs>` after it is left in place
 * with everything after it (then no later opener can be closed either, so the scan stops there):
 * nothing the host sent is dropped unseen, and an answer that does not parse is reported as
 * bad-output with its beginning. The lazy regular expression this replaces searched to the end of
 * the output again from every unclosed opener: quadratic, 1–4 MB of openers stalled the whole scan.
 */
export function cleanOutput(raw: Buffer | string): string {
  return stripClixml(raw.toString().replace(/^\uFEFF/, "")).trim();
}

const OPENER = "#< CLIXML";
const OBJS = "<Objs";
const CLOSER = "</Objs>";

function stripClixml(text: string): string {
  const kept: string[] = [];
  let copied = 0; // text before this index is either kept or stripped
  let search = 0;
  for (;;) {
    const opener = text.indexOf(OPENER, search);
    if (opener < 0) break;
    let objs = opener + OPENER.length;
    if (text.charCodeAt(objs) === 13 /* \r */) objs++;
    if (text.charCodeAt(objs) === 10 /* \n */) objs++;
    if (!text.startsWith(OBJS, objs)) {
      search = opener + 1;
      continue;
    }
    const closer = text.indexOf(CLOSER, objs + OBJS.length);
    if (closer < 0) break; // unclosed: kept, and no later opener has a closer either
    kept.push(text.slice(copied, opener));
    copied = search = closer + CLOSER.length;
  }
  kept.push(text.slice(copied));
  return kept.join("");
}

/**
 * The data of a bootstrap answer, or a RemoteError saying what was wrong. The document must parse,
 * carry status "ok", and agree with the exit code.
 */
export function parseAnswer(host: string, code: number | null, stdout: Buffer, stderr: Buffer): unknown {
  const text = cleanOutput(stdout);
  const errText = cleanOutput(stderr).slice(0, 300);
  if (text === "") {
    throw new RemoteError("bad-output", `${host}: PowerShell printed nothing (exit ${code})${errText ? `: ${errText}` : ""}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new RemoteError("bad-output", `${host}: output is not one JSON document (exit ${code}): ${JSON.stringify(text.slice(0, 120))}`);
  }
  const answer = doc as { status?: unknown; data?: unknown; error?: unknown };
  if (typeof doc !== "object" || doc === null || (answer.status !== "ok" && answer.status !== "error")) {
    throw new RemoteError("bad-output", `${host}: output has no status field (exit ${code})`);
  }
  if (answer.status === "error") {
    // The bootstrap refuses to start under Constrained Language Mode (AppLocker/WDAC) and says so.
    if ((doc as { reason?: unknown }).reason === "language-mode")
      throw new RemoteError("remote-failure", `${host}: ${String(answer.error ?? "PowerShell is not in FullLanguage mode").slice(0, 300)}`);
    throw new RemoteError("remote-failure", `${host}: the collection script failed: ${String(answer.error ?? "no message").slice(0, 300)}`);
  }
  if (code !== 0) throw new RemoteError("bad-output", `${host}: status ok but exit code ${code}; refusing a half-trusted answer`);
  return answer.data;
}

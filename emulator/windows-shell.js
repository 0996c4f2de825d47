// @ts-check
// Plays the Windows side of an SSH exec: cmd.exe receiving the command line, and the PowerShell
// bootstrap iisguard sends (encoded command, script and parameters as JSON on stdin). Plain
// JavaScript so that sshd's ForceCommand can start it in milliseconds without a TypeScript loader.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const CMD_LIMIT = 8191;
const POWERSHELL = /^powershell(?:\.exe)? -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ([A-Za-z0-9+/=]+)$/i;
const SCRIPTS_DIR = path.join(__dirname, "..", "remote", "scripts");
const CLIXML_NOISE =
  '#< CLIXML\r\n<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><Obj S="progress" RefId="0"><TN RefId="0"><T>System.Management.Automation.PSCustomObject</T></TN><MS><I64 N="SourceId">1</I64><PR N="Record"><AV>Preparing modules for first use.</AV></PR></MS></Obj></Objs>';

/** sha256 of each shipped script → its file name: the emulator only "runs" scripts it knows. */
function knownScripts() {
  const known = new Map();
  for (const f of fs.readdirSync(SCRIPTS_DIR)) {
    if (f.endsWith(".ps1"))
      known.set(
        crypto
          .createHash("sha256")
          .update(fs.readFileSync(path.join(SCRIPTS_DIR, f), "utf8"))
          .digest("hex"),
        f,
      );
  }
  return known;
}
const KNOWN = knownScripts();
const BOOTSTRAP = fs.readFileSync(path.join(__dirname, "..", "remote", "bootstrap.ps1"), "utf8");

/**
 * cmd.exe receiving a command line: too long, not a command it knows, or PowerShell with iisguard's
 * bootstrap (the only program an emulated host has).
 * @param {string} command
 * @returns {{ args: string[] } | { out: { stdout: string, stderr: string, code: number } }}
 */
function parseCommand(command) {
  if (command.length > CMD_LIMIT) return { out: { stdout: "", stderr: "The command line is too long.\r\n", code: 1 } };
  const m = POWERSHELL.exec(command.trim());
  if (!m) {
    const word = command.trim().split(/\s+/)[0] || command;
    return {
      out: {
        stdout: "",
        stderr: `'${word}' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n`,
        code: 1,
      },
    };
  }
  if (Buffer.from(m[1], "base64").toString("utf16le") !== BOOTSTRAP) {
    return { out: { stdout: "", stderr: "emulator: only iisguard's bootstrap is emulated\r\n", code: 1 } };
  }
  return { args: command.trim().split(/\s+/).slice(1) };
}

/**
 * The shipped file an envelope's text is, by content; undefined for anything else.
 * @param {unknown} text
 */
function shippedScript(text) {
  return KNOWN.get(crypto.createHash("sha256").update(String(text)).digest("hex"));
}

/**
 * @param {string} command  the exec command line
 * @param {string} stdin    everything the client wrote before EOF
 * @param {{ facts: Record<string, unknown>, noise?: boolean, onParams?: (script: string, params: unknown) => void }} host
 * @returns {{ stdout: string, stderr: string, code: number }}
 */
function runCommand(command, stdin, host) {
  const parsed = parseCommand(command);
  if ("out" in parsed) return parsed.out;
  const stderr = host.noise ? CLIXML_NOISE : "";
  let envelope;
  try {
    envelope = JSON.parse(stdin);
  } catch (e) {
    return { stdout: JSON.stringify({ status: "error", error: `ConvertFrom-Json : Invalid JSON primitive` }), stderr, code: 1 };
  }
  const script = shippedScript(envelope.script);
  if (!script || shippedScript(envelope.layer) !== "windows-layer.ps1")
    return { stdout: JSON.stringify({ status: "error", error: "emulator: unknown script" }), stderr, code: 1 };
  if (host.onParams) host.onParams(script, envelope.params);
  if (script !== "collect-host.ps1")
    return { stdout: JSON.stringify({ status: "error", error: `emulator: no facts for ${script}` }), stderr, code: 1 };
  // Fixtures give the host's clock as an offset; the answer carries the time "now" on that clock.
  // Logs travel only when asked for (params.logByteCap > 0), as the script decides; the fixture's
  // logs are those of a scan's default request (emulator/host-facts.ts), whatever window was asked.
  const { clockOffsetMs, logs, ...rest } = host.facts;
  const wantsLogs = Number(envelope.params && envelope.params.logByteCap) > 0;
  const facts = {
    ...rest,
    ...(wantsLogs && logs !== undefined ? { logs } : {}),
    utcNow: new Date(Date.now() + Number(clockOffsetMs || 0)).toISOString(),
  };
  return { stdout: `\uFEFF${JSON.stringify({ status: "ok", data: facts })}`, stderr, code: 0 };
}

module.exports = { runCommand, parseCommand, shippedScript, CMD_LIMIT };

#!/usr/bin/env node
// @ts-check
// sshd's ForceCommand for emulated Windows hosts: plays cmd.exe + PowerShell for the command in
// SSH_ORIGINAL_COMMAND. The host is the port the client connected to (SSH_CONNECTION), looked up
// in the JSON file named by argv[2]: { "<port>": { facts, fault?, noise? } }. Parameters received
// are appended to <that file's dir>/received-<port>.jsonl so tests can see them as data.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");
const { parseCommand, runCommand } = require("./windows-shell");

const hostsFile = process.argv[2];
const port = (process.env.SSH_CONNECTION || "").split(" ")[3];
const hosts = JSON.parse(fs.readFileSync(hostsFile, "utf8"));
const host = hosts[port];
const command = process.env.SSH_ORIGINAL_COMMAND || "";

if (!host) {
  process.stderr.write(`emulator: no host on port ${port}\n`);
  process.exit(1);
}

/**
 * A host with a Windows fixture runs the real PowerShell: cmd.exe hands the command line to the
 * host's `powershell` command (emulator/bin/powershell), which starts pwsh with a stand-in layer.
 */
function runRealPowerShell() {
  const parsed = parseCommand(command);
  if ("out" in parsed) {
    process.stderr.write(parsed.out.stderr);
    process.exit(parsed.out.code);
  }
  /** @type {Buffer[]} */
  const input = [];
  process.stdin.on("data", (c) => input.push(c));
  process.stdin.on("end", () => {
    const stdin = Buffer.concat(input);
    try {
      fs.appendFileSync(
        path.join(path.dirname(hostsFile), `received-${port}.jsonl`),
        `${JSON.stringify(JSON.parse(stdin.toString("utf8")).params)}\n`,
      );
    } catch {
      // not an envelope: PowerShell will say so
    }
    const home = fs.mkdtempSync(path.join(require("os").tmpdir(), "iisguard-emu-home-"));
    const child = spawn(path.join(__dirname, "bin", "powershell"), parsed.args, {
      stdio: ["pipe", "inherit", "inherit"],
      env: {
        PATH: process.env.PATH,
        HOME: home,
        IISGUARD_PWSH: host.pwsh,
        IISGUARD_WINDOWS_FIXTURE: host.windowsFixture,
        DOTNET_CLI_TELEMETRY_OPTOUT: "1",
      },
    });
    child.stdin.end(stdin);
    child.on("exit", (code) => {
      fs.rmSync(home, { recursive: true, force: true });
      process.exit(code ?? 1);
    });
  });
}

if (host.windowsFixture) runRealPowerShell();
else answerFromFacts();

function answerFromFacts() {
  /** @type {Buffer[]} */
  const chunks = [];
  process.stdin.on("data", (c) => chunks.push(c));
  process.stdin.on("end", () => {
    const out = runCommand(command, Buffer.concat(chunks).toString("utf8"), {
      facts: host.facts,
      noise: host.noise,
      onParams: (_script, params) =>
        fs.appendFileSync(path.join(path.dirname(hostsFile), `received-${port}.jsonl`), `${JSON.stringify(params)}\n`),
    });
    switch (host.fault) {
      case "hang":
        setTimeout(() => process.exit(0), 120_000); // hangs for the client; never outlives a test run by much
        return;
      case "garbage":
        process.stdout.write("<html><body>Service Unavailable</body></html>\r\n");
        return process.exit(0);
      case "wrong-exit":
        process.stdout.write(out.stdout, () => process.exit(5));
        return;
    }
    process.stderr.write(out.stderr);
    process.stdout.write(out.stdout, () => process.exit(out.code));
  });
}

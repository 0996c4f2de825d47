#!/usr/bin/env node
// @ts-check
// sshd's ForceCommand for emulated Windows hosts: plays cmd.exe + PowerShell for the command in
// SSH_ORIGINAL_COMMAND. The host is the port the client connected to (SSH_CONNECTION), looked up
// in the JSON file named by argv[2]: { "<port>": { facts, fault?, noise? } }. Parameters received
// are appended to <that file's dir>/received-<port>.jsonl so tests can see them as data.
"use strict";
const fs = require("fs");
const path = require("path");
const { runCommand } = require("./windows-shell");

const hostsFile = process.argv[2];
const port = (process.env.SSH_CONNECTION || "").split(" ")[3];
const hosts = JSON.parse(fs.readFileSync(hostsFile, "utf8"));
const host = hosts[port];
const command = process.env.SSH_ORIGINAL_COMMAND || "";

if (!host) {
  process.stderr.write(`emulator: no host on port ${port}\n`);
  process.exit(1);
}

/** @type {Buffer[]} */
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => {
  const out = runCommand(command, Buffer.concat(chunks).toString("utf8"), {
    facts: host.facts,
    noise: host.noise,
    onParams: (_script, params) => fs.appendFileSync(path.join(path.dirname(hostsFile), `received-${port}.jsonl`), `${JSON.stringify(params)}\n`),
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

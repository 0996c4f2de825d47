// known_hosts matching against files written by OpenSSH's own ssh-keygen (hashing included).
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { keyPair } from "../../emulator/keys";
import { appendKnownHost, KnownHostsError, learnHostKey, parseKnownHosts, readKnownHosts, verifyHostKey } from "../../remote/known-hosts";
import { ROOT } from "../helpers/pack";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-kh-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function keypair(): { line: string; blob: Buffer } {
  const { public: pub, blob } = keyPair();
  return { line: pub, blob };
}
const web01 = keypair();
const web02 = keypair();
const other = keypair();
const revoked = keypair();

const plain = [
  `# fleet keys`,
  `web01,10.0.0.4 ${web01.line}`,
  `[web02.corp.example.com]:2222 ${web02.line}`,
  `*.lab.example.com,!bad.lab.example.com ${other.line}`,
  `@revoked * ${revoked.line}`,
  `garbage-without-key`,
  `WEB03.Corp.Example.com ${web01.line}`,
  `web04,!web04 ${web01.line}`,
  `db.lab.example.com ${web02.line}`,
].join("\n");

describe("plain entries", () => {
  const known = parseKnownHosts(plain, "known_hosts");
  test.each([
    { name: "listed name", host: "web01", port: 22, key: web01.blob, status: "match" },
    { name: "second name of the same line, any case", host: "10.0.0.4", port: 22, key: web01.blob, status: "match" },
    { name: "name in another case", host: "WEB01", port: 22, key: web01.blob, status: "match" },
    { name: "wrong key for a known host", host: "web01", port: 22, key: other.blob, status: "mismatch" },
    { name: "non-22 port needs [host]:port", host: "web02.corp.example.com", port: 2222, key: web02.blob, status: "match" },
    { name: "the same host on port 22 is not that entry", host: "web02.corp.example.com", port: 22, key: web02.blob, status: "unknown" },
    { name: "wildcard", host: "db.lab.example.com", port: 22, key: other.blob, status: "match" },
    { name: "negated pattern excludes", host: "bad.lab.example.com", port: 22, key: other.blob, status: "unknown" },
    { name: "revoked key, whatever the host", host: "web01", port: 22, key: revoked.blob, status: "revoked" },
    { name: "never seen", host: "web09", port: 22, key: web01.blob, status: "unknown" },
    { name: "a name written in capitals", host: "web03.corp.example.com", port: 22, key: web01.blob, status: "match" },
    { name: "a name negated on its own line", host: "web04", port: 22, key: web01.blob, status: "unknown" },
    {
      name: "a literal entry after a wildcard entry: either key matches",
      host: "db.lab.example.com",
      port: 22,
      key: web02.blob,
      status: "match",
    },
  ])("$name → $status", ({ host, port, key, status }) => {
    expect(verifyHostKey(known, host, port, key).status).toBe(status);
  });

  test("a mismatch names every entry for the host, wildcard and literal, in file order", () => {
    expect(verifyHostKey(known, "db.lab.example.com", 22, web01.blob)).toEqual({
      status: "mismatch",
      lines: [4, 9],
      expectedTypes: ["ssh-ed25519"],
    });
  });

  test("unreadable lines are skipped with their reason, not fatal", () => {
    expect(known.skipped).toEqual([{ line: 6, reason: "expected: [marker] hosts keytype base64-key [comment]" }]);
  });
});

describe("hashed entries written by ssh-keygen -H", () => {
  const file = path.join(dir, "hashed");
  beforeAll(() => {
    fs.writeFileSync(file, `web01 ${web01.line}\n[web02.corp.example.com]:2222 ${web02.line}\n`);
    execFileSync("ssh-keygen", ["-H", "-f", file], { stdio: "ignore" });
  });

  test("the file really is hashed", () => {
    expect(fs.readFileSync(file, "utf8")).not.toMatch(/web0/);
  });
  test.each([
    { host: "web01", port: 22, key: web01.blob, status: "match" },
    { host: "web02.corp.example.com", port: 2222, key: web02.blob, status: "match" },
    { host: "web01", port: 22, key: web02.blob, status: "mismatch" },
    { host: "web01", port: 2200, key: web01.blob, status: "unknown" },
  ])("$host:$port → $status", ({ host, port, key, status }) => {
    expect(verifyHostKey(readKnownHosts(file), host, port, key).status).toBe(status);
  });

  test("a key we append is found by OpenSSH (ssh-keygen -F)", () => {
    const learned = path.join(dir, "learned");
    appendKnownHost(learned, "web03", 2022, web01.blob, Buffer.from("0123456789abcdef0123"));
    const out = execFileSync("ssh-keygen", ["-F", "[web03]:2022", "-f", learned], { encoding: "utf8" });
    expect(out).toMatch(/Host \[web03\]:2022 found: line 1/);
    expect(verifyHostKey(readKnownHosts(learned), "web03", 2022, web01.blob).status).toBe("match");
  });
});

test("a missing file knows no host", () => {
  expect(verifyHostKey(readKnownHosts(path.join(dir, "absent")), "web01", 22, web01.blob)).toEqual({ status: "unknown" });
});

describe("a known_hosts that cannot be read is an error naming the file, not an empty file", () => {
  test("a directory where known_hosts should be", () => {
    const file = path.join(dir, "a-directory");
    fs.mkdirSync(file);
    expect(() => readKnownHosts(file)).toThrow(KnownHostsError);
    expect(() => readKnownHosts(file)).toThrow(`known_hosts ${file}: cannot read it: EISDIR (it is a directory)`);
  });

  test("permission denied (read by an unprivileged user: root reads anything)", () => {
    const file = path.join(dir, "root-only");
    fs.writeFileSync(file, `web01 ${web01.line}\n`, { mode: 0o600 });
    fs.chmodSync(dir, 0o755); // the directory is traversable; the file is not readable
    const probe = `try { require(${JSON.stringify(path.join(ROOT, "remote/known-hosts"))}).readKnownHosts(${JSON.stringify(file)}); console.log("read") } catch (e) { console.log(e.name + ": " + e.message) }`;
    const r = spawnSync(process.execPath, ["-r", path.join(ROOT, "preview/register.js"), "-e", probe], {
      uid: 65534,
      gid: 65534,
      encoding: "utf8",
      cwd: "/",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe(`KnownHostsError: known_hosts ${file}: cannot read it: EACCES (permission denied)`);
  });
});

describe("keys learned on first use", () => {
  test("a learned key does not join an unterminated last line (OpenSSH adds the newline first)", () => {
    const file = path.join(dir, "unterminated");
    fs.writeFileSync(file, `web01 ${web01.line}`); // no final newline, as an editor may leave it
    appendKnownHost(file, "web02", 22, web02.blob, Buffer.from("0123456789abcdef0123"));
    const known = readKnownHosts(file);
    expect(known.skipped).toEqual([]);
    expect(verifyHostKey(known, "web01", 22, web01.blob)).toEqual({ status: "match", line: 1 });
    expect(verifyHostKey(known, "web02", 22, web02.blob)).toEqual({ status: "match", line: 2 });
  });

  test("a learned key binds the host at once in the same run, at the line it was written", () => {
    const file = path.join(dir, "learning");
    fs.writeFileSync(file, `# fleet\nweb01 ${web01.line}\n`);
    const known = readKnownHosts(file);
    expect(verifyHostKey(known, "web09", 2222, web02.blob)).toEqual({ status: "unknown" }); // the index is built now
    learnHostKey(known, "web09", 2222, web02.blob, Buffer.from("0123456789abcdef0123"));
    expect(verifyHostKey(known, "WEB09", 2222, web02.blob)).toEqual({ status: "match", line: 3 });
    expect(verifyHostKey(known, "web09", 2222, other.blob)).toEqual({ status: "mismatch", lines: [3], expectedTypes: ["ssh-ed25519"] });
    learnHostKey(known, "web10", 22, other.blob, Buffer.from("0123456789abcdef0123"));
    expect(verifyHostKey(readKnownHosts(file), "web10", 22, other.blob)).toEqual({ status: "match", line: 4 }); // the file says the same
  });

  test("a key that cannot be written is not learned, and the error names the file", () => {
    const file = path.join(dir, "a-directory-too");
    fs.mkdirSync(file);
    const known = parseKnownHosts("", file);
    expect(() => learnHostKey(known, "web09", 22, web02.blob, Buffer.alloc(20))).toThrow(
      new RegExp(`^known_hosts ${file}: cannot record the key of web09: EISDIR`),
    );
    expect(verifyHostKey(known, "web09", 22, web02.blob)).toEqual({ status: "unknown" });
  });
});

test("a host only an @cert-authority line covers expects certificates: it is not unknown", () => {
  const known = parseKnownHosts(`@cert-authority *.corp.example.com ${other.line}\nweb01.corp.example.com ${web01.line}\n`, "known_hosts");
  expect(verifyHostKey(known, "web02.corp.example.com", 22, web02.blob)).toEqual({ status: "certificate-only", lines: [1] });
  expect(verifyHostKey(known, "web01.corp.example.com", 22, web01.blob)).toEqual({ status: "match", line: 2 });
  expect(verifyHostKey(known, "web02.lab.example.com", 22, web02.blob)).toEqual({ status: "unknown" });
});

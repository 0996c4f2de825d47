// The HTTP probe against real local servers: challenge schemes as clients meet them, an internal
// CA bundle for https, and failures that are recorded, not thrown.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { methodsOf, parseSchemes, probe } from "../../remote/http-probe";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-probe-"));
const servers: (http.Server | https.Server)[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  fs.rmSync(dir, { recursive: true, force: true });
});

function listen(server: http.Server | https.Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** A CA and a server certificate for pm.corp.example.com, made with openssl. */
function internalPki(): { ca: Buffer; key: Buffer; cert: Buffer } {
  const f = (n: string) => path.join(dir, n);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=Corp Test CA",
  );
  openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f("srv.key"), "-out", f("srv.csr"), "-subj", "/CN=pm.corp.example.com");
  fs.writeFileSync(f("ext"), "subjectAltName=DNS:pm.corp.example.com\n");
  openssl(
    "x509",
    "-req",
    "-in",
    f("srv.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-out",
    f("srv.pem"),
    "-days",
    "2",
    "-extfile",
    f("ext"),
  );
  return { ca: fs.readFileSync(f("ca.pem")), key: fs.readFileSync(f("srv.key")), cert: fs.readFileSync(f("srv.pem")) };
}

test.each([
  { headers: ["Negotiate", "NTLM"], schemes: ["Negotiate", "NTLM"] },
  { headers: ["Negotiate, NTLM"], schemes: ["Negotiate", "NTLM"] },
  { headers: ['Basic realm="pm.corp.example.com", charset="UTF-8"'], schemes: ["Basic"] },
  { headers: ['Digest realm="x", qop="auth", nonce="abc", Basic realm="x"'], schemes: ["Digest", "Basic"] },
  { headers: [], schemes: [] },
])("parseSchemes($headers)", ({ headers, schemes }) => {
  expect(parseSchemes(headers)).toEqual(schemes);
});

test.each([
  { status: 401, schemes: ["Negotiate", "NTLM"], methods: ["windows"] },
  { status: 401, schemes: ["Negotiate", "NTLM", "Basic"], methods: ["windows", "basic"] },
  { status: 200, schemes: [], methods: ["anonymous"] },
  { status: 401, schemes: [], methods: [] },
])("methodsOf($status, $schemes)", ({ status, schemes, methods }) => {
  expect(methodsOf(status, schemes)).toEqual(methods);
});

test("a Windows-auth application over http: both challenges, with the Host header of the binding", async () => {
  let seenHost = "";
  const port = await listen(
    http.createServer((req, res) => {
      seenHost = req.headers.host ?? "";
      res.writeHead(401, [
        ["WWW-Authenticate", "Negotiate"],
        ["WWW-Authenticate", "NTLM"],
      ]);
      res.end();
    }),
  );
  const r = await probe(
    { address: "127.0.0.1", binding: { protocol: "http", port, hostName: "pm.corp.example.com" }, path: "/PM/admin" },
    { timeoutMs: 2000 },
  );
  expect(r).toEqual({
    url: `http://pm.corp.example.com:${port}/PM/admin`,
    status: 401,
    schemes: ["Negotiate", "NTLM"],
    methods: ["windows"],
  });
  expect(seenHost).toBe(`pm.corp.example.com:${port}`);
});

test("https with an internal CA: verified with the bundle, refused without it", async () => {
  const pki = internalPki();
  const port = await listen(
    https.createServer({ key: pki.key, cert: pki.cert }, (_req, res) => {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="pm"' });
      res.end();
    }),
  );
  const target = {
    address: "127.0.0.1",
    binding: { protocol: "https" as const, port, hostName: "pm.corp.example.com" },
    path: "/PM/helpdesk",
  };
  expect(await probe(target, { timeoutMs: 5000, ca: pki.ca })).toMatchObject({ status: 401, schemes: ["Basic"], methods: ["basic"] });
  const untrusted = await probe(target, { timeoutMs: 5000 });
  expect(untrusted.status).toBeUndefined();
  expect(untrusted.error).toMatch(/self[- ]signed|unable to (get|verify)/i);
});

test("no server, or one that never answers: recorded as errors", async () => {
  const closed = await probe({ address: "127.0.0.1", binding: { protocol: "http", port: 1 }, path: "/" }, { timeoutMs: 500 });
  expect(closed.error).toMatch(/ECONNREFUSED/);
  const port = await listen(http.createServer(() => undefined));
  const silent = await probe({ address: "127.0.0.1", binding: { protocol: "http", port }, path: "/" }, { timeoutMs: 300 });
  expect(silent.error).toMatch(/no answer within 300 ms/);
});

// The HTTP probe: one unauthenticated request per binding and application, as a browser's first
// request. The WWW-Authenticate schemes in the answer are the authentication methods a client
// really meets, whatever the configuration says.
import * as http from "http";
import * as https from "https";
import type { AuthMethod, Binding } from "../core/model";

export interface ProbeTarget {
  /** Where to connect (the server's address). */
  address: string;
  binding: Binding;
  /** Application path ("/PM/admin"). */
  path: string;
}

export interface ProbeResult {
  url: string;
  status?: number;
  /** Schemes offered in WWW-Authenticate, in order ("Negotiate", "NTLM", "Basic"). */
  schemes: string[];
  /** What those schemes mean as IIS methods; anonymous when the page was served without a challenge. */
  methods: AuthMethod[];
  error?: string;
}

export interface ProbeOptions {
  timeoutMs: number;
  /** PEM bundle of the CAs that sign the servers' certificates (internal PKI). */
  ca?: string | Buffer;
}

/** Challenge scheme names from WWW-Authenticate values ("Negotiate, NTLM", 'Basic realm="x", charset="UTF-8"'). */
export function parseSchemes(headers: string[]): string[] {
  const schemes: string[] = [];
  for (const header of headers) {
    // A scheme is a token at the start of the value or after a comma, not followed by "=" (which
    // would make it an auth-param of the previous challenge).
    for (const m of header.matchAll(/(?:^|,)\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?=\s|,|$)(?!\s*=)/g)) {
      if (!schemes.some((s) => s.toLowerCase() === m[1].toLowerCase())) schemes.push(m[1]);
    }
  }
  return schemes;
}

export function methodsOf(status: number | undefined, schemes: string[]): AuthMethod[] {
  const methods = new Set<AuthMethod>();
  for (const s of schemes.map((x) => x.toLowerCase())) {
    if (s === "negotiate" || s === "ntlm" || s === "kerberos") methods.add("windows");
    else if (s === "basic") methods.add("basic");
    else if (s === "digest") methods.add("digest");
  }
  if (status !== undefined && status < 400 && schemes.length === 0) methods.add("anonymous");
  return [...methods];
}

export function probe(target: ProbeTarget, opts: ProbeOptions): Promise<ProbeResult> {
  const { binding, address } = target;
  const host = binding.hostName ?? address;
  const url = `${binding.protocol}://${host}:${binding.port}${target.path}`;
  return new Promise((resolve) => {
    const lib = binding.protocol === "https" ? https : http;
    const req = lib.request(
      {
        host: address,
        port: binding.port,
        path: target.path,
        method: "GET",
        headers: { host: `${host}:${binding.port}`, "user-agent": "iisguard-probe" },
        timeout: opts.timeoutMs,
        ...(binding.protocol === "https" ? { servername: binding.hostName, ca: opts.ca, rejectUnauthorized: true } : {}),
      },
      (res) => {
        res.resume(); // the body is not needed
        const raw = res.headers["www-authenticate"];
        const schemes = parseSchemes(raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]);
        resolve({ url, status: res.statusCode, schemes, methods: methodsOf(res.statusCode, schemes) });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on("error", (e) => resolve({ url, schemes: [], methods: [], error: e.message }));
    req.end();
  });
}

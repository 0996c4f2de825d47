// IIS IP and domain restrictions (system.webServer/security/ipSecurity) and dynamic IP restrictions
// (…/dynamicIpSecurity) as IIS applies them to the networks a site's users come from.
//
// ipSecurity: "The entries in this property are processed in order"; allowUnlisted "is processed
// last in ordering" (IPSecuritySection class, learn.microsoft.com/iis/wmi-provider/ipsecuritysection-class).
// An entry is an IPv4 address with a subnet mask (default 255.255.255.255) or a domain name with
// wildcards ("*.contoso.com", IPAddressFilterElement class, learn.microsoft.com/iis/wmi-provider/
// ipaddressfilterelement-class); domain names are looked up only with enableReverseDns.
// A denied client gets <denyAction>.503 (address) or .504 (host name); dynamic limits .501
// (concurrent requests) and .502 (request rate) — IIS substatus codes, KB943891
// (learn.microsoft.com/troubleshoot/developer/webapps/iis/www-administration-management/http-status-code).
import type { Application, ClientNetwork, DynamicIpSecurity, IpDenyAction, IpSecurity } from "../model";

/** The status users see for a denial of `kind` ("503" …) under `action`; null when IIS drops the connection. */
export function denialStatus(action: IpDenyAction, kind: "501" | "502" | "503" | "504"): string | null {
  const code = { Unauthorized: "401", Forbidden: "403", NotFound: "404", AbortRequest: null }[action];
  return code === null ? null : `${code}.${kind}`;
}

/** The section in force at `app`: its own, else the nearest ancestor's (IIS inherits unlocked sections down the tree). */
export function effectiveSection<K extends "ipSecurity" | "dynamicIpSecurity">(
  ancestors: Application[],
  app: Application,
  key: K,
): Application[K] {
  for (const level of [app, ...[...ancestors].reverse()]) if (level[key] !== undefined) return level[key];
  return undefined;
}

// ---- IPv4 ---------------------------------------------------------------------------------------

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function parseIpv4(text: string): number | undefined {
  const m = IPV4.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** A range of addresses: `base` with `mask` (contiguous). */
export interface Range {
  base: number;
  mask: number;
}

const maskOf = (prefix: number) => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

/** "10.20.0.0/16" or "203.0.113.7"; undefined when it is not IPv4 (IPv6 is not evaluated). */
export function parseCidr(text: string): Range | undefined {
  const [address, prefixText, extra] = text.trim().split("/");
  if (extra !== undefined) return undefined;
  const base = parseIpv4(address);
  const prefix = prefixText === undefined ? 32 : /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (base === undefined || !(prefix >= 0 && prefix <= 32)) return undefined;
  const mask = maskOf(prefix);
  return { base: (base & mask) >>> 0, mask };
}

/** A dotted subnet mask whose bits are contiguous ("255.255.0.0"). */
export function parseMask(text: string): number | undefined {
  const mask = parseIpv4(text);
  if (mask === undefined) return undefined;
  const inverted = ~mask >>> 0;
  return (inverted & (inverted + 1)) === 0 ? mask : undefined;
}

function countBits(n: number): number {
  let c = 0;
  for (let x = n >>> 0; x; x = (x & (x - 1)) >>> 0) c++;
  return c;
}
/** True when every address of `inner` is in `outer`. */
const covers = (outer: Range, inner: Range) =>
  countBits(outer.mask) <= countBits(inner.mask) && (inner.base & outer.mask) >>> 0 === outer.base;
const overlaps = (a: Range, b: Range) => covers(a, b) || covers(b, a);

/** "*.corp.example.com" matches "gw.corp.example.com"; names compare case-insensitively. */
export function domainMatches(pattern: string, name: string): boolean {
  const p = pattern.trim().toLowerCase().replace(/\.$/, "");
  const n = name.trim().toLowerCase().replace(/\.$/, "");
  if (p.startsWith("*.")) return n.endsWith(p.slice(1));
  return p === n;
}

// ---- verdicts -----------------------------------------------------------------------------------

export type NetworkVerdict =
  | { outcome: "allowed" }
  | { outcome: "denied"; by: "address" | "hostName"; partly: boolean; reason: string }
  | { outcome: "unknown"; reason: string };

/** IIS's answer for the requests of one declared network, over every address it declares. */
export function ipSecurityVerdict(section: IpSecurity, network: ClientNetwork): NetworkVerdict {
  const verdicts = network.addresses.map((address) => verdictForRange(section, network, address));
  const denied = verdicts.find((v) => v.outcome === "denied");
  if (denied) return denied;
  return verdicts.find((v) => v.outcome === "unknown") ?? { outcome: "allowed" };
}

function verdictForRange(section: IpSecurity, network: ClientNetwork, address: string): NetworkVerdict {
  const range = parseCidr(address);
  if (!range)
    return {
      outcome: "unknown",
      reason: `address ${JSON.stringify(address)} of network '${network.name}' is not IPv4: iisguard does not evaluate it`,
    };
  let partlyAllowed = false;
  for (const [i, entry] of section.entries.entries()) {
    const where = `entry ${i + 1}`;
    if (entry.ipAddress !== undefined && entry.ipAddress.trim() !== "") {
      const base = parseIpv4(entry.ipAddress);
      const mask = parseMask(entry.subnetMask ?? "255.255.255.255");
      if (base === undefined || mask === undefined)
        return {
          outcome: "unknown",
          reason: `${where} (${entry.ipAddress}/${entry.subnetMask ?? "255.255.255.255"}) is not an IPv4 address and mask iisguard can evaluate`,
        };
      const listed: Range = { base: (base & mask) >>> 0, mask };
      if (!overlaps(listed, range)) continue;
      const whole = covers(listed, range);
      if (!entry.allowed)
        return {
          outcome: "denied",
          by: "address",
          partly: !whole || partlyAllowed,
          reason: `${where} denies ${entry.ipAddress}${entry.subnetMask ? ` mask ${entry.subnetMask}` : ""}`,
        };
      if (whole) return { outcome: "allowed" };
      partlyAllowed = true; // part of the network is allowed; the rest goes on to later entries
    } else if (entry.domainName !== undefined && entry.domainName.trim() !== "") {
      if (!section.enableReverseDns) continue; // no lookup, no name to match
      if (network.hostName === undefined)
        return {
          outcome: "unknown",
          reason: `${where} matches the host name '${entry.domainName}' and network '${network.name}' declares no hostName (its reverse DNS name)`,
        };
      if (!domainMatches(entry.domainName, network.hostName)) continue;
      if (!entry.allowed)
        return {
          outcome: "denied",
          by: "hostName",
          partly: partlyAllowed,
          reason: `${where} denies host names '${entry.domainName}' (reverse DNS gives ${network.hostName})`,
        };
      return { outcome: "allowed" };
    }
  }
  if (section.allowUnlisted) return { outcome: "allowed" };
  return { outcome: "denied", by: "address", partly: partlyAllowed, reason: "no entry allows these addresses and allowUnlisted is false" };
}

export interface DynamicExcess {
  limit: "concurrent" | "rate";
  demand: number;
  allowed: number;
  basis: string;
}

/**
 * The dynamic limits one address of `network` would exceed. Without declared peaks, each user behind
 * the address is taken to have one request in flight and to send one request per second at peak (a
 * lower bound: a page load alone is several requests).
 */
export function dynamicExcesses(section: DynamicIpSecurity, network: ClientNetwork): DynamicExcess[] {
  const users = network.usersPerAddress ?? 1;
  const found: DynamicExcess[] = [];
  if (section.maxConcurrentRequests !== undefined) {
    const demand = network.peakConcurrentRequests ?? users;
    const basis =
      network.peakConcurrentRequests !== undefined
        ? "its declared peak"
        : `${users} user(s) behind one address, one request in flight each`;
    if (demand > section.maxConcurrentRequests) found.push({ limit: "concurrent", demand, allowed: section.maxConcurrentRequests, basis });
  }
  if (section.requestRate !== undefined) {
    const perSecond = network.peakRequestsPerSecond ?? users;
    const demand = Math.ceil((perSecond * section.requestRate.intervalMs) / 1000);
    const basis =
      network.peakRequestsPerSecond !== undefined
        ? `its declared peak of ${perSecond}/s`
        : `${users} user(s) behind one address, one request per second each`;
    if (demand > section.requestRate.maxRequests) found.push({ limit: "rate", demand, allowed: section.requestRate.maxRequests, basis });
  }
  return found;
}

// The declared forms of IP and domain restrictions, dynamic IP restrictions and the networks a
// site's users come from. Defaults are IIS's own (iis-docs configuration/system.webServer/security/
// ipSecurity and dynamicIpSecurity): allowUnlisted true, denyAction Forbidden, enableReverseDns false,
// an entry denies unless allowed, subnetMask 255.255.255.255; dynamic limits off unless given.
import { IP_DENY_ACTIONS, type ClientNetwork, type DynamicIpSecurity, type IpRestrictionEntry, type IpSecurity } from "../model";
import { parseCidr, parseIpv4, parseMask } from "../iis/ip-restrictions";
import { type Reader, show } from "./reader";

const DNS_PATTERN = /^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function readEntry(r: Reader, value: unknown, path: string): IpRestrictionEntry | undefined {
  const o = r.object(value, path, true);
  if (!o) return undefined;
  const ipAddress = r.string(r.field(o, "ipAddress"), `${path}.ipAddress`, { required: false, nonEmpty: true });
  const subnetMask = r.string(r.field(o, "subnetMask"), `${path}.subnetMask`, { required: false, nonEmpty: true });
  const domainName = r.string(r.field(o, "domainName"), `${path}.domainName`, { required: false, nonEmpty: true });
  if (ipAddress !== undefined && parseIpv4(ipAddress) === undefined && !ipAddress.includes(":"))
    r.problem(`${path}.ipAddress`, `${show(ipAddress)} is not an IP address`);
  if (subnetMask !== undefined && parseMask(subnetMask) === undefined)
    r.problem(`${path}.subnetMask`, `${show(subnetMask)} is not a subnet mask (such as "255.255.0.0")`);
  if (domainName !== undefined && !DNS_PATTERN.test(domainName.trim()))
    r.problem(`${path}.domainName`, `${show(domainName)} is not a domain name (a leading "*." is the only wildcard)`);
  if ((ipAddress === undefined) === (domainName === undefined) && ![...r.unknown].some((u) => u.includes("ipSecurity")))
    r.problem(path, "names exactly one of ipAddress and domainName");
  return {
    allowed: r.boolean(r.field(o, "allowed"), `${path}.allowed`, false),
    ...(ipAddress !== undefined ? { ipAddress: ipAddress.trim() } : {}),
    ...(subnetMask !== undefined ? { subnetMask: subnetMask.trim() } : {}),
    ...(domainName !== undefined ? { domainName: domainName.trim() } : {}),
  };
}

export function readIpSecurity(r: Reader, value: unknown, path: string): IpSecurity | undefined {
  const o = r.object(value, path, false);
  if (!o) return undefined;
  return {
    allowUnlisted: r.boolean(r.field(o, "allowUnlisted"), `${path}.allowUnlisted`, true),
    denyAction: r.oneOf(r.field(o, "denyAction"), `${path}.denyAction`, IP_DENY_ACTIONS, false, "a deny action") ?? "Forbidden",
    enableReverseDns: r.boolean(r.field(o, "enableReverseDns"), `${path}.enableReverseDns`, false),
    entries: (r.list(r.field(o, "entries"), `${path}.entries`, false) ?? []).flatMap(
      (e, i) => readEntry(r, e, `${path}.entries[${i}]`) ?? [],
    ),
  };
}

export function readDynamicIpSecurity(r: Reader, value: unknown, path: string): DynamicIpSecurity | undefined {
  const o = r.object(value, path, false);
  if (!o) return undefined;
  const concurrent = r.integer(r.field(o, "maxConcurrentRequests"), `${path}.maxConcurrentRequests`, 1, 4294967295, false);
  const rate = r.object(r.field(o, "requestRate"), `${path}.requestRate`, false);
  const maxRequests = rate ? r.integer(r.field(rate, "maxRequests"), `${path}.requestRate.maxRequests`, 1, 4294967295, true) : undefined;
  const intervalMs = rate
    ? (r.integer(r.field(rate, "intervalMs"), `${path}.requestRate.intervalMs`, 1, 4294967295, false) ?? 200)
    : undefined;
  return {
    denyAction: r.oneOf(r.field(o, "denyAction"), `${path}.denyAction`, IP_DENY_ACTIONS, false, "a deny action") ?? "Forbidden",
    loggingOnly: r.boolean(r.field(o, "loggingOnly"), `${path}.loggingOnly`, false),
    ...(concurrent !== undefined ? { maxConcurrentRequests: concurrent } : {}),
    ...(maxRequests !== undefined && intervalMs !== undefined ? { requestRate: { maxRequests, intervalMs } } : {}),
  };
}

export function readClientNetworks(r: Reader, value: unknown, path: string): ClientNetwork[] | undefined {
  return r.objects(value, path, false, (o, p) => {
    const name = r.string(r.field(o, "name"), `${p}.name`, { required: true, nonEmpty: true });
    const addresses = r.strings(r.field(o, "addresses"), `${p}.addresses`, true) ?? [];
    addresses.forEach((a, j) => {
      if (parseCidr(a) === undefined && !a.includes(":"))
        r.problem(`${p}.addresses[${j}]`, `${show(a)} is not an IP address or CIDR range (such as "10.20.0.0/16")`);
    });
    if (Array.isArray(r.field(o, "addresses")) && addresses.length === 0) r.problem(`${p}.addresses`, "must list at least one address");
    const hostName = r.string(r.field(o, "hostName"), `${p}.hostName`, { required: false, nonEmpty: true });
    const count = (field: string) => r.integer(r.field(o, field), `${p}.${field}`, 1, 10_000_000, false);
    const usersPerAddress = count("usersPerAddress");
    const peakConcurrentRequests = count("peakConcurrentRequests");
    const peakRequestsPerSecond = count("peakRequestsPerSecond");
    if (name === undefined) return undefined;
    return {
      name,
      addresses: addresses.map((a) => a.trim()),
      ...(hostName !== undefined ? { hostName: hostName.trim() } : {}),
      ...(usersPerAddress !== undefined ? { usersPerAddress } : {}),
      ...(peakConcurrentRequests !== undefined ? { peakConcurrentRequests } : {}),
      ...(peakRequestsPerSecond !== undefined ? { peakRequestsPerSecond } : {}),
    };
  });
}

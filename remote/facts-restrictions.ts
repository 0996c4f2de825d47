// The IP restriction and ISAPI sections of a fact document (remote/facts-document.ts) as model
// values. Pure. A section with a value that is not what the script sends is malformed: the caller
// turns it into an unknown with the reason, never a guess (a dropped Deny entry could admit a network).
import { Reader, show } from "../core/spec/reader";
import {
  IP_DENY_ACTIONS,
  type DynamicIpSecurity,
  type IpDenyAction,
  type IpSecurity,
  type IsapiCgiRestriction,
  type IsapiFilter,
  type IsapiHandler,
} from "../core/model";

type Obj = Record<string, unknown>;

function flag(r: Reader, o: Obj, name: string, path: string): boolean {
  const value = r.field(o, name);
  if (value === true || value === false) return value;
  r.problem(`${path}.${name}`, `must be true or false, got ${show(value)}`);
  return false;
}

function denyAction(r: Reader, o: Obj, path: string): IpDenyAction {
  return r.oneOf(r.field(o, "denyAction"), `${path}.denyAction`, IP_DENY_ACTIONS, true, "a deny action") ?? "Forbidden";
}

/** Runs `read`; undefined when it reported problems (the section is then unknown as a whole). */
function whole<T>(r: Reader, read: () => T): T | undefined {
  const before = r.problems.length;
  const value = read();
  return r.problems.length > before ? undefined : value;
}

export function readIpSecurityFacts(r: Reader, o: Obj, path: string): IpSecurity | undefined {
  return whole(r, () => ({
    allowUnlisted: flag(r, o, "allowUnlisted", path),
    denyAction: denyAction(r, o, path),
    enableReverseDns: flag(r, o, "enableReverseDns", path),
    entries: (r.list(r.field(o, "entries"), `${path}.entries`, true) ?? []).flatMap((item, i) => {
      const e = r.object(item, `${path}.entries[${i}]`, true);
      if (!e) return [];
      const text = (name: string) => r.string(r.field(e, name), `${path}.entries[${i}].${name}`, { required: false })?.trim() || undefined;
      const [ipAddress, subnetMask, domainName] = [text("ipAddress"), text("subnetMask"), text("domainName")];
      return [
        {
          allowed: flag(r, e, "allowed", `${path}.entries[${i}]`),
          ...(ipAddress ? { ipAddress } : {}),
          ...(subnetMask ? { subnetMask } : {}),
          ...(domainName ? { domainName } : {}),
        },
      ];
    }),
  }));
}

export function readDynamicIpSecurityFacts(r: Reader, o: Obj, path: string): DynamicIpSecurity | undefined {
  return whole(r, () => {
    const concurrent = r.object(r.field(o, "denyByConcurrentRequests"), `${path}.denyByConcurrentRequests`, true) ?? {};
    const rate = r.object(r.field(o, "denyByRequestRate"), `${path}.denyByRequestRate`, true) ?? {};
    const count = (x: Obj, name: string, at: string) => r.integer(r.field(x, name), `${at}.${name}`, 0, 4294967295, true) ?? 0;
    const section: DynamicIpSecurity = { denyAction: denyAction(r, o, path), loggingOnly: flag(r, o, "enableLoggingOnlyMode", path) };
    if (flag(r, concurrent, "enabled", `${path}.denyByConcurrentRequests`))
      section.maxConcurrentRequests = count(concurrent, "maxConcurrentRequests", `${path}.denyByConcurrentRequests`);
    if (flag(r, rate, "enabled", `${path}.denyByRequestRate`)) {
      section.requestRate = {
        maxRequests: count(rate, "maxRequests", `${path}.denyByRequestRate`),
        intervalMs: count(rate, "requestIntervalInMilliseconds", `${path}.denyByRequestRate`),
      };
    }
    return section;
  });
}

export function readIsapiFilterFacts(r: Reader, o: Obj, path: string): IsapiFilter[] | undefined {
  return whole(r, () =>
    (r.list(r.field(o, "filters"), `${path}.filters`, true) ?? []).flatMap((item, i) => {
      const f = r.object(item, `${path}.filters[${i}]`, true);
      const name = f && r.string(r.field(f, "name"), `${path}.filters[${i}].name`, { required: true });
      const dll = f && r.string(r.field(f, "path"), `${path}.filters[${i}].path`, { required: true });
      return f && name !== undefined && dll !== undefined
        ? [{ name, path: dll, enabled: flag(r, f, "enabled", `${path}.filters[${i}]`) }]
        : [];
    }),
  );
}

/** Handler mappings whose modules include IsapiModule or CgiModule (one handler may name several modules). */
export function readHandlerFacts(r: Reader, o: Obj, path: string): IsapiHandler[] | undefined {
  return whole(r, () =>
    (r.list(r.field(o, "handlers"), `${path}.handlers`, true) ?? []).flatMap((item, i) => {
      const h = r.object(item, `${path}.handlers[${i}]`, true);
      if (!h) return [];
      const text = (name: string) => r.string(r.field(h, name), `${path}.handlers[${i}].${name}`, { required: false }) ?? "";
      const modules = text("modules")
        .split(",")
        .map((m) => m.trim().toLowerCase());
      const kind = modules.includes("isapimodule") ? "isapi" : modules.includes("cgimodule") ? "cgi" : undefined;
      if (!kind) return [];
      const preCondition = text("preCondition");
      return [
        {
          name: text("name"),
          requestPath: text("path"),
          kind,
          scriptProcessor: text("scriptProcessor"),
          ...(preCondition ? { preCondition } : {}),
        },
      ];
    }),
  );
}

export function readIsapiCgiRestrictionFacts(r: Reader, o: Obj, path: string): IsapiCgiRestriction | undefined {
  return whole(r, () => ({
    notListedIsapisAllowed: flag(r, o, "notListedIsapisAllowed", path),
    notListedCgisAllowed: flag(r, o, "notListedCgisAllowed", path),
    entries: (r.list(r.field(o, "entries"), `${path}.entries`, true) ?? []).flatMap((item, i) => {
      const e = r.object(item, `${path}.entries[${i}]`, true);
      const binary = e && r.string(r.field(e, "path"), `${path}.entries[${i}].path`, { required: true });
      return e && binary !== undefined ? [{ path: binary, allowed: flag(r, e, "allowed", `${path}.entries[${i}]`) }] : [];
    }),
  }));
}

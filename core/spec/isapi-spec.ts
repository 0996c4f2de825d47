// Declared ISAPI filters, ISAPI/CGI handler mappings (per application) and the server's ISAPI and
// CGI restriction list (per host). Defaults are IIS's: a filter is enabled; nothing unlisted may run
// (learn.microsoft.com/iis/configuration/system.webServer/security/isapiCgiRestriction).
import type { IsapiCgiRestriction, IsapiFilter, IsapiHandler } from "../model";
import type { Reader } from "./reader";

export function readIsapiFilters(r: Reader, value: unknown, path: string): IsapiFilter[] | undefined {
  return r.objects(value, path, false, (o, p) => {
    const name = r.string(r.field(o, "name"), `${p}.name`, { required: true, nonEmpty: true });
    const dll = r.string(r.field(o, "path"), `${p}.path`, { required: true, nonEmpty: true });
    return name && dll ? { name, path: dll, enabled: r.boolean(r.field(o, "enabled"), `${p}.enabled`, true) } : undefined;
  });
}

export function readIsapiHandlers(r: Reader, value: unknown, path: string): IsapiHandler[] | undefined {
  return r.objects(value, path, false, (o, p) => {
    const name = r.string(r.field(o, "name"), `${p}.name`, { required: true, nonEmpty: true });
    const requestPath = r.string(r.field(o, "requestPath"), `${p}.requestPath`, { required: true, nonEmpty: true });
    const kind = r.oneOf(r.field(o, "kind"), `${p}.kind`, ["isapi", "cgi"] as const, true, "a handler kind");
    const scriptProcessor = r.string(r.field(o, "scriptProcessor"), `${p}.scriptProcessor`, { required: true, nonEmpty: true });
    return name && requestPath && kind && scriptProcessor ? { name, requestPath, kind, scriptProcessor } : undefined;
  });
}

export function readIsapiCgiRestriction(r: Reader, value: unknown, path: string): IsapiCgiRestriction | undefined {
  const o = r.object(value, path, false);
  if (!o) return undefined;
  return {
    notListedIsapisAllowed: r.boolean(r.field(o, "notListedIsapisAllowed"), `${path}.notListedIsapisAllowed`, false),
    notListedCgisAllowed: r.boolean(r.field(o, "notListedCgisAllowed"), `${path}.notListedCgisAllowed`, false),
    entries: (r.list(r.field(o, "entries"), `${path}.entries`, false) ?? []).flatMap((e, i) => {
      const eo = r.object(e, `${path}.entries[${i}]`, true);
      const binary = eo && r.string(r.field(eo, "path"), `${path}.entries[${i}].path`, { required: true, nonEmpty: true });
      return eo && binary ? [{ path: binary, allowed: r.boolean(r.field(eo, "allowed"), `${path}.entries[${i}].allowed`, false) }] : [];
    }),
  };
}

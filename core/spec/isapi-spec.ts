// Declared ISAPI filters, ISAPI/CGI handler mappings (per application) and the server's ISAPI and
// CGI restriction list (per host). Defaults are IIS's: a filter is enabled; nothing unlisted may run
// (learn.microsoft.com/iis/configuration/system.webServer/security/isapiCgiRestriction).
import type { IsapiCgiRestriction, IsapiFilter, IsapiHandler } from "../model";
import type { Reader } from "./reader";

export function readIsapiFilters(r: Reader, value: unknown, path: string): IsapiFilter[] | undefined {
  const items = r.list(value, path, false);
  if (items === undefined) return undefined;
  return items.flatMap((item, i) => {
    const o = r.object(item, `${path}[${i}]`, true);
    const name = o && r.string(r.field(o, "name"), `${path}[${i}].name`, { required: true, nonEmpty: true });
    const dll = o && r.string(r.field(o, "path"), `${path}[${i}].path`, { required: true, nonEmpty: true });
    return o && name && dll ? [{ name, path: dll, enabled: r.boolean(r.field(o, "enabled"), `${path}[${i}].enabled`, true) }] : [];
  });
}

export function readIsapiHandlers(r: Reader, value: unknown, path: string): IsapiHandler[] | undefined {
  const items = r.list(value, path, false);
  if (items === undefined) return undefined;
  return items.flatMap((item, i) => {
    const p = `${path}[${i}]`;
    const o = r.object(item, p, true);
    if (!o) return [];
    const name = r.string(r.field(o, "name"), `${p}.name`, { required: true, nonEmpty: true });
    const requestPath = r.string(r.field(o, "requestPath"), `${p}.requestPath`, { required: true, nonEmpty: true });
    const kind = r.oneOf(r.field(o, "kind"), `${p}.kind`, ["isapi", "cgi"] as const, true, "a handler kind");
    const scriptProcessor = r.string(r.field(o, "scriptProcessor"), `${p}.scriptProcessor`, { required: true, nonEmpty: true });
    return name && requestPath && kind && scriptProcessor ? [{ name, requestPath, kind, scriptProcessor }] : [];
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

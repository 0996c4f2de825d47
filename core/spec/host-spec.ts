// The declared form of a Windows host: domain membership, loopback check and proxy settings.
// Absent sections mean Windows defaults (loopback check on, no names listed, no proxy).
import type { Host } from "../model";
import { readIsapiCgiRestriction } from "./isapi-spec";
import { Reader, show } from "./reader";
import type { Normalized } from "./site-spec";

export type HostSpec = Omit<Host, "origin" | "resource" | "unknown">;

const DNS_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function normalizeHost(raw: unknown): Normalized<HostSpec> {
  const r = new Reader();
  const o = r.object(raw, "(args)", true) ?? {};
  const spec: HostSpec = {
    server: r.string(r.field(o, "server"), "server", { required: true, nonEmpty: true })?.trim() ?? "(unknown)",
    loopback: { disableLoopbackCheck: false, backConnectionHostNames: [] },
  };
  const vm = r.string(r.field(o, "vm"), "vm", { required: false, nonEmpty: true });
  if (vm !== undefined) spec.vm = vm;
  const domain = r.string(r.field(o, "domain"), "domain", { required: false, nonEmpty: true });
  if (domain !== undefined) {
    if (DNS_NAME.test(domain.trim())) spec.domain = domain.trim();
    else r.problem("domain", `${show(domain)} is not a DNS domain name`);
  }
  const loopback = r.object(r.field(o, "loopback"), "loopback", false);
  if (loopback) {
    spec.loopback = {
      disableLoopbackCheck: r.boolean(r.field(loopback, "disableLoopbackCheck"), "loopback.disableLoopbackCheck", false),
      backConnectionHostNames: r.strings(r.field(loopback, "backConnectionHostNames"), "loopback.backConnectionHostNames", false) ?? [],
    };
  }
  const proxy = r.object(r.field(o, "proxy"), "proxy", false);
  if (proxy) {
    const enabled = r.field(proxy, "enabled");
    if (enabled === undefined) r.problem("proxy.enabled", "is required (true or false)");
    const server = r.string(r.field(proxy, "server"), "proxy.server", { required: false, nonEmpty: true });
    const bypassList = r.strings(r.field(proxy, "bypassList"), "proxy.bypassList", false) ?? [];
    spec.proxy = {
      enabled: r.boolean(enabled, "proxy.enabled", false),
      bypassLocal: r.boolean(r.field(proxy, "bypassLocal"), "proxy.bypassLocal", false),
      // The registry stores one semicolon-separated string; accept entries written that way too.
      bypassList: bypassList.flatMap((entry) =>
        entry
          .split(";")
          .map((e) => e.trim())
          .filter((e) => e !== ""),
      ),
      ...(server ? { server } : {}),
    };
  }
  const restriction = readIsapiCgiRestriction(r, r.field(o, "isapiCgiRestriction"), "isapiCgiRestriction");
  if (restriction) spec.isapiCgiRestriction = restriction;
  return { spec, unknown: [...r.unknown], problems: r.problems };
}

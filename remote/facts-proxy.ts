// WinINet proxy settings from a fact document, as they apply to requests made on the host.
// Which settings apply: with the policy ProxySettingsPerUser = 0 the machine's (HKLM), otherwise
// each user's own (HKU\<SID>) — iis-401-facts.md §6. A PAC file (AutoConfigURL) or auto-detection
// (WPAD, a flag of the binary DefaultConnectionSettings value) hands the decision to a script that
// iisguard does not evaluate: the settings carry it as `automatic` and the proxy rule says unknown.
import { Reader, show } from "../core/spec/reader";
import type { ProxySettings } from "../core/model";

type Obj = Record<string, unknown>;
type Unknowns = { add(path: string, reason: string): void };

/**
 * DefaultConnectionSettings: byte 8 holds the connection flags — 0x01 direct, 0x02 fixed proxy,
 * 0x04 automatic configuration script, 0x08 automatically detect settings. Layout as documented by
 * spad.uk, "How exactly does ProxySettingsPerUser work" (not by Microsoft: confidence medium).
 */
export function connectionFlags(base64: string): number | undefined {
  const bytes = Buffer.from(base64, "base64");
  return bytes.length > 8 ? bytes[8] : undefined;
}

function toProxy(r: Reader, o: Obj, path: string): ProxySettings {
  const enable = r.field(o, "enable");
  const server = r.field(o, "server");
  const override = r.field(o, "override");
  // ProxyOverride is a semicolon list (iis-401-facts.md §6); whitespace inside an entry is not a separator here.
  const entries =
    typeof override === "string"
      ? override
          .split(";")
          .map((s) => s.trim())
          .filter((s) => s !== "")
      : [];
  const autoConfigUrl =
    typeof r.field(o, "autoConfigUrl") === "string" && String(r.field(o, "autoConfigUrl")).trim() !== ""
      ? String(r.field(o, "autoConfigUrl"))
      : undefined;
  const blob = r.field(o, "defaultConnectionSettings");
  const flags = typeof blob === "string" ? connectionFlags(blob) : undefined;
  if (blob !== null && blob !== undefined && typeof blob !== "string")
    r.problem(`${path}.defaultConnectionSettings`, `must be base64 text, got ${show(blob)}`);
  const autoDetect = flags !== undefined && (flags & 0x08) !== 0;
  const automatic =
    autoConfigUrl || autoDetect ? { ...(autoConfigUrl ? { autoConfigUrl } : {}), ...(autoDetect ? { autoDetect } : {}) } : undefined;
  return {
    enabled: enable === 1 || enable === true,
    ...(typeof server === "string" && server ? { server } : {}),
    bypassLocal: entries.some((e) => e.toLowerCase() === "<local>"),
    bypassList: entries.filter((e) => e.toLowerCase() !== "<local>"),
    ...(automatic ? { automatic } : {}),
  };
}

const sameSettings = (a: ProxySettings, b: ProxySettings) => JSON.stringify(a) === JSON.stringify(b);

/** The WinINet settings of the host, or undefined with the reason recorded when they cannot be determined. */
export function readProxy(r: Reader, u: Unknowns, o: Obj | undefined): ProxySettings | undefined {
  if (!o) return undefined;
  if (r.field(o, "proxySettingsPerUser") === 0) {
    const machine = r.object(r.field(o, "machine"), "proxy.machine", true);
    return machine ? toProxy(r, machine, "proxy.machine") : void u.add("proxy", "proxy.machine is missing");
  }
  const users = (r.list(r.field(o, "users"), "proxy.users", false) ?? [])
    .map((x, i) => ({ o: r.object(x, `proxy.users[${i}]`, true), path: `proxy.users[${i}]` }))
    .filter((x): x is { o: Obj; path: string } => x.o !== undefined && x.o.loaded === true);
  if (users.length === 0)
    return void u.add("proxy", "settings are per user and no user's hive whose proxy matters was loaded (inventory proxyUserSids)");
  const settings = users.map((x) => toProxy(r, x.o, x.path));
  // Users with different settings get different answers: no single one stands for the host.
  if (settings.some((s) => !sameSettings(s, settings[0]))) return void u.add("proxy", "the users' proxy settings differ from one another");
  return settings[0];
}

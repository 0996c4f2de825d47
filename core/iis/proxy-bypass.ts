// WinINet proxy bypass (ProxyOverride): semicolon-separated patterns with `*` wildcards, compared
// case-insensitively, plus the `<local>` token, which matches only names without a dot.
import { globMatch } from "../glob";
import type { ProxySettings } from "../model";


/** The pattern that bypasses the proxy for `hostName`, or undefined when requests go through the proxy. */
export function bypassingPattern(proxy: ProxySettings, hostName: string): string | undefined {
  const patterns = [...proxy.bypassList, ...(proxy.bypassLocal ? ["<local>"] : [])];
  return patterns.find((p) => {
    const pattern = p.trim();
    if (pattern.toLowerCase() === "<local>") return !hostName.includes(".");
    return pattern !== "" && globMatch(pattern, hostName);
  });
}

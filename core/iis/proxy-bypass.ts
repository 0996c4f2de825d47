// WinINet proxy bypass (ProxyOverride): semicolon-separated patterns with `*` wildcards, compared
// case-insensitively, plus the `<local>` token, which matches only names without a dot.
// (HKLMProxyOverride: https://learn.microsoft.com/windows-hardware/customize/desktop/unattend/microsoft-windows-ie-clientnetworkprotocolimplementation-hklmproxyoverride)
import { compileGlob } from "../glob";
import type { ProxySettings } from "../model";

/** Decides for host names whether a bypass configuration sends them past the proxy. */
export type BypassMatcher = (hostName: string) => string | undefined;

/**
 * The bypass list prepared once for many names: patterns trimmed, patterns without a wildcard in
 * one Map (a lookup per name however long the list), the rest compiled once and matched by the
 * linear-time glob in list order, the name folded once for all of them. Answers what `bypassingPattern` answers: the first pattern of the list that matches.
 */
export function bypassMatcher(proxy: ProxySettings): BypassMatcher {
  const exact = new Map<string, { at: number; pattern: string }>();
  const wildcards: { at: number; pattern: string; matches: (foldedName: string) => boolean }[] = [];
  let local: { at: number; pattern: string } | undefined;
  const patterns = [...proxy.bypassList, ...(proxy.bypassLocal ? ["<local>"] : [])];
  patterns.forEach((pattern, at) => {
    const trimmed = pattern.trim();
    if (trimmed.toLowerCase() === "<local>") local ??= { at, pattern };
    else if (trimmed.includes("*")) wildcards.push({ at, pattern, matches: compileGlob(trimmed) });
    else if (trimmed !== "" && !exact.has(trimmed.toLowerCase())) exact.set(trimmed.toLowerCase(), { at, pattern });
  });
  return (hostName) => {
    const folded = hostName.toLowerCase();
    let best = exact.get(folded);
    if (local && !hostName.includes(".") && (!best || local.at < best.at)) best = local;
    for (const w of wildcards) {
      if (best && w.at > best.at) break;
      if (w.matches(folded)) return w.pattern;
    }
    return best?.pattern;
  };
}

/** The pattern that bypasses the proxy for `hostName`, or undefined when requests go through the proxy. */
export function bypassingPattern(proxy: ProxySettings, hostName: string): string | undefined {
  return bypassMatcher(proxy)(hostName);
}

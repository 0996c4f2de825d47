// Wildcard matching as Windows proxy bypass lists, OpenSSH host patterns and waiver targets use it:
// `*` any run of characters, `?` (optionally) any one character, case-insensitive. No regular
// expressions are built from outside data: a pattern from a host or a file cannot blow up.
//
// Cost is linear in pattern + text. The pattern is split at its stars into literal segments: the
// first must be a prefix of the text, the last a suffix, and the ones between are found left to
// right, each at its leftmost place after the previous one (leftmost is never worse: whatever the
// later segments could use after a later place they can use after an earlier one). Each segment is
// found with Knuth–Morris–Pratt, so no character of the text is compared more than twice per
// segment that scans it. The two-pointer matcher this replaces (backtrack to the last star) is
// O(pattern × text): `*aaa…ab` against a long name of `a`s took seconds to hours.
//
// `?` in a segment (OpenSSH patterns only, which come from the operator's known_hosts, never from a
// host) is matched by trying each position, O(segment × text) at worst for that segment.

export interface GlobOptions {
  /** `?` matches any one character (OpenSSH patterns); otherwise it is a literal. */
  questionMark?: boolean;
}

export function globMatch(pattern: string, text: string, opts: GlobOptions = {}): boolean {
  return compileGlob(pattern, opts)(text.toLowerCase());
}

/**
 * A pattern prepared once for many texts: folded, split, each segment's KMP table built. The
 * matcher takes the text already lower-cased, so matching one name against many patterns folds it
 * once, and a text shorter than the pattern's literal characters is refused without reading it —
 * a 1 MB pattern costs nothing against short names.
 */
export function compileGlob(pattern: string, opts: GlobOptions = {}): (foldedText: string) => boolean {
  const segments = pattern.toLowerCase().split("*");
  const wild = opts.questionMark === true;
  const first = segments[0];
  if (segments.length === 1) return (t) => first.length === t.length && literalAt(first, t, 0, wild);
  const last = segments[segments.length - 1];
  const middle = segments
    .slice(1, -1)
    .filter((segment) => segment !== "") // `**` is `*`
    .map((segment) =>
      wild && segment.includes("?") ? { segment, find: wildcardFinder(segment) } : { segment, find: literalFinder(segment) },
    );
  const literal = segments.reduce((n, segment) => n + segment.length, 0);
  return (t) => {
    if (literal > t.length) return false;
    const end = t.length - last.length; // the middle segments must fit before the last one
    if (!literalAt(first, t, 0, wild) || !literalAt(last, t, end, wild)) return false;
    let from = first.length;
    for (const { segment, find } of middle) {
      const at = find(t, from, end);
      if (at < 0) return false;
      from = at + segment.length;
    }
    return true;
  };
}

/** True when `segment` matches `text` at `at` (within bounds). */
function literalAt(segment: string, text: string, at: number, wild: boolean): boolean {
  if (at < 0 || at + segment.length > text.length) return false;
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c !== text.charCodeAt(at + i) && !(wild && c === 63 /* ? */)) return false;
  }
  return true;
}

type Finder = (text: string, from: number, end: number) => number;

/** Leftmost index ≥ from where `needle` occurs ending at or before `end`, or -1. Knuth–Morris–Pratt: O(end − from) per search after O(needle) once. */
export function literalFinder(needle: string): Finder {
  const m = needle.length;
  const fail = new Int32Array(m); // fail[i]: length of the longest proper border of needle[0..i]
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && needle.charCodeAt(i) !== needle.charCodeAt(k)) k = fail[k - 1];
    if (needle.charCodeAt(i) === needle.charCodeAt(k)) k++;
    fail[i] = k;
  }
  return (text, from, end) => {
    if (m === 0) return from <= end ? from : -1;
    if (end - from < m) return -1;
    for (let i = from, k = 0; i < end; i++) {
      const c = text.charCodeAt(i);
      while (k > 0 && c !== needle.charCodeAt(k)) k = fail[k - 1];
      if (c === needle.charCodeAt(k)) k++;
      if (k === m) return i - m + 1;
    }
    return -1;
  };
}

function wildcardFinder(segment: string): Finder {
  return (text, from, end) => {
    for (let at = from; at + segment.length <= end; at++) if (literalAt(segment, text, at, true)) return at;
    return -1;
  };
}

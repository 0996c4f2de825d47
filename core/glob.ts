// Wildcard matching as Windows proxy bypass lists, OpenSSH host patterns and waiver targets use it:
// `*` any run of characters, `?` (optionally) any one character, case-insensitive. No regular
// expressions are built from outside data: a pattern from a host or a file cannot blow up.

/** Classic two-pointer match with backtracking to the last `*`: O(pattern × text) at worst. */
export function globMatch(pattern: string, text: string, opts: { questionMark?: boolean } = {}): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === t[ti] || (opts.questionMark && p[pi] === "?"))) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === "*") {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === "*") pi++;
  return pi === p.length;
}

// Names compared the way Windows compares them: server, site, account, group and application
// names are case-insensitive, ordinal after upper-casing each UTF-16 code unit with the system's
// uppercase table — MS-UCODEREF 3.1.5.5.1 "CompareStringOrdinal Algorithm"
// (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-ucoderef/ba172a49-1971-4448-855e-448f8804127e).
// Not a locale collation: "Straße" and "STRASSE" differ on Windows (ß has no one-unit upper case),
// and so do "ｗｅｂ０１" and "web01" (full-width forms are not case variants), where a collator
// that ignores case would call them equal. The one owner of the idea: compare with `sameName`,
// key maps and sets with `nameKey`.

/** The code unit's simple upper case, or itself where the upper case is not one code unit (ß → SS). */
function upperUnit(unit: number): number {
  if (unit < 0x80) return unit >= 0x61 && unit <= 0x7a ? unit - 0x20 : unit;
  if (unit >= 0xd800 && unit <= 0xdfff) return unit; // surrogate halves: the table maps code units, not code points
  const upper = String.fromCharCode(unit).toUpperCase();
  return upper.length === 1 ? upper.charCodeAt(0) : unit;
}

/** Whether two names are the same name to Windows. Allocation-free: it runs for every join of a scan. */
export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false; // upper-casing unit by unit keeps the length
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y && upperUnit(x) !== upperUnit(y)) return false;
  }
  return true;
}

/** The key under which a name is stored in a Map or Set: equal keys exactly when `sameName`. */
export function nameKey(name: string): string {
  if (/^[\x00-\x7f]*$/.test(name)) return name.toUpperCase();
  let key = "";
  for (let i = 0; i < name.length; i++) key += String.fromCharCode(upperUnit(name.charCodeAt(i)));
  return key;
}

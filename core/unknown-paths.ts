// The one owner of unknown-field paths (Site.unknown, Host.unknown): dotted model paths without
// list indices, except the application's index, so that an unknown value in one application does
// not blind the rules to the others ("applications[2].authentication"; "applications.acl" means in
// every application). Everything that writes, reads or compares such paths goes through here.

const APP_INDEX = /^applications\[(\d+)\]/;

/** The path of a field of one application: appField(2, "authentication") → "applications[2].authentication". */
export function appField(index: number, field: string): string {
  return `applications[${index}]${field ? `.${field}` : ""}`;
}

/** The application a path belongs to, and the rest of it ("applications[2].acl" → 2, "acl"); undefined for other paths. */
export function splitAppPath(path: string): { index: number; field: string } | undefined {
  const m = APP_INDEX.exec(path);
  return m ? { index: Number(m[1]), field: path.slice(m[0].length).replace(/^\./, "") } : undefined;
}

/** As any application sees it: the index dropped ("applications[2].acl" → "applications.acl"). */
export function anyApplication(path: string): string {
  return path.replace(APP_INDEX, "applications");
}

/**
 * A field path as the model records it: list indices stripped ("bindings[0].port" → "bindings.port")
 * except the application index ("applications[2].authentication").
 */
export function modelPath(path: string): string {
  const app = APP_INDEX.exec(path)?.[0] ?? "";
  return app + path.slice(app.length).replace(/\[\d+\]/g, "");
}

/** True when two paths are the same field or one contains the other ("loopback" covers "loopback.backConnectionHostNames"). */
export function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}

/**
 * Whether the field at `path` is unknown: an unknown path is the field itself, inside it or around
 * it; and for one application's field, an unknown recorded for every application ("applications.acl",
 * or "applications" itself) covers it too. Another application's unknown does not.
 */
export function isUnknown(unknown: readonly string[], path: string): boolean {
  const own = splitAppPath(path);
  return unknown.some(
    (u) => overlaps(u, path) || (own !== undefined && splitAppPath(u) === undefined && overlaps(u, anyApplication(path))),
  );
}

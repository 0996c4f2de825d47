// Which declared servers an inventory leaves out: names compare as Windows compares them
// (core/names.ts: ordinal after upper-casing each UTF-16 unit, MS-UCODEREF 3.1.5.5.1).
import { sameName } from "../../core/names";
import { serversNotListed } from "../../remote/inventory";

const listed = (...servers: string[]) => servers.map((server) => ({ server }));

test("a declared server listed in another case is listed", () => {
  expect(serversNotListed(["web01", "WEB02", "web03"], listed("WEB01", "web02"))).toEqual(["web03"]);
});

test("a non-ASCII server listed in another case is listed; a different accent or normal form is another name, as on Windows", () => {
  const decomposed = "wéb01".normalize("NFD");
  expect(sameName("wéb01", "WÉB01")).toBe(true);
  expect(sameName(decomposed, "WÉB01")).toBe(false); // ordinal comparison does not normalize
  expect(serversNotListed(["wéb01", decomposed, "web01", "wèb01"], listed("WÉB01"))).toEqual([decomposed, "web01", "wèb01"]);
});

test("a titlecase digraph and its lower case upper-case alike (U+01C5, U+01C6 → U+01C4): listed", () => {
  const title = "\u01C5-web";
  const lower = "\u01C6-web";
  expect(sameName(title, lower)).toBe(true);
  expect(serversNotListed([title], listed(lower))).toEqual([]);
  expect(serversNotListed([lower], listed(title))).toEqual([]);
});

// Which declared servers an inventory leaves out: names compare as Windows compares them
// (`sameName`: case-insensitive, accent-sensitive, composed and decomposed forms alike).
import { sameName } from "../../core/model";
import { serversNotListed } from "../../remote/inventory";

const listed = (...servers: string[]) => servers.map((server) => ({ server }));

test("a declared server listed in another case is listed", () => {
  expect(serversNotListed(["web01", "WEB02", "web03"], listed("WEB01", "web02"))).toEqual(["web03"]);
});

test("a non-ASCII server listed in another case or normal form is listed; a different accent is not", () => {
  const decomposed = "wéb01".normalize("NFD");
  expect(sameName(decomposed, "WÉB01")).toBe(true);
  expect(serversNotListed([decomposed, "web01", "wèb01"], listed("WÉB01"))).toEqual(["web01", "wèb01"]);
});

test("a server the collator equates beyond lower-casing (a titlecase digraph) is listed", () => {
  expect(sameName("ǅ-web", "dž-web")).toBe(true);
  expect(serversNotListed(["ǅ-web"], listed("dž-web"))).toEqual([]);
  expect(serversNotListed(["dž-web"], listed("ǅ-web"))).toEqual([]);
});

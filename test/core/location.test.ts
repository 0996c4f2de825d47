// A finding's location: rendered once, read by field. Names compared as Windows compares them
// (MS-UCODEREF 3.1.5.5.1, CompareStringOrdinal with IgnoreCase: upper-case each UTF-16 unit).
import { belowServer, isOnServer, locationName, type Location } from "../../core/location";
import { nameKey, sameName } from "../../core/names";

test.each<[Location, string, string]>([
  [{ server: "web01" }, "web01", ""],
  [{ server: "web01", site: "Default Web Site" }, "web01/Default Web Site", "Default Web Site"],
  [{ server: "web01", site: "Default Web Site", path: "/" }, "web01/Default Web Site/", "Default Web Site/"],
  [{ server: "web01", site: "Default Web Site", path: "/PM/admin" }, "web01/Default Web Site/PM/admin", "Default Web Site/PM/admin"],
  [{ vm: "web01-vm" }, "web01-vm", ""],
])("%j is named %s, %s below its server", (location, name, below) => {
  expect(locationName(location)).toBe(name);
  expect(belowServer(location)).toBe(below);
});

test.each<[Location, string, boolean]>([
  [{ server: "web1" }, "web1", true],
  [{ server: "WEB1", site: "Default Web Site", path: "/" }, "web1", true],
  [{ server: "web10", site: "Default Web Site", path: "/PM" }, "web1", false],
  [{ server: "web1" }, "web10", false],
  [{ vm: "web1" }, "web1", false],
  // A site named like a server does not put the finding on that server.
  [{ server: "web10", site: "web1" }, "web1", false],
])("%j is on %s: %s", (location, server, expected) => {
  expect(isOnServer(location, server)).toBe(expected);
});

test.each<[string, string, boolean]>([
  ["web01", "WEB01", true],
  ["CORP\\Opérateurs Support", "corp\\OPÉRATEURS SUPPORT", true],
  ["Opérateurs", "Operateurs", false], // accents are not case
  ["Straße", "STRASSE", false], // ß has no one-unit upper case on Windows
  ["ｗｅｂ０１", "web01", false], // full-width forms are other characters
  ["Ｗｅｂ", "ｗＥＢ", true], // but have case among themselves
  ["ΣΊΣΥΦΟΣ", "σίσυφος", true],
  ["web1", "web10", false],
  ["\u{1F600}a", "\u{1F600}A", true],
])("sameName(%s, %s) is %s, and nameKey agrees", (a, b, same) => {
  expect(sameName(a, b)).toBe(same);
  expect(nameKey(a) === nameKey(b)).toBe(same);
});

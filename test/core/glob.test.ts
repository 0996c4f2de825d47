import { globMatch } from "../../core/glob";
import fc from "fast-check";

test.each([
  ["*.corp.example.com", "pm.corp.example.com", true],
  ["*.corp.example.com", "corp.example.com", false],
  ["PM.*", "pm.corp", true],
  ["*", "", true],
  ["", "", true],
  ["", "x", false],
  ["a*b*c", "aXXbYYc", true],
  ["a*b*c", "aXXbYY", false],
  ["10.*", "10.40.1.4", true],
  ["web0?", "web01", false],
  ["a.b", "aXb", false],
  ["(x)+", "(x)+", true],
])("%s ~ %s → %s", (pattern, text, expected) => {
  expect(globMatch(pattern, text)).toBe(expected);
});

test("? is a wildcard only when asked (OpenSSH host patterns)", () => {
  expect(globMatch("web0?", "web01", { questionMark: true })).toBe(true);
});

test("huge patterns and texts cost no more than their length product", () => {
  const big = "x".repeat(200_000);
  const started = performance.now();
  expect(globMatch(`*${big}*`, `${big}y`)).toBe(true);
  expect(globMatch(big, big)).toBe(true);
  expect(performance.now() - started).toBeLessThan(1000);
});

// Issue 10: "a proxy bypass pattern like `*aaa…ab` against a long binding host name" made the old
// two-pointer matcher backtrack once per text character for every pattern character.
test("a bypass pattern *aaa…ab against a long host name of a's is matched in time linear in their lengths", () => {
  const n = 40_000;
  const started = performance.now();
  expect(globMatch(`*${"a".repeat(n)}b`, "a".repeat(n * 2))).toBe(false);
  expect(globMatch(`*${"a".repeat(n)}b*`, `${"a".repeat(n * 2)}b`)).toBe(true);
  expect(globMatch(`*a*a*a*${"a".repeat(n)}b`, "a".repeat(n * 2), { questionMark: true })).toBe(false);
  expect(performance.now() - started).toBeLessThan(250);
});

test("many stars against a long text stay linear (each star's segment searched once, left to right)", () => {
  const pattern = "*ab".repeat(20_000);
  const text = "a".repeat(200_000);
  const started = performance.now();
  expect(globMatch(pattern, text)).toBe(false);
  expect(globMatch(pattern, "ab".repeat(20_000))).toBe(true);
  expect(performance.now() - started).toBeLessThan(250);
});

/** The semantics, spelled as a regular expression (fine for short generated inputs). */
function reference(pattern: string, text: string, questionMark: boolean): boolean {
  const body = [...pattern.toLowerCase()]
    .map((c) => (c === "*" ? "[\\s\\S]*" : questionMark && c === "?" ? "[\\s\\S]" : c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "u").test(text.toLowerCase());
}

test("agrees with the regular-expression reading of the pattern on generated inputs", () => {
  const alphabet = fc.constantFrom("a", "b", "A", ".", "*", "?");
  const str = (max: number) => fc.array(alphabet, { maxLength: max }).map((cs) => cs.join(""));
  fc.assert(
    fc.property(str(8), str(12), fc.boolean(), (pattern, text, qm) => {
      expect(globMatch(pattern, text, { questionMark: qm })).toBe(reference(pattern, text, qm));
    }),
    { numRuns: 5000 },
  );
});

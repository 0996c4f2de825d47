import { globMatch } from "../../core/glob";

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

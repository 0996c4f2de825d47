// `iisguard check` output: names and messages from the program, the stack and deployed hosts are
// printed escaped, so they cannot drive the terminal or forge a diagnostic line.
import { formatCheck } from "../../cli/format-diagnostics";

test("a diagnostic with terminal escapes and a newline in the host name prints on one line, escapes visible", () => {
  const text = formatCheck(
    {
      project: "fleet",
      stack: "dev",
      resources: 1,
      mandatory: 0,
      diagnostics: [
        {
          urn: "urn:pulumi:dev::fleet::iisguard:index:Site::web01\u001b]0;pwned\u0007",
          policyName: "iisguard-remote",
          policyPackName: "iisguard",
          policyPackVersion: "0.1.0",
          enforcementLevel: "advisory",
          message: "[UNREACHABLE] web01\u001b[2J: refused\n  Site web09\n    mandatory single-auth-method: forged",
          description: "",
        } as never,
      ],
    },
    "iisguard check",
  );
  expect(text).not.toMatch(/[\u0000-\u0009\u000B-\u001F]/);
  expect(text).toContain("web01\\u001b]0;pwned\\u0007");
  expect(text).toContain("[UNREACHABLE] web01\\u001b[2J: refused\\u000a  Site web09");
  expect(text.split("\n").filter((l) => /^\s+(mandatory|advisory) /.test(l))).toHaveLength(1);
});

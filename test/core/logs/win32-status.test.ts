// The sc-win32-status table: every code with its winerror.h name and likely cause, each checked
// against Microsoft's System Error Codes and SSPI status code pages (cited per entry in the source).
import * as fs from "fs";
import * as path from "path";
import { describeWin32Status, WIN32_STATUS_TABLE } from "../../../core/logs/win32-status";

test.each([
  [5, "ERROR_ACCESS_DENIED", "access-denied"],
  [1311, "ERROR_NO_LOGON_SERVERS", "domain-controller"],
  [1326, "ERROR_LOGON_FAILURE", "credentials"],
  [1327, "ERROR_ACCOUNT_RESTRICTION", "account-restriction"],
  [1328, "ERROR_INVALID_LOGON_HOURS", "logon-hours"],
  [1329, "ERROR_INVALID_WORKSTATION", "workstation"],
  [1330, "ERROR_PASSWORD_EXPIRED", "expired-password"],
  [1331, "ERROR_ACCOUNT_DISABLED", "disabled"],
  [1385, "ERROR_LOGON_TYPE_NOT_GRANTED", "logon-right"],
  [1793, "ERROR_ACCOUNT_EXPIRED", "expired-account"],
  [1907, "ERROR_PASSWORD_MUST_CHANGE", "must-change-password"],
  [1909, "ERROR_ACCOUNT_LOCKED_OUT", "locked-out"],
  [2148074248, "SEC_E_INVALID_TOKEN", "kerberos"], // 0x80090308, not SEC_E_LOGON_DENIED
  [2148074252, "SEC_E_LOGON_DENIED", "credentials"], // 0x8009030C
  [2148074254, "SEC_E_NO_CREDENTIALS", "handshake"], // 0x8009030E
  [2148074274, "SEC_E_WRONG_PRINCIPAL", "kerberos"], // 0x80090322, not SEC_E_TIME_SKEW
  [2148074276, "SEC_E_TIME_SKEW", "clock-skew"], // 0x80090324
])("sc-win32-status %d is %s (%s)", (code, name, cause) => {
  const s = describeWin32Status(code);
  expect([s.name, s.cause]).toEqual([name, cause]);
  expect(s.source).toMatch(/^https:\/\/learn\.microsoft\.com\//);
});

test("every entry cites a Microsoft page and says what to look at", () => {
  for (const [code, e] of WIN32_STATUS_TABLE) {
    expect([code, e.source]).toEqual([code, expect.stringMatching(/^https:\/\/learn\.microsoft\.com\//)]);
    expect(e.likelyCause.length).toBeGreaterThan(10);
  }
});

test("an unknown code maps to unknown, with its number in decimal and hex", () => {
  const s = describeWin32Status(2148074999);
  expect(s).toMatchObject({ code: 2148074999, name: "unknown", cause: "unknown" });
  expect(s.likelyCause).toContain("2148074999 (0x800905F7)");
});

test("docs/logs.md lists every code of the table with its name", () => {
  const doc = fs.readFileSync(path.join(__dirname, "../../../docs/logs.md"), "utf8");
  for (const [code, e] of WIN32_STATUS_TABLE) expect(doc).toMatch(new RegExp(`\\| ${code} \\|[^\\n]*\\| ${e.name} \\|`));
});

// What an IIS log's sc-win32-status says about a 401, and what usually causes it.
//
// IIS writes sc-win32-status as an unsigned decimal: a Win32 system error code, or an SSPI HRESULT
// (0x8009xxxx, so 2148074xxx). Each entry cites the Microsoft page that defines its name and text:
//   SYSTEM_0_499   https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499-
//   SYSTEM_1300    https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1300-1699-
//   SYSTEM_1700    https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1700-3999-
//   SSPI           https://learn.microsoft.com/en-us/windows/win32/secauthn/sspi-status-codes (names, meanings)
//   COM_SECURITY   https://learn.microsoft.com/en-us/windows/win32/com/com-error-codes-4 (the 0x8009030x values)
// Note: the brief guessed 2148074248 = SEC_E_LOGON_DENIED and 2148074274 = SEC_E_TIME_SKEW; by
// winerror.h they are SEC_E_INVALID_TOKEN (0x80090308) and SEC_E_WRONG_PRINCIPAL (0x80090322).
// SEC_E_LOGON_DENIED is 0x8009030C (2148074252) and SEC_E_TIME_SKEW 0x80090324 (2148074276).

const SYSTEM_0_499 = "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499-";
const SYSTEM_1300 = "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1300-1699-";
const SYSTEM_1700 = "https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1700-3999-";
const SSPI = "https://learn.microsoft.com/en-us/windows/win32/secauthn/sspi-status-codes";
const COM_SECURITY = "https://learn.microsoft.com/en-us/windows/win32/com/com-error-codes-4";
/** The normal Windows authentication exchange in IIS's own logs: 401 2 5, then 401 1 2148074254, then the success. */
const HANDSHAKE_SOURCE = "https://learn.microsoft.com/en-us/archive/blogs/david.wang/howto-diagnose-401-x-http-errors-on-iis";

/** The kinds of cause a platform team acts on differently. */
export type LikelyCause =
  | "handshake"
  | "credentials"
  | "expired-password"
  | "must-change-password"
  | "locked-out"
  | "disabled"
  | "expired-account"
  | "account-restriction"
  | "logon-hours"
  | "workstation"
  | "logon-right"
  | "domain-controller"
  | "kerberos"
  | "clock-skew"
  | "access-denied"
  | "none"
  | "unknown";

export interface Win32Status {
  code: number;
  /** The winerror.h name, or "unknown". */
  name: string;
  /** Microsoft's text for it (shortened), or that the code is not in the table. */
  meaning: string;
  cause: LikelyCause;
  /** What a platform team should look at. */
  likelyCause: string;
  /** The page that defines the code. */
  source?: string;
}

type Entry = Omit<Win32Status, "code">;

export const WIN32_STATUS_TABLE: ReadonlyMap<number, Entry> = new Map<number, Entry>([
  [
    0,
    {
      name: "ERROR_SUCCESS",
      meaning: "The operation completed successfully.",
      cause: "none",
      likelyCause: "no Windows error: the 401 came from IIS or the application itself (no credentials sent yet, or an authorization rule)",
      source: SYSTEM_0_499,
    },
  ],
  [
    5,
    {
      name: "ERROR_ACCESS_DENIED",
      meaning: "Access is denied.",
      cause: "access-denied",
      likelyCause:
        "with 401.2: the first, anonymous request of a Windows authentication handshake (normal when a success follows); otherwise the server refused the identity",
      source: SYSTEM_0_499,
    },
  ],
  [
    1311,
    {
      name: "ERROR_NO_LOGON_SERVERS",
      meaning: "There are currently no logon servers available to service the logon request.",
      cause: "domain-controller",
      likelyCause: "the server cannot reach a domain controller (network, DNS, secure channel)",
      source: SYSTEM_1300,
    },
  ],
  [
    1326,
    {
      name: "ERROR_LOGON_FAILURE",
      meaning: "The user name or password is incorrect.",
      cause: "credentials",
      likelyCause: "wrong password or unknown user (a stale saved credential, a typo, an account in another domain)",
      source: SYSTEM_1300,
    },
  ],
  [
    1327,
    {
      name: "ERROR_ACCOUNT_RESTRICTION",
      meaning: "Account restrictions are preventing this user from signing in (blank passwords, sign-in times, or a policy restriction).",
      cause: "account-restriction",
      likelyCause: "an account restriction: a blank password, or a policy that forbids this logon",
      source: SYSTEM_1300,
    },
  ],
  [
    1328,
    {
      name: "ERROR_INVALID_LOGON_HOURS",
      meaning: "Your account has time restrictions that keep you from signing in right now.",
      cause: "logon-hours",
      likelyCause: "the account's logon hours exclude this time",
      source: SYSTEM_1300,
    },
  ],
  [
    1329,
    {
      name: "ERROR_INVALID_WORKSTATION",
      meaning: "This user isn't allowed to sign in to this computer.",
      cause: "workstation",
      likelyCause: "the account may log on only to listed workstations (userWorkstations), and this server is not one",
      source: SYSTEM_1300,
    },
  ],
  [
    1330,
    {
      name: "ERROR_PASSWORD_EXPIRED",
      meaning: "The password for this account has expired.",
      cause: "expired-password",
      likelyCause: "the user's password has expired",
      source: SYSTEM_1300,
    },
  ],
  [
    1331,
    {
      name: "ERROR_ACCOUNT_DISABLED",
      meaning: "This user can't sign in because this account is currently disabled.",
      cause: "disabled",
      likelyCause: "the account is disabled",
      source: SYSTEM_1300,
    },
  ],
  [
    1385,
    {
      name: "ERROR_LOGON_TYPE_NOT_GRANTED",
      meaning: "The user has not been granted the requested logon type at this computer.",
      cause: "logon-right",
      likelyCause:
        "the account lacks the logon right IIS asks for (Basic authentication's logonMethod: Interactive, Batch, Network, ClearText)",
      source: SYSTEM_1300,
    },
  ],
  [
    1793,
    {
      name: "ERROR_ACCOUNT_EXPIRED",
      meaning: "The user's account has expired.",
      cause: "expired-account",
      likelyCause: "the account itself has expired (accountExpires)",
      source: SYSTEM_1700,
    },
  ],
  [
    1907,
    {
      name: "ERROR_PASSWORD_MUST_CHANGE",
      meaning: "The user's password must be changed before signing in.",
      cause: "must-change-password",
      likelyCause: "the password must be changed at next logon, which a browser cannot do",
      source: SYSTEM_1700,
    },
  ],
  [
    1909,
    {
      name: "ERROR_ACCOUNT_LOCKED_OUT",
      meaning: "The referenced account is currently locked out and may not be logged on to.",
      cause: "locked-out",
      likelyCause: "the account is locked out (often by a stale password retried by a device or service)",
      source: SYSTEM_1700,
    },
  ],
  [
    0x80090308,
    {
      name: "SEC_E_INVALID_TOKEN",
      meaning: "The token supplied to the function is invalid.",
      cause: "kerberos",
      likelyCause:
        "a malformed or mismatched Negotiate/Kerberos token (a proxy altering headers, NTLM/Kerberos mismatch, a token too large for the server)",
      source: SSPI,
    },
  ],
  [
    0x8009030c,
    {
      name: "SEC_E_LOGON_DENIED",
      meaning: "The logon attempt failed.",
      cause: "credentials",
      likelyCause: "the logon was denied: wrong credentials, or a policy refusing them",
      source: COM_SECURITY,
    },
  ],
  [
    0x8009030e,
    {
      name: "SEC_E_NO_CREDENTIALS",
      meaning: "No credentials are available in the security package.",
      cause: "handshake",
      likelyCause:
        "with 401.1: the middle step of the Windows authentication handshake (normal when a success follows); otherwise the client never sent usable credentials",
      source: SSPI,
    },
  ],
  [
    0x80090322,
    {
      name: "SEC_E_WRONG_PRINCIPAL",
      meaning: "The target principal name is incorrect.",
      cause: "kerberos",
      likelyCause:
        "Kerberos service principal name problem: the SPN for the host name is missing, duplicated or on another account (the app pool identity)",
      source: SSPI,
    },
  ],
  [
    0x80090324,
    {
      name: "SEC_E_TIME_SKEW",
      meaning: "The clocks on the client and server machines are skewed.",
      cause: "clock-skew",
      likelyCause: "clock skew between client, server and domain controller beyond Kerberos's tolerance (5 minutes by default)",
      source: SSPI,
    },
  ],
]);

/** The meaning of an sc-win32-status value; a code not in the table is "unknown", with its number. */
export function describeWin32Status(code: number): Win32Status {
  const entry = WIN32_STATUS_TABLE.get(code);
  if (entry) return { code, ...entry };
  const hex = code >= 0 && code <= 0xffffffff ? ` (0x${code.toString(16).toUpperCase().padStart(8, "0")})` : "";
  return {
    code,
    name: "unknown",
    meaning: `Windows status ${code}${hex} is not in iisguard's table`,
    cause: "unknown",
    likelyCause: `unknown: look up ${code}${hex} in Microsoft's System Error Codes or winerror.h`,
  };
}

/** Where the SEC_E_NO_CREDENTIALS entry says the handshake is documented; shared with docs. */
export const HANDSHAKE_DOCUMENTATION = HANDSHAKE_SOURCE;

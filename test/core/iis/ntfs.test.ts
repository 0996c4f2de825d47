// AccessCheck semantics of core/iis/ntfs.ts, each case from "How DACLs Control Access to an Object"
// (learn.microsoft.com/windows/win32/secauthz/how-dacls-control-access-to-an-object): ACEs are examined
// in sequence until a Deny refuses an outstanding requested right, Allows have granted them all, or
// the list ends; rights granted by several Allows accumulate ("Interaction Between Threads and
// Securable Objects", same site).
import { buildToken, readAccess, READ, WELL_KNOWN } from "../../../core/iis/ntfs";
import type { AclEntry, Principal } from "../../../core/model";

const USER = "S-1-5-21-1-1-1-1001";
const GROUP = "S-1-5-21-1-1-1-2001";
const OUTER = "S-1-5-21-1-1-1-2002";
const UNREAD = "S-1-5-21-1-1-1-2003";
const ace = (sid: string, rights: number, deny = false, extra: Partial<AclEntry> = {}): AclEntry => ({
  sid,
  name: sid,
  rights,
  deny,
  inheritance: 3,
  propagation: 0,
  ...extra,
});
const user = buildToken([USER]);
const [READ_DATA, READ_REST] = [0x1, READ & ~0x1];

test.each<[string, AclEntry[], string]>([
  ["rights granted by two Allows accumulate", [ace(USER, READ_DATA), ace(USER, READ_REST)], "granted"],
  ["a Deny after every requested right is granted is never reached", [ace(USER, READ), ace(USER, READ, true)], "granted"],
  ["a Deny of a right still outstanding refuses, though part was granted", [ace(USER, READ_DATA), ace(USER, READ, true)], "denied"],
  [
    "an inherited Allow listed before an explicit Deny grants (the list's order, not its labels)",
    [ace(USER, READ, false, { inherited: true }), ace(USER, READ, true)],
    "granted",
  ],
  ["GENERIC_ALL maps to FILE_ALL_ACCESS", [ace(USER, 0x10000000)], "granted"],
  ["GENERIC_WRITE does not map to Read", [ace(USER, 0x40000000)], "denied"],
  ["a Deny of GENERIC_READ (as a signed 32-bit value) refuses", [ace(USER, -2147483648, true), ace(USER, READ)], "denied"],
  ["an entry for Everyone applies to every token", [ace(WELL_KNOWN.everyone, READ)], "granted"],
])("%s", (_name, acl, outcome) => {
  expect(readAccess(acl, user).outcome).toBe(outcome);
});

describe("tokens from the host's groups", () => {
  const principals: Principal[] = [
    { name: "Inner", sid: GROUP, members: [{ name: "u", sid: USER }] },
    { name: "Outer", sid: OUTER, members: [{ name: "Inner", sid: GROUP }] },
    { name: "Unreadable", sid: UNREAD, members: [], membersError: "Failed to compare two elements in the array." },
  ];
  const token = buildToken([USER], principals);

  test("nested groups are in the token", () => {
    expect([...token.sids]).toEqual(expect.arrayContaining([USER, GROUP, OUTER, WELL_KNOWN.everyone]));
  });
  test("a group whose membership is unknown is in doubt, with why", () => {
    expect(token.sids.has(UNREAD)).toBe(false);
    expect(token.doubt(UNREAD)).toMatch(/members of 'Unreadable' could not be read \(Failed to compare/);
  });
  test.each<[string, AclEntry[], string]>([
    ["a doubtful Allow, then a certain Deny: the Allow may have granted first", [ace(UNREAD, READ), ace(USER, READ, true)], "unknown"],
    ["a doubtful Allow alone may be the only grant", [ace(UNREAD, READ)], "unknown"],
    ["a doubtful Deny before the grant may refuse", [ace(UNREAD, READ, true), ace(OUTER, READ)], "unknown"],
    ["a doubtful Deny after the grant is never reached", [ace(OUTER, READ), ace(UNREAD, READ, true)], "granted"],
    ["a certain Deny before a doubtful Allow refuses", [ace(GROUP, READ, true), ace(UNREAD, READ)], "denied"],
  ])("%s", (_name, acl, outcome) => {
    expect(readAccess(acl, token).outcome).toBe(outcome);
  });
});

// The W3C analysis on lines shaped as IIS writes them: the handshake against unresolved 401s,
// field order changing mid-file, custom and missing fields, BOMs, CRLF, long and truncated lines,
// windows, application attribution and bounded state.
import { analyzeW3C, W3CAnalyzer } from "../../../core/logs/analyzer";
import { decodeValue, indexFields, utcMillis } from "../../../core/logs/w3c-fields";
import { BROWSER, entry, handshake, header } from "../../helpers/w3c-samples";

const group = (e: ReturnType<typeof analyzeW3C>, sub: number | null, win32: number | null, application = "/") =>
  e.groups.find((g) => g.substatus === sub && g.win32Status === win32 && g.application === application);

test("Windows authentication's 401 2 5 then 401 1 2148074254 then 200 is a handshake, not a failure", () => {
  const e = analyzeW3C([
    ...header("2026-11-28 10:00:00"),
    ...handshake("2026-11-28 10:00:01"),
    ...handshake("2026-11-28 10:05:00", { ip: "10.1.2.4" }),
  ]);
  expect(e.status401).toBe(4);
  expect(group(e, 2, 5)).toMatchObject({
    unresolved: { count: 0 },
    handshake: { count: 2, firstSeenUtc: "2026-11-28T10:00:01.000Z", lastSeenUtc: "2026-11-28T10:05:00.000Z" },
  });
  expect(group(e, 1, 2148074254)).toMatchObject({ unresolved: { count: 0 }, handshake: { count: 2 } });
  expect(e.groups.every((g) => g.unresolved.count === 0)).toBe(true);
});

test("401.1 × 1326 with no success for that client is unresolved, with its stems, first/last seen and hours", () => {
  const lines = [...header("2026-11-28 08:00:00")];
  for (let i = 0; i < 30; i++) {
    const at = `2026-11-28 ${String(8 + Math.floor(i / 10)).padStart(2, "0")}:${String(i).padStart(2, "0")}:00`;
    lines.push(
      entry({ at, status: 401, sub: 2, win32: 5, ip: "10.9.9.9" }),
      entry({
        at,
        status: 401,
        sub: 1,
        win32: 1326,
        ip: "10.9.9.9",
        stem: i % 3 ? "/PM/helpdesk/default.aspx" : "/PM/helpdesk/tickets.aspx",
      }),
    );
  }
  lines.push(...handshake("2026-11-28 11:00:00")); // another client succeeds: not this one
  const e = analyzeW3C(lines, { applications: ["/PM/helpdesk", "/PM"] });
  const failed = group(e, 1, 1326, "/PM/helpdesk")!;
  expect(failed.unresolved).toEqual({ count: 30, firstSeenUtc: "2026-11-28T08:00:00.000Z", lastSeenUtc: "2026-11-28T10:29:00.000Z" });
  expect(failed.topUriStems).toEqual([
    { stem: "/PM/helpdesk/default.aspx", count: 20 },
    { stem: "/PM/helpdesk/tickets.aspx", count: 10 },
  ]);
  expect(failed.hourly).toEqual(
    [8, 9, 10].map((h) => ({ hourUtc: `2026-11-28T${String(h).padStart(2, "0")}:00:00.000Z`, unresolved: 10, handshake: 0 })),
  );
  expect(group(e, 2, 5, "/PM/helpdesk")!.unresolved.count).toBe(30);
  expect(group(e, 1, 2148074254, "/PM/helpdesk")!.handshake.count).toBe(1);
});

test("a success later than the handshake bound does not make an old 401 a handshake", () => {
  const e = analyzeW3C(
    [
      ...header("2026-11-28 10:00:00"),
      entry({ at: "2026-11-28 10:00:00", status: 401, sub: 1, win32: 1326 }),
      entry({ at: "2026-11-28 10:05:00", status: 200 }),
    ],
    { handshakeWithinMs: 60_000 },
  );
  expect(group(e, 1, 1326)!.unresolved.count).toBe(1);
});

test("the client key includes the user agent: another browser on the same address does not resolve a 401", () => {
  const e = analyzeW3C([
    ...header("2026-11-28 10:00:00"),
    entry({ at: "2026-11-28 10:00:00", status: 401, sub: 1, win32: 1326 }),
    entry({ at: "2026-11-28 10:00:01", status: 200, agent: "curl/8.5.0" }),
  ]);
  expect(group(e, 1, 1326)!.unresolved.count).toBe(1);
});

test("applications are attributed by longest prefix, case-insensitively, on path segments", () => {
  const at = "2026-11-28 10:00:00";
  const e = analyzeW3C(
    [
      ...header(at),
      ...["/pm/HELPDESK/x.aspx", "/PM/helpdeskish/x", "/PM/admin", "/other"].map((stem) =>
        entry({ at, stem, status: 401, sub: 2, win32: 5, ip: stem }),
      ),
    ],
    { applications: ["/PM/helpdesk/", "PM", "/PM/admin"], site: "Default Web Site" },
  );
  expect(e.groups.map((g) => [g.site, g.application, g.unresolved.count]).sort()).toEqual([
    ["Default Web Site", "/", 1],
    ["Default Web Site", "/PM", 1],
    ["Default Web Site", "/PM/admin", 1],
    ["Default Web Site", "/PM/helpdesk", 1],
  ]);
});

test("field order changing mid-file is followed: every #Fields: indexes the columns again; custom fields are kept by name", () => {
  const custom = "time date c-ip cs(User-Agent) X-Forwarded-For sc-win32-status sc-substatus sc-status cs-uri-stem";
  const e = analyzeW3C([
    ...header("2026-11-28 10:00:00"),
    entry({ at: "2026-11-28 10:00:00", status: 401, sub: 1, win32: 1909 }),
    "#Date: 2026-11-28 11:00:00",
    `#Fields: ${custom}`,
    `11:00:00 2026-11-28 10.1.2.3 ${BROWSER} 203.0.113.9 1909 1 401 /PM/helpdesk/default.aspx`,
  ]);
  expect(group(e, 1, 1909)!.unresolved).toMatchObject({
    count: 2,
    firstSeenUtc: "2026-11-28T10:00:00.000Z",
    lastSeenUtc: "2026-11-28T11:00:00.000Z",
  });
  expect(indexFields(custom)).toMatchObject({ names: custom.split(" "), position: expect.any(Map) });
  expect((indexFields(custom) as { position: Map<string, number> }).position.get("x-forwarded-for")).toBe(4);
  expect(e.skipped.malformed).toBe(0);
});

test("without sc-substatus and sc-win32-status the 401s are counted with both unknown, and the problem says why", () => {
  const e = analyzeW3C(["#Fields: date time c-ip cs-uri-stem sc-status", "2026-11-28 10:00:00 10.1.2.3 /PM/admin 401"]);
  expect(e.groups).toEqual([
    expect.objectContaining({ substatus: null, win32Status: null, unresolved: expect.objectContaining({ count: 1 }) }),
  ]);
  expect(e.problems.join("\n")).toMatch(/no sc-substatus: the substatus of its 401s is unknown[\s\S]*no sc-win32-status/);
});

test("a UTF-8 BOM at the start of a file or of a line after rollover, and CRLF endings, are read as IIS meant them", () => {
  const lines = [...header("2026-11-28 10:00:00"), entry({ at: "2026-11-28 10:00:00", status: 401, sub: 1, win32: 1326 })];
  lines[0] = `\uFEFF${lines[0]}`;
  const rolled = [...header("2026-11-29 00:00:00"), entry({ at: "2026-11-29 00:00:01", status: 401, sub: 1, win32: 1326, ip: "10.7.7.7" })];
  rolled[0] = `\uFEFF${rolled[0]}`;
  const e = analyzeW3C([...lines, ...rolled].map((l) => `${l}\r`));
  expect(group(e, 1, 1326)!.unresolved.count).toBe(2);
  expect([e.skipped.malformed, e.directives, e.problems]).toEqual([0, 8, []]);
});

test("a line over the cap is skipped and counted, not parsed (a 1 MB line)", () => {
  const e = analyzeW3C([
    ...header("2026-11-28 10:00:00"),
    `2026-11-28 10:00:00 ${"A".repeat(1 << 20)}`,
    entry({ at: "2026-11-28 10:00:01", status: 401, sub: 1, win32: 1326 }),
  ]);
  expect(e.skipped.tooLong).toBe(1);
  expect(e.problems[0]).toMatch(/^input line 5: 1048596 characters, over the 65536-character line cap: skipped$/);
  expect(group(e, 1, 1326)!.unresolved.count).toBe(1);
});

test("a truncated last line and a wrong field count are malformed and named, never thrown", () => {
  const full = entry({ at: "2026-11-28 10:00:00", status: 401, sub: 1, win32: 1326 });
  const analyzer = new W3CAnalyzer();
  analyzer.beginFile("u_ex261128.log");
  for (const l of [...header("2026-11-28 10:00:00"), full, "2026-11-28 10:00:01 garbage", full.slice(0, 60)]) analyzer.push(l);
  const e = analyzer.result();
  expect(e.skipped.malformed).toBe(2);
  expect(e.problems).toEqual([
    "u_ex261128.log line 6: 3 values for the 15 fields of the #Fields: directive at line 4",
    expect.stringMatching(/^u_ex261128\.log line 7: \d+ values for the 15 fields/),
  ]);
});

test("entries before any #Fields: are skipped with a reason; a bad date is malformed", () => {
  const e = analyzeW3C([
    entry({ at: "2026-11-28 10:00:00", status: 401 }),
    ...header("2026-11-28 10:00:00"),
    entry({ at: "2026-13-28 10:00:00", status: 401 }),
  ]);
  expect([e.skipped.noFieldsDirective, e.skipped.malformed, e.status401]).toEqual([1, 1, 0]);
  expect(e.problems[1]).toMatch(/date "2026-13-28" time "10:00:00": not a W3C UTC date and time/);
});

test("only entries inside the window count; the rest are counted as outside", () => {
  const lines = [
    ...header("2026-11-27 00:00:00"),
    entry({ at: "2026-11-27 09:59:59", status: 401, sub: 1, win32: 1326 }),
    entry({ at: "2026-11-28 10:00:00", status: 401, sub: 1, win32: 1326 }),
  ];
  const e = analyzeW3C(lines, { window: { fromMs: Date.UTC(2026, 10, 27, 10), toMs: Date.UTC(2026, 10, 28, 10) } });
  expect([e.skipped.outsideWindow, e.status401, e.window]).toEqual([
    1,
    1,
    { fromUtc: "2026-11-27T10:00:00.000Z", toUtc: "2026-11-28T10:00:00.000Z" },
  ]);
});

test("the pending-client map is bounded: past the cap the least recently active client is judged and counted as an eviction", () => {
  const lines = [...header("2026-11-28 10:00:00")];
  for (let i = 0; i < 10; i++) lines.push(entry({ at: "2026-11-28 10:00:00", status: 401, sub: 2, win32: 5, ip: `10.0.0.${i}` }));
  lines.push(entry({ at: "2026-11-28 10:00:01", status: 200, ip: "10.0.0.9" }));
  const e = analyzeW3C(lines, { maxPendingClients: 4 });
  expect(e.pendingEvictions).toBe(6);
  expect(group(e, 2, 5)).toMatchObject({ unresolved: { count: 9 }, handshake: { count: 1 } });
  expect(e.pendingAtEnd).toBe(3);
});

test("W3C values: `-` is empty, `+` is a space in the user agent and referer only; dates are UTC", () => {
  expect([
    decodeValue("cs-username", "-"),
    decodeValue("cs(User-Agent)", "Mozilla/5.0+(Windows)"),
    decodeValue("cs-uri-stem", "/a+b"),
  ]).toEqual(["", "Mozilla/5.0 (Windows)", "/a+b"]);
  expect(utcMillis("2026-11-28", "10:00:00.250")).toBe(Date.UTC(2026, 10, 28, 10, 0, 0, 250));
  expect([utcMillis("2026-02-30", "10:00:00"), utcMillis("2026-11-28", "24:00:00"), utcMillis("26-11-28", "10:00:00")]).toEqual([
    NaN,
    NaN,
    NaN,
  ]);
});

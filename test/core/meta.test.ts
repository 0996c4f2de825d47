// Every rule is a registered, documented, tested module whose file name is its id; the pack's rule
// ids and default levels are pinned so a change to them is a deliberate one.
import * as fs from "fs";
import * as path from "path";
import { RULES } from "../../core/rules";

const ROOT = path.resolve(__dirname, "../..");
const ruleFiles = fs
  .readdirSync(path.join(ROOT, "core/rules"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => fs.readdirSync(path.join(ROOT, "core/rules", d.name)).map((f) => `${d.name}/${f}`));

describe("rule registry", () => {
  test("every rule file is registered under its file name, in its subject's folder", () => {
    const registered = RULES.map((r) => `${r.subject}/${r.id}.ts`).sort();
    expect(ruleFiles.sort()).toEqual(registered);
  });

  test.each(RULES.map((r) => [r.id, r] as const))("%s has docs, messages and a test file", (id, rule) => {
    for (const field of ["checks", "why", "fix", "example"] as const) expect(rule.docs[field].length).toBeGreaterThan(20);
    expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
    for (const text of Object.values(rule.messages)) expect(text).toMatch(/\{(target|identity)\}/);
    if (rule.subject !== "drift") expect(rule.reads.length).toBeGreaterThan(0); // drift skips unread fields itself
    expect(fs.existsSync(path.join(ROOT, "test/core/rules", rule.subject, `${id}.test.ts`))).toBe(true);
    if (rule.level === "mandatory") expect(rule.substatus).toMatch(/^401(\.\d+)?$/);
  });

  test("rule ids and default levels are pinned", () => {
    expect(Object.fromEntries(RULES.map((r) => [r.id, `${r.level} ${r.substatus ?? "-"}`]))).toEqual({
      "auth-method-required": "mandatory 401.2",
      "single-auth-method": "advisory -",
      "mixed-auth-admits-anonymous": "mandatory 401",
      "basic-auth-requires-tls": "advisory -",
      "windows-auth-providers": "mandatory 401.2",
      "authorization-admits-someone": "mandatory 401",
      "aspnet-authorization-admits-someone": "mandatory 401",
      "role-assignments-exist": "mandatory 401",
      "ip-restrictions-admit-users": "mandatory 401.503",
      "dynamic-ip-limits-fit-users": "mandatory 401.501",
      "isapi-authorization-suspects": "advisory 401.4",
      "loopback-check-allows-host-names": "mandatory 401.1",
      "loopback-check-disabled": "advisory -",
      "proxy-bypass-intranet-sites": "mandatory 401",
      "windows-auth-requires-domain": "mandatory 401.1",
      "vm-domain-join-extension": "mandatory 401.1",
      "vm-openssh-extension": "advisory -",
      "content-acl-grants-read": "mandatory 401.3",
      "clock-skew": "mandatory 401.1",
      "declared-config-drift": "advisory -",
    });
  });
});

// docs/components.md is generated from iis.Site's and iis.Host's TypeScript declarations: a change to
// the components' arguments without `npm run docs` leaves the published reference wrong.
import { spawnSync } from "child_process";
import * as path from "path";

test("docs/components.md is generated from the current component argument types (run `npm run docs`)", () => {
  const r = spawnSync(process.execPath, [path.join(__dirname, "../../scripts/component-reference.js"), "--check"], {
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
});

import * as fs from "fs";
import * as path from "path";
import { rulesMarkdown } from "../core/report/rules-markdown";
import { RULES } from "../core/rules";

test("docs/rules.md is generated from the current rule metadata (run `npm run docs`)", () => {
  const onDisk = fs.readFileSync(path.join(__dirname, "../docs/rules.md"), "utf8");
  expect(onDisk).toBe(rulesMarkdown(RULES));
});

// The one owner of unknown-field paths: written, read back and compared the same way everywhere.
import { anyApplication, appField, isUnknown, modelPath, splitAppPath } from "../../core/unknown-paths";

test.each([
  ["applications[2].authentication", { index: 2, field: "authentication" }],
  ["applications[10]", { index: 10, field: "" }],
  ["bindings", undefined],
  ["applications.acl", undefined],
])("splitAppPath(%s)", (path, expected) => {
  expect(splitAppPath(path)).toEqual(expected);
});

test("appField and splitAppPath are inverses; anyApplication drops the index", () => {
  expect(splitAppPath(appField(7, "acl"))).toEqual({ index: 7, field: "acl" });
  expect(anyApplication(appField(7, "acl"))).toBe("applications.acl");
});

test("modelPath keeps only the application's index", () => {
  expect(modelPath("applications[1].authorization[0].roles[2]")).toBe("applications[1].authorization.roles");
  expect(modelPath("bindings[3].port")).toBe("bindings.port");
});

test.each([
  [["applications[2].acl"], "applications[2].acl", true],
  [["applications[2].acl"], "applications[3].acl", false], // another application's unknown does not blind this one
  [["applications.acl"], "applications[3].acl", true], // every application's
  [["applications"], "applications[3].authentication", true], // the whole list
  [["applications[3]"], "applications[3].authentication", true],
  [["loopback"], "loopback.backConnectionHostNames", true],
  [["loopback.backConnectionHostNames"], "loopback", true],
  [["proxy"], "domain", false],
])("isUnknown(%j, %s) is %s", (unknown, path, expected) => {
  expect(isUnknown(unknown, path)).toBe(expected);
});

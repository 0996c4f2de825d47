// Reports written into a directory another account can write: the temporary file's name cannot be
// predicted and a planted symlink is never followed.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeAtomic } from "../../cli/write-atomic";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-atomic-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a symlink planted at the predictable temporary name (<name>.<pid>.tmp) is not followed: the file it points to is untouched", () => {
  const victim = path.join(dir, "victim");
  fs.writeFileSync(victim, "precious");
  const report = path.join(dir, "iisguard-scan.json");
  fs.symlinkSync(victim, `${report}.${process.pid}.tmp`);
  writeAtomic(report, "{}\n");
  expect(fs.readFileSync(victim, "utf8")).toBe("precious");
  expect(fs.readFileSync(report, "utf8")).toBe("{}\n");
});

test("a symlink planted at the report's own name is replaced, never written through", () => {
  const victim = path.join(dir, "victim2");
  fs.writeFileSync(victim, "precious");
  const report = path.join(dir, "iisguard-scan.txt");
  fs.symlinkSync(victim, report);
  writeAtomic(report, "report\n");
  expect(fs.readFileSync(victim, "utf8")).toBe("precious");
  expect(fs.lstatSync(report).isSymbolicLink()).toBe(false);
  expect(fs.readFileSync(report, "utf8")).toBe("report\n");
});

test("the temporary file's name is unpredictable, it is created exclusively without following links, and nothing is left behind", () => {
  const opened: { file: string; flags: unknown }[] = [];
  // The module object itself: the TypeScript namespace import only forwards to it.
  const nodeFs = jest.requireActual<typeof fs>("fs");
  const realOpen = nodeFs.openSync;
  const open = jest.spyOn(nodeFs, "openSync").mockImplementation(((file: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
    opened.push({ file: String(file), flags });
    return realOpen(file, flags ?? "r", mode);
  }) as typeof fs.openSync);
  try {
    for (let i = 0; i < 2; i++) writeAtomic(path.join(dir, "r.html"), `${i}`);
  } finally {
    open.mockRestore();
  }
  expect(opened).toHaveLength(2);
  expect(opened[0].file).not.toBe(opened[1].file);
  for (const { file, flags } of opened) {
    expect(path.basename(file)).not.toContain(String(process.pid));
    expect(typeof flags).toBe("number");
    for (const flag of [fs.constants.O_CREAT, fs.constants.O_EXCL, fs.constants.O_NOFOLLOW]) expect((flags as number) & flag).toBe(flag);
  }
  expect(fs.readFileSync(path.join(dir, "r.html"), "utf8")).toBe("1");
  expect(fs.readdirSync(dir).filter((f) => f.includes("r.html") && f.endsWith(".tmp"))).toEqual([]);
});

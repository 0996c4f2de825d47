// Reports are written through a temporary file and a rename, so a reader never sees half a report.
// The temporary file is the attack surface in a shared output directory: its name is random and it
// is created exclusively, so a file or symlink planted there by another account is never opened.
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";

// O_CREAT|O_EXCL fails with EEXIST when the path exists, a symbolic link included, even a dangling
// one (POSIX open(2): "If O_EXCL and O_CREAT are set, and path names a symbolic link, open() shall
// fail with errno set to [EEXIST]"). O_NOFOLLOW says the same for the last component, on systems
// that define it. rename(2) replaces a symlink at the destination, never the file it points to.
const EXCLUSIVE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

export function writeAtomic(file: string, text: string): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(12).toString("hex")}.tmp`);
  const fd = fs.openSync(tmp, EXCLUSIVE, 0o666);
  try {
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

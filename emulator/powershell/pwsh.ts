// Where the project's real PowerShell lives (scripts/install-powershell.sh puts it there).
import * as fs from "fs";
import * as path from "path";

export const TOOLS_DIR = path.join(__dirname, "..", "..", ".tools");
export const PESTER_DIR = path.join(TOOLS_DIR, "psmodules");

export function pwshPath(): string {
  const pwsh = path.join(TOOLS_DIR, "pwsh", "pwsh");
  if (!fs.existsSync(pwsh)) throw new Error(`${pwsh} is missing: run scripts/install-powershell.sh (npm test does)`);
  return pwsh;
}

#!/usr/bin/env bash
# A real PowerShell for the tests: pwsh 7.6.9 as a .NET tool and the Pester 6.2.0 module, both
# inside the checkout (.tools/), so the emulated hosts' account can run them too and nothing
# outside the project changes. Needs the .NET SDK (dotnet) and the NuGet registry; installs only
# what is missing. Prints the pwsh path.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
pwsh="$tools/pwsh/pwsh"
pester="$tools/psmodules/Pester/6.2.0"  # the NuGet package keeps the module under tools/
if ! command -v dotnet >/dev/null; then
  echo "the PowerShell tests need the .NET SDK (dotnet) on PATH" >&2
  exit 1
fi
if [ ! -x "$pwsh" ] || ! "$pwsh" -NoProfile -Command '$PSVersionTable.PSVersion.ToString()' | grep -qx '7.6.9'; then
  rm -rf "$tools/pwsh"
  # Only 7.6.9 is served by the registry copy here; a later 7.x may want a newer .NET.
  dotnet tool install --tool-path "$tools/pwsh" PowerShell --version 7.6.9 >/dev/null
fi
if [ ! -f "$pester/tools/Pester.psd1" ]; then
  mkdir -p "$tools/psmodules"
  PSMODULES="$tools/psmodules" "$pwsh" -NoProfile -NonInteractive -Command '
    $ErrorActionPreference = "Stop"
    if (-not (Get-PSResourceRepository -Name NuGetOrg -ErrorAction SilentlyContinue)) {
      Register-PSResourceRepository -Name NuGetOrg -Uri https://api.nuget.org/v3/index.json -Trusted
    }
    Save-PSResource -Name Pester -Version 6.2.0 -Repository NuGetOrg -Path $env:PSMODULES -TrustRepository
  ' >/dev/null
  # Save-PSResource names the folder as the package id is cased in the feed.
  [ -d "$tools/psmodules/Pester" ] || mv "$tools/psmodules/pester" "$tools/psmodules/Pester"
fi
chmod -R a+rX "$tools"
echo "$pwsh"

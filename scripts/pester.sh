#!/usr/bin/env bash
# Runs the Pester suites (test/powershell/*.Tests.ps1) under the project's pwsh and prints their
# result; exits non-zero when a test fails. npm test runs it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pwsh="$("$root/scripts/install-powershell.sh")"
cd "$root"
IISGUARD_PWSH="$pwsh" exec "$pwsh" -NoProfile -NonInteractive -Command '
  Import-Module ./.tools/psmodules/Pester/6.2.0/tools/Pester.psd1
  $c = New-PesterConfiguration
  $c.Run.Path = "test/powershell"
  $c.Run.Exit = $true
  $c.Output.Verbosity = "Detailed"
  Invoke-Pester -Configuration $c'

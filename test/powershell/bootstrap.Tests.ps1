# Pester tests of the bootstrap (remote/bootstrap.ps1), run as iisguard runs it: a separate
# PowerShell process started with the encoded command, the envelope on stdin.
BeforeAll {
  $script:Bootstrap = Get-Content -Raw (Join-Path $PSScriptRoot '..' '..' 'remote/bootstrap.ps1')
  # pwsh as a .NET tool runs inside the dotnet host: PSHOME holds the pwsh entry point to start again.
  $script:Pwsh = Join-Path $PSHOME 'pwsh'
  if (-not (Test-Path $script:Pwsh)) { $script:Pwsh = $env:IISGUARD_PWSH }

  function Invoke-Bootstrap([string]$Stdin, [string]$Prelude = '', [hashtable]$Environment = @{}) {
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Prelude + $script:Bootstrap))
    $info = [Diagnostics.ProcessStartInfo]::new($script:Pwsh)
    foreach ($arg in @('-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', $encoded)) { $info.ArgumentList.Add($arg) }
    $info.RedirectStandardInput = $true; $info.RedirectStandardOutput = $true; $info.UseShellExecute = $false
    $info.StandardOutputEncoding = [Text.UTF8Encoding]::new($false)
    foreach ($key in $Environment.Keys) { $info.Environment[$key] = $Environment[$key] }
    $process = [Diagnostics.Process]::Start($info)
    $bytes = [Text.UTF8Encoding]::new($false).GetBytes($Stdin)
    $process.StandardInput.BaseStream.Write($bytes, 0, $bytes.Length)
    $process.StandardInput.Close()
    $out = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    return @{ code = $process.ExitCode; answer = ($out | ConvertFrom-Json) }
  }
}

Describe 'bootstrap.ps1' {
  # On Linux, .NET decodes console input as UTF-8 whatever LANG says, so this cannot show the
  # Windows failure (stdin decoded with the OEM code page, 437/850, unless InputEncoding is set);
  # it pins that the bootstrap keeps non-ASCII names intact end to end.
  It 'defect 18: UTF-8 on stdin arrives intact whatever the console code page' {
    $envelope = @{ layer = 'function Get-Nothing { }'; script = 'param($p) @{ role = [string]$p.roles[0] }'; params = @{ roles = @('Opérateurs Support 管理员') } } | ConvertTo-Json -Compress
    $result = Invoke-Bootstrap $envelope -Environment @{ LANG = 'C'; LC_ALL = 'C' }
    $result.code | Should -Be 0
    $result.answer.status | Should -Be 'ok'
    $result.answer.data.role | Should -Be 'Opérateurs Support 管理员'
  }

  It 'defect 19: Constrained Language Mode is detected and reported, not a silent empty answer' {
    $result = Invoke-Bootstrap '{}' -Prelude '$ExecutionContext.SessionState.LanguageMode = "ConstrainedLanguage"; '
    $result.code | Should -Be 1
    $result.answer.status | Should -Be 'error'
    $result.answer.reason | Should -Be 'language-mode'
    $result.answer.error | Should -Match 'ConstrainedLanguage'
  }

  It 'a script that throws answers status error with the message' {
    $envelope = @{ layer = ''; script = 'param($p) throw "Get-Website : Cannot find drive"'; params = @{} } | ConvertTo-Json -Compress
    $result = Invoke-Bootstrap $envelope
    $result.code | Should -Be 1
    $result.answer.error | Should -Match 'Cannot find drive'
  }

  It 'the layer''s functions are visible to the script' {
    $envelope = @{ layer = 'function Get-IisServerManager { "from the layer" }'; script = 'param($p) @{ got = Get-IisServerManager }'; params = @{} } | ConvertTo-Json -Compress
    (Invoke-Bootstrap $envelope).answer.data.got | Should -Be 'from the layer'
  }
}

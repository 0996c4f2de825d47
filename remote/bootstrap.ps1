$ProgressPreference='SilentlyContinue'
if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') {
  @{ status = 'error'; reason = 'language-mode'; error = 'PowerShell runs in ' + $ExecutionContext.SessionState.LanguageMode + ' for this account (an AppLocker or WDAC policy): iisguard needs FullLanguage' } | ConvertTo-Json -Compress
  exit 1
}
$ErrorActionPreference='Stop'
[Console]::InputEncoding=[Text.UTF8Encoding]::new($false)
[Console]::OutputEncoding=[Text.UTF8Encoding]::new($false)
try {
  $e = [Console]::In.ReadToEnd() | ConvertFrom-Json
  . ([ScriptBlock]::Create($e.layer))
  $r = & ([ScriptBlock]::Create($e.script)) $e.params
  [Console]::Out.Write((@{ status = 'ok'; data = $r } | ConvertTo-Json -Compress -Depth 16)); exit 0
} catch {
  [Console]::Out.Write((@{ status = 'error'; error = [string]$_.Exception.Message } | ConvertTo-Json -Compress)); exit 1
}

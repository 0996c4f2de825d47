$ErrorActionPreference='Stop'; $ProgressPreference='SilentlyContinue'
[Console]::OutputEncoding=[Text.UTF8Encoding]::new($false)
try {
  $e = [Console]::In.ReadToEnd() | ConvertFrom-Json
  $r = & ([ScriptBlock]::Create($e.script)) $e.params
  [Console]::Out.Write((@{ status = 'ok'; data = $r } | ConvertTo-Json -Compress -Depth 16)); exit 0
} catch {
  [Console]::Out.Write((@{ status = 'error'; error = [string]$_.Exception.Message } | ConvertTo-Json -Compress)); exit 1
}

# Measures the decision of issue #14: filter W3C logs on the server (only directives, 401s and the
# handshake's success travel) or send every line. Writes a ~50 MB log with ~2 % 401s (one
# u_ex*.log, the default W3C fields), then times each way on this machine's pwsh and counts the
# JSON bytes each would send. Run: .tools/pwsh/pwsh -NoProfile -File bench/log-filter.ps1 [-Megabytes 50]
# (figures in docs/collector.md, "Log evidence").
param([int]$Megabytes = 50, [int]$Runs = 3)
$ErrorActionPreference = 'Stop'
$root = Join-Path $PSScriptRoot '..'
. (Join-Path $root 'remote/scripts/windows-layer.ps1')
# The collection script's functions, without running its document (everything above that marker).
$script = Get-Content -LiteralPath (Join-Path $root 'remote/scripts/collect-host.ps1') -Raw
$p = [pscustomobject]@{ logByteCap = [long]1GB }
. ([scriptblock]::Create($script.Substring(0, $script.IndexOf('# --- The document'))))

$dir = Join-Path ([IO.Path]::GetTempPath()) ('iisguard-logbench-' + [guid]::NewGuid().ToString('n'))
$folder = Join-Path $dir 'W3SVC1'
New-Item -ItemType Directory -Force -Path $folder | Out-Null
$file = Join-Path $folder 'u_ex261128.log'
$random = New-Object System.Random 14
$writer = New-Object System.IO.StreamWriter($file, $false, (New-Object System.Text.UTF8Encoding($false)))
$writer.Write("#Software: Microsoft Internet Information Services 10.0`r`n#Version: 1.0`r`n#Date: 2026-11-28 00:00:00`r`n")
$writer.Write("#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken`r`n")
$stems = @('/PM/helpdesk/', '/PM/admin/Default.aspx', '/PM/selfservice/reset', '/PM/selfservice/css/site.css', '/PM/helpdesk/api/tickets')
$entries = 0; $unauthorized = 0
while ($writer.BaseStream.Length -lt [long]$Megabytes * 1MB) {
  $second = $entries % 86400
  $time = '{0:D2}:{1:D2}:{2:D2}' -f [int][Math]::Floor($second / 3600), [int][Math]::Floor(($second % 3600) / 60), ($second % 60)
  $ip = '10.20.' + $random.Next(0, 40) + '.' + $random.Next(1, 254)
  $status = '200 0 0'
  $user = 'CORP\user' + $random.Next(1, 500)
  if ($random.Next(0, 100) -lt 2) { $status = $(if ($random.Next(0, 2) -eq 0) { '401 2 5' } else { '401 1 2148074254' }); $user = '-'; $unauthorized++ }
  $writer.Write("2026-11-28 $time 10.0.0.5 GET $($stems[$random.Next(0, $stems.Count)]) - 443 $user $ip Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64)+AppleWebKit/537.36 https://pm.corp.example.com/PM/ $status $($random.Next(1, 900))`r`n")
  $entries++
}
$writer.Dispose()
$bytes = (Get-Item -LiteralPath $file).Length

function Measure-Best([scriptblock]$Work) {
  $best = [double]::MaxValue; $result = $null
  for ($i = 0; $i -lt $Runs; $i++) {
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $result = & $Work
    $watch.Stop()
    $best = [Math]::Min($best, $watch.Elapsed.TotalMilliseconds)
  }
  return @{ ms = [Math]::Round($best); json = $result }
}

$site = [pscustomobject]@{ Name = 'Default Web Site'; Id = 1 }
$logFile = @{ directory = $dir; logFormat = 'W3C'; enabled = $true }
$filtered = Measure-Best {
  $budget = @{ lines = [long]::MaxValue; bytes = [long]::MaxValue; maxLines = 0; maxBytes = 0 }
  $read = Read-SiteLogs $site $logFile 24 ([long]1GB) $budget ([datetime]::UtcNow)
  @{ lines = $read.lines.ToArray() } | ConvertTo-Json -Compress -Depth 4
}
$everything = Measure-Best {
  @{ lines = [IO.File]::ReadAllLines($file) } | ConvertTo-Json -Compress -Depth 4
}
Remove-Item -LiteralPath $dir -Recurse -Force
$utf8 = New-Object System.Text.UTF8Encoding($false)
[pscustomobject]@{
  pwsh = $PSVersionTable.PSVersion.ToString()
  logBytes = $bytes
  entries = $entries
  unauthorized = $unauthorized
  filteredMs = $filtered.ms
  filteredJsonBytes = $utf8.GetByteCount($filtered.json)
  everyLineMs = $everything.ms
  everyLineJsonBytes = $utf8.GetByteCount($everything.json)
} | ConvertTo-Json

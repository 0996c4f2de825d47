# Pester tests of the log-evidence collection (issue #14) under a real PowerShell, on real W3C log
# files each test writes: the real Windows layer (Get-LogFiles, Open-LogFile) reads them; only
# ServerManager is mocked. Each test is named after the failure it pins.
BeforeAll {
  $root = Join-Path $PSScriptRoot '..' '..'
  . (Join-Path $root 'remote/scripts/windows-layer.ps1')
  $script:CollectScript = Join-Path $root 'remote/scripts/collect-host.ps1'

  function New-Element([hashtable]$Values = @{}) {
    $element = [pscustomobject]@{ Values = $Values }
    $element | Add-Member ScriptMethod GetAttributeValue { param($name) if ($this.Values.ContainsKey($name)) { $this.Values[$name] } else { $null } }
    $element | Add-Member ScriptMethod GetCollection { param($name) , @() }
    $element | Add-Member ScriptMethod GetChildElement { param($name) New-Element }
    return $element
  }
  # A <logFile> element as Microsoft.Web.Administration hands it out: GetAttribute(name) gives a
  # ConfigurationAttribute whose IsInheritedFromDefaultValue says the element does not set it.
  # Enumerations arrive as numbers (logFormat W3C = 2, period Daily = 1).
  $script:LogSchemaDefaults = @{ directory = '%SystemDrive%\inetpub\logs\LogFiles'; logFormat = 2; enabled = $true; period = 1 }
  function New-LogElement([hashtable]$Set = @{}) {
    $element = [pscustomobject]@{ Set = $Set }
    $element | Add-Member ScriptMethod GetAttribute {
      param($name)
      $set = $this.Set.ContainsKey($name)
      [pscustomobject]@{ Name = $name; Value = $(if ($set) { $this.Set[$name] } else { $LogSchemaDefaults[$name] }); IsInheritedFromDefaultValue = -not $set }
    }
    $element | Add-Member ScriptMethod GetAttributeValue { param($name) $this.GetAttribute($name).Value }
    return $element
  }

  # One server whose sites (@{ name; id; logFile = @{…} }) each have a root application.
  function New-LogManager($Sites, [hashtable]$SiteDefaults = @{}) {
    $manager = [pscustomobject]@{
      Sites = @($Sites | ForEach-Object {
        [pscustomobject]@{
          Name = $_.name; Id = $_.id
          Bindings = @()
          Applications = @([pscustomobject]@{ Path = '/'; ApplicationPoolName = 'PM'; VirtualDirectories = @([pscustomobject]@{ Path = '/'; PhysicalPath = 'C:\site' }) })
          LogFile = (New-LogElement $_.logFile)
        }
      })
      ApplicationPools = @([pscustomobject]@{ Name = 'PM'; ProcessModel = [pscustomobject]@{ IdentityType = 4; UserName = '' } })
      SiteDefaults = [pscustomobject]@{ LogFile = (New-LogElement $SiteDefaults) }
    }
    $manager | Add-Member ScriptMethod GetWebConfiguration {
      param($siteName, $path)
      $config = [pscustomobject]@{}
      $config | Add-Member ScriptMethod GetSection { param($name) New-Element @{ enabled = $false } }
      $config
    }
    $manager | Add-Member ScriptMethod GetApplicationHostConfiguration {
      $apphost = [pscustomobject]@{}
      $apphost | Add-Member ScriptMethod GetLocationPaths { , @() }
      $apphost | Add-Member ScriptMethod GetSection { param($name) New-Element }
      $apphost
    }
    return $manager
  }

  function Use-LogHost($Manager) {
    Mock Get-IisServerManager { $Manager }.GetNewClosure()
    Mock Get-ComputerSystem { [pscustomobject]@{ Name = 'WEB01'; PartOfDomain = $true; Domain = 'corp.example.com' } }
    Mock Get-RegistryValue { $null }
    Mock Test-RegistryKey { $false }
    Mock Get-WinHttpProxyText { 'Direct access (no proxy server).' }
    $drive = $script:Drive
    Mock Expand-WindowsPath { param($Path) $Path.Replace('%SystemDrive%', $drive) }.GetNewClosure()
    Mock Find-WebConfigFolders { @() }
    Mock Get-FolderAccessRules { @() }
    Mock ConvertTo-SidString { 'S-1-5-82-1' }
    Mock Get-UtcNow { [datetime]::UtcNow }
  }

  function Invoke-Collection([hashtable]$Params = @{}) {
    $all = @{ roles = @(); userSids = @(); paths = @(); logWindowHours = 24; logByteCap = 16777216; logMaxLines = 100000; logMaxBytes = 8388608 }
    foreach ($k in $Params.Keys) { $all[$k] = $Params[$k] }
    $json = & $script:CollectScript ([pscustomobject]$all) | ConvertTo-Json -Depth 16 -Compress
    return $json | ConvertFrom-Json
  }

  # Writes a log file of the site (W3SVC<id> below the log directory), last written $AgeHours ago.
  function Write-Log([string]$Name, [string[]]$Lines, [int]$SiteId = 1, [double]$AgeHours = 1, [switch]$Bom) {
    $folder = Join-Path $script:LogRoot ('W3SVC' + $SiteId)
    New-Item -ItemType Directory -Force -Path $folder | Out-Null
    $file = Join-Path $folder $Name
    [IO.File]::WriteAllText($file, (($Lines -join "`r`n") + "`r`n"), (New-Object System.Text.UTF8Encoding($Bom.IsPresent)))
    (Get-Item -LiteralPath $file).LastWriteTimeUtc = [datetime]::UtcNow.AddHours(-$AgeHours)
    return $file
  }

  $script:Header = @('#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', '#Date: 2026-11-28 00:00:00')
  $script:Fields = '#Fields: date time s-sitename s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken'
  function Entry([string]$Time, [string]$Ip, [string]$Status, [string]$Sub = '0', [string]$Win32 = '0', [string]$Stem = '/PM/helpdesk/', [string]$User = '-', [string]$Agent = 'Mozilla/5.0+(Windows+NT+10.0)') {
    "2026-11-28 $Time W3SVC1 10.0.0.5 GET $Stem - 443 $User $Ip $Agent $Status $Sub $Win32 15"
  }
  function Get-SiteLog($Doc, [string]$Site = 'Default Web Site') { @($Doc.logs | Where-Object { $_.site -eq $Site })[0] }
}

Describe 'collect-host.ps1: log evidence' {
  BeforeEach {
    $script:Drive = Join-Path ([IO.Path]::GetTempPath()) ('iisguard-logs-' + [guid]::NewGuid().ToString('n'))
    $script:LogRoot = Join-Path $script:Drive 'logs'
    New-Item -ItemType Directory -Force -Path $script:LogRoot | Out-Null
    Use-LogHost (New-LogManager @(@{ name = 'Default Web Site'; id = 1; logFile = @{} }) @{ directory = '%SystemDrive%/logs' })
  }
  AfterEach { Remove-Item -LiteralPath $script:Drive -Recurse -Force -ErrorAction SilentlyContinue }

  It 'a site without its own logFile takes siteDefaults (directory expanded, W3C, Daily); its own attributes win' {
    Use-LogHost (New-LogManager @(@{ name = 'A'; id = 1; logFile = @{} }, @{ name = 'B'; id = 2; logFile = @{ directory = 'D:\weblogs'; logFormat = 0; period = 4 } }) @{ directory = '%SystemDrive%\iislogs' })
    $doc = Invoke-Collection @{ logByteCap = 0 }
    $a = $doc.sites | Where-Object { $_.name -eq 'A' }
    $a.logFile.configuredDirectory | Should -Be '%SystemDrive%\iislogs'
    $a.logFile.directory | Should -Be ($script:Drive + '\iislogs')
    $a.logFile.logFormat | Should -Be 'W3C'
    $a.logFile.period | Should -Be 'Daily'
    $a.logFile.enabled | Should -BeTrue
    $b = $doc.sites | Where-Object { $_.name -eq 'B' }
    $b.logFile.directory | Should -Be 'D:\weblogs'
    $b.logFile.logFormat | Should -Be 'IIS'
    $b.logFile.period | Should -Be 'Hourly'
  }

  It 'logByteCap 0: no log is read and the answer has no logs part' {
    Write-Log 'u_ex261128.log' ($Header + $Fields + (Entry '10:00:00' '10.1.1.1' '401' '2' '5')) | Out-Null
    $doc = Invoke-Collection @{ logByteCap = 0 }
    $doc.PSObject.Properties.Name | Should -Not -Contain 'logs'
  }

  It 'the handshake: 401.2, 401.1 2148074254 and the 200 of the same client travel; 200s of other clients and later ones do not' {
    $handshake = @(
      (Entry '10:00:00' '10.1.1.1' '401' '2' '5'),
      (Entry '10:00:00' '10.9.9.9' '200'),
      (Entry '10:00:01' '10.1.1.1' '401' '1' '2148074254' -User '-'),
      (Entry '10:00:01' '10.1.1.1' '200' '0' '0' -User 'CORP\ann'),
      (Entry '10:00:02' '10.1.1.1' '200' '0' '0' -User 'CORP\ann'),
      (Entry '10:00:03' '10.9.9.9' '304')
    )
    Write-Log 'u_ex261128.log' ($Header + $Fields + $handshake) | Out-Null
    $log = Get-SiteLog (Invoke-Collection)
    $log.lines | Should -Be ($Header + $Fields + $handshake[0] + $handshake[2] + $handshake[3])
    $log.format | Should -Be 'W3C'
    $log.siteId | Should -Be 1
    $log.files[0].name | Should -Be 'u_ex261128.log'
    $log.files[0].truncated | Should -BeFalse
    @($log.problems).Count | Should -Be 0
  }

  It 'entries: every entry line read is counted, kept or not, so a site that served requests without a 401 is not taken for a quiet one' {
    Write-Log 'u_ex261127.log' ($Header + $Fields + (Entry '10:00:00' '10.1.1.1' '200') + (Entry '10:00:01' '10.2.2.2' '304')) -AgeHours 5 | Out-Null
    Write-Log 'u_ex261128.log' ($Header + $Fields + (Entry '10:00:00' '10.3.3.3' '200') + (Entry '10:00:02' '10.4.4.4' '401' '1' '1330')) -AgeHours 1 | Out-Null
    $log = Get-SiteLog (Invoke-Collection)
    $log.entries | Should -Be 4
    $log.lines | Should -Contain (Entry '10:00:02' '10.4.4.4' '401' '1' '1330')
  }

  It 'a field order change mid-file: sc-status is found where the latest #Fields puts it' {
    $moved = '#Fields: date time c-ip sc-status cs-method cs-uri-stem s-sitename cs(User-Agent)'
    Write-Log 'u_ex261128.log' ($Header + $Fields + (Entry '10:00:00' '10.1.1.1' '200') + $moved + '2026-11-28 11:00:00 10.2.2.2 401 GET /PM/admin/ W3SVC1 curl/8' + '2026-11-28 11:00:01 10.3.3.3 200 GET /PM/admin/ W3SVC1 curl/8') | Out-Null
    $log = Get-SiteLog (Invoke-Collection)
    $log.lines | Should -Be ($Header + $Fields + $moved + '2026-11-28 11:00:00 10.2.2.2 401 GET /PM/admin/ W3SVC1 curl/8')
  }

  It 'custom fields (IIS 8.5 customFields) are more columns: positions still come from #Fields' {
    $custom = '#Fields: date time c-ip X-Forwarded-For cs-uri-stem sc-status sc-substatus sc-win32-status crypt-protocol'
    Write-Log 'u_ex261128.log' ($Header + $custom + '2026-11-28 10:00:00 10.0.0.1 203.0.113.7,+198.51.100.2 /PM/ 401 1 1330 400' + '2026-11-28 10:00:01 10.0.0.1 - /401/ 200 0 0 400') | Out-Null
    $log = Get-SiteLog (Invoke-Collection)
    $log.lines | Should -Be ($Header + $custom + '2026-11-28 10:00:00 10.0.0.1 203.0.113.7,+198.51.100.2 /PM/ 401 1 1330 400' + '2026-11-28 10:00:01 10.0.0.1 - /401/ 200 0 0 400')
  }

  It 'rollover: two files in time order; a handshake that crosses the rollover keeps its success; a file older than the window is not read' {
    Write-Log 'u_ex261126.log' ($Header + $Fields + (Entry '23:59:59' '10.7.7.7' '401' '2' '5')) -AgeHours 30 | Out-Null
    Write-Log 'u_ex261127.log' ($Header + $Fields + (Entry '23:59:59' '10.1.1.1' '401' '2' '5')) -AgeHours 5 | Out-Null
    Write-Log 'u_ex261128.log' ($Header + $Fields + (Entry '00:00:01' '10.1.1.1' '200') + (Entry '00:00:02' '10.7.7.7' '200')) -AgeHours 1 | Out-Null
    $log = Get-SiteLog (Invoke-Collection)
    @($log.files.name) | Should -Be @('u_ex261127.log', 'u_ex261128.log')
    $log.lines | Should -Be ($Header + $Fields + (Entry '23:59:59' '10.1.1.1' '401' '2' '5') + $Header + $Fields + (Entry '00:00:01' '10.1.1.1' '200'))
  }

  It 'UTF-8 with and without a BOM read the same (the BOM does not glue itself to #Software)' {
    $lines = $Header + $Fields + (Entry '10:00:00' '10.1.1.1' '401' '2' '5' -Stem '/PM/Ünïcødé/')
    Write-Log 'u_ex261127.log' $lines -Bom -AgeHours 2 | Out-Null
    Write-Log 'u_ex261128.log' $lines | Out-Null
    $log = Get-SiteLog (Invoke-Collection)
    $log.lines | Should -Be ($lines + $lines)
  }

  It 'a file locked exclusively by another process is a problem naming it; the other files are read' {
    Write-Log 'u_ex261127.log' ($Header + $Fields + (Entry '10:00:00' '10.1.1.1' '401' '2' '5')) -AgeHours 2 | Out-Null
    $locked = Write-Log 'u_ex261128.log' ($Header + $Fields + (Entry '11:00:00' '10.2.2.2' '401' '2' '5'))
    $lock = [IO.File]::Open($locked, [IO.FileMode]::Open, [IO.FileAccess]::ReadWrite, [IO.FileShare]::None)
    try { $log = Get-SiteLog (Invoke-Collection) } finally { $lock.Dispose() }
    $log.lines | Should -Be ($Header + $Fields + (Entry '10:00:00' '10.1.1.1' '401' '2' '5'))
    @($log.problems) | Should -HaveCount 1
    $log.problems[0] | Should -Match '^u_ex261128\.log: .*being used by another process'
  }

  It 'a missing log folder is a problem naming the folder, not a failure of the host' {
    $doc = Invoke-Collection
    $log = Get-SiteLog $doc
    @($log.lines).Count | Should -Be 0
    $log.problems[0] | Should -Match "log folder '.*W3SVC1' does not exist"
    $doc.sites[0].name | Should -Be 'Default Web Site'
  }

  It 'a very long line is skipped and counted; the 401s after it still travel' {
    $long = Entry '10:00:00' '10.1.1.1' '401' '2' '5' -Agent ('A' * 40000)
    Write-Log 'u_ex261128.log' ($Header + $Fields + $long + (Entry '10:00:01' '10.2.2.2' '401' '2' '5')) | Out-Null
    $log = Get-SiteLog (Invoke-Collection)
    $log.lines | Should -Be ($Header + $Fields + (Entry '10:00:01' '10.2.2.2' '401' '2' '5'))
    $log.problems | Should -Contain 'u_ex261128.log: 1 line(s) longer than 16384 characters skipped'
  }

  It 'the byte cap: the newest file is read from a line boundary with the #Fields in force there; older files are named as not read' {
    $filler = @(1..200 | ForEach-Object { Entry '09:00:00' '10.9.9.9' '200' })
    Write-Log 'u_ex261127.log' ($Header + $Fields + (Entry '08:00:00' '10.3.3.3' '401' '2' '5')) -AgeHours 3 | Out-Null
    Write-Log 'u_ex261128.log' ($Header + $Fields + (Entry '08:30:00' '10.4.4.4' '401' '2' '5') + $filler + (Entry '10:00:00' '10.1.1.1' '401' '2' '5')) | Out-Null
    $log = Get-SiteLog (Invoke-Collection @{ logByteCap = 4096 })
    $log.lines | Should -Be ($Header + $Fields + (Entry '10:00:00' '10.1.1.1' '401' '2' '5'))
    $log.files[0].truncated | Should -BeTrue
    $log.files[0].readFromByte | Should -BeGreaterThan 0
    $log.problems | Should -Contain 'byte cap reached (4096 bytes): 1 older file(s) in the window were not read'
    ($log.problems -join "`n") | Should -Match 'u_ex261128\.log: byte cap reached: read from byte \d+'
  }

  It 'logFormat IIS and logging disabled are problems, not reads' {
    Use-LogHost (New-LogManager @(@{ name = 'Legacy'; id = 2; logFile = @{ logFormat = 0 } }, @{ name = 'Quiet'; id = 3; logFile = @{ enabled = $false } }) @{ directory = '%SystemDrive%/logs' })
    $doc = Invoke-Collection
    (Get-SiteLog $doc 'Legacy').problems | Should -Be @('logFormat IIS: only W3C is read')
    (Get-SiteLog $doc 'Quiet').problems | Should -Be @('logging is disabled for this site (logFile enabled=false)')
  }

  It 'the host cap on lines that travel is kept and said' {
    Write-Log 'u_ex261128.log' ($Header + $Fields + (Entry '10:00:00' '10.1.1.1' '401' '2' '5') + (Entry '10:00:01' '10.2.2.2' '401' '2' '5')) | Out-Null
    $log = Get-SiteLog (Invoke-Collection @{ logMaxLines = 5 })
    @($log.lines).Count | Should -Be 5
    ($log.problems -join "`n") | Should -Match "cap on log lines that travel was reached \(5 lines"
  }
}

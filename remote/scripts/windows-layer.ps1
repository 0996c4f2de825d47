# iisguard's Windows layer: the only code that touches Windows. Every function is a thin call to
# one documented API and returns what that API returns; deciding what the values mean is the job of
# collect-host.ps1, which runs for real under PowerShell in the tests while this layer is replaced by
# stand-ins serving fixture data (emulator/powershell/standin-layer.ps1, same function names).
# docs/collector.md maps every fact to the call that reads it. Windows PowerShell 5.1 compatible.

# Microsoft.Web.Administration's ServerManager: one object model for sites, pools and the effective
# configuration of any path (GetWebConfiguration merges applicationHost.config <location> tags and
# every web.config down to that path). It ships with IIS in %windir%\System32\inetsrv.
# https://learn.microsoft.com/dotnet/api/microsoft.web.administration.servermanager
function Get-IisServerManager {
  $dll = Join-Path $env:windir 'System32\inetsrv\Microsoft.Web.Administration.dll'
  [void][Reflection.Assembly]::LoadFrom($dll)
  return New-Object Microsoft.Web.Administration.ServerManager
}

# One registry value, as Get-ItemProperty returns it (REG_MULTI_SZ: string[]; REG_DWORD: int;
# REG_BINARY: byte[]); $null when the key or the value does not exist.
function Get-RegistryValue([string]$Path, [string]$Name) {
  $item = Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction SilentlyContinue
  if ($null -eq $item) { return $null }
  return $item.$Name
}

function Test-RegistryKey([string]$Path) {
  return [bool](Test-Path -LiteralPath $Path)
}

# The access rules of a folder in DACL order (FileSystemAccessRule objects).
function Get-FolderAccessRules([string]$Path) {
  return (Get-Acl -LiteralPath $Path).Access
}

# An IdentityReference (or account name) as a SID string; throws when the account cannot be mapped.
function ConvertTo-SidString($Identity) {
  if ($Identity -is [Security.Principal.SecurityIdentifier]) { return $Identity.Value }
  if ($Identity -isnot [Security.Principal.IdentityReference]) { $Identity = New-Object Security.Principal.NTAccount([string]$Identity) }
  return $Identity.Translate([Security.Principal.SecurityIdentifier]).Value
}

# The members of a group given by SID, as @{ name; sid } (one level). Local groups through the
# WinNT ADSI provider, which lists orphaned SIDs instead of failing on them the way
# Get-LocalGroupMember does (PowerShell/PowerShell#2996); domain groups through
# System.DirectoryServices.AccountManagement, which needs the directory to be reachable from this
# session. Throws with the reason when membership cannot be read.
function Get-GroupMembers([string]$Sid) {
  $id = New-Object Security.Principal.SecurityIdentifier($Sid)
  $account = $id.Translate([Security.Principal.NTAccount]).Value
  $domain, $name = $account.Split('\', 2)
  if ($domain -eq 'BUILTIN' -or $domain -eq $env:COMPUTERNAME) {
    $group = [ADSI]("WinNT://$env:COMPUTERNAME/$name,group")
    return @($group.Invoke('Members') | ForEach-Object {
      $bytes = $_.GetType().InvokeMember('objectSid', 'GetProperty', $null, $_, $null)
      $memberSid = New-Object Security.Principal.SecurityIdentifier($bytes, 0)
      $memberName = $memberSid.Value
      try { $memberName = $memberSid.Translate([Security.Principal.NTAccount]).Value } catch { }
      @{ name = $memberName; sid = $memberSid.Value }
    })
  }
  [void][Reflection.Assembly]::Load('System.DirectoryServices.AccountManagement, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089')
  $context = New-Object System.DirectoryServices.AccountManagement.PrincipalContext([System.DirectoryServices.AccountManagement.ContextType]::Domain)
  $group = [System.DirectoryServices.AccountManagement.GroupPrincipal]::FindByIdentity($context, [System.DirectoryServices.AccountManagement.IdentityType]::Sid, $Sid)
  if ($null -eq $group) { throw "the domain does not know group $account" }
  return @($group.GetMembers($false) | ForEach-Object {
    $memberName = [string]$_.SamAccountName
    try { $memberName = $_.Sid.Translate([Security.Principal.NTAccount]).Value } catch { }
    @{ name = $memberName; sid = $_.Sid.Value }
  })
}

# Win32_ComputerSystem: Name, PartOfDomain, Domain.
function Get-ComputerSystem {
  return Get-CimInstance -ClassName Win32_ComputerSystem
}

# The machine's clock (UTC): Kerberos refuses tickets beyond five minutes of skew.
function Get-UtcNow {
  return (Get-Date).ToUniversalTime()
}

# WinHTTP's machine-wide proxy as netsh prints it.
function Get-WinHttpProxyText {
  return [string]((netsh winhttp show proxy) -join "`n")
}

# %SystemDrive%\inetpub\wwwroot → C:\inetpub\wwwroot (IIS stores physical paths unexpanded).
function Expand-WindowsPath([string]$Path) {
  return [Environment]::ExpandEnvironmentVariables($Path)
}

# Folders below a physical path that hold a web.config, as paths relative to it ('' is the folder
# itself), at most $Depth levels down and $Limit folders.
function Find-WebConfigFolders([string]$Path, [int]$Depth, [int]$Limit) {
  if (-not (Test-Path -LiteralPath $Path -PathType Container)) { return @() }
  $root = (Get-Item -LiteralPath $Path).FullName.TrimEnd('\', '/')
  return @(Get-ChildItem -LiteralPath $root -Filter 'web.config' -File -Recurse -Depth $Depth -ErrorAction SilentlyContinue |
    Select-Object -First $Limit | ForEach-Object { $_.DirectoryName.Substring($root.Length).TrimStart('\', '/') })
}

# The log files of one site, as FileInfo objects (Name, FullName, Length, LastWriteTimeUtc). IIS
# writes a site's logs to <logFile.directory>\W3SVC<site id>\ (the site's <logFile> element:
# https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/logfile/).
# Throws, naming the folder, when it does not exist.
function Get-LogFiles([string]$Directory, [long]$SiteId) {
  $folder = Join-Path $Directory ('W3SVC' + $SiteId)
  if (-not (Test-Path -LiteralPath $folder -PathType Container)) { throw "log folder '$folder' does not exist" }
  return @(Get-ChildItem -LiteralPath $folder -Filter '*.log' -File -ErrorAction Stop)
}

# Opens a log file to read while IIS holds it open for writing: our FileShare must allow the
# writer's access (FileShare.ReadWrite, https://learn.microsoft.com/dotnet/api/system.io.fileshare),
# or the open fails with a sharing violation. A file another process opened without sharing
# still fails (IOException): the caller reports it and reads the others.
function Open-LogFile([string]$Path) {
  return [IO.File]::Open($Path, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]::ReadWrite)
}

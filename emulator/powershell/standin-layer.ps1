# Stand-in for remote/scripts/windows-layer.ps1 on an emulated host: the same functions, answering
# from a fixture directory instead of Windows ($env:IISGUARD_WINDOWS_FIXTURE):
#   applicationHost.config   IIS configuration as on disk (sites, pools, <location> tags, sections)
#   files/<drive>/<path>     the content folders, with their web.config files (C:\x → files/C/x)
#   machine.json             what is not IIS configuration: computer, registry, accounts, groups, ACLs
# The ServerManager stand-in implements the part of Microsoft.Web.Administration the collection
# script uses, with the configuration system's documented merge: a section's levels are the
# applicationHost.config root, its <location> tags, then each web.config down the virtual path (and
# its <location> tags), most general first; attributes of a deeper level override; collection
# elements are appended, <remove> drops the matching element, <clear/> drops everything inherited
# ("How configuration merging works", iis-docs get-started/planning-your-iis-architecture/
# introduction-to-applicationhostconfig). Locking (overrideMode) is not emulated.
# PowerShell 7 only: it runs on the emulator, never on a Windows host. Its state is global
# ($global:StandIn*): the layer is dot-sourced by the bootstrap and called from the script's scope.

$global:StandInFixture = $env:IISGUARD_WINDOWS_FIXTURE
if (-not $global:StandInFixture) { throw 'IISGUARD_WINDOWS_FIXTURE is not set: the stand-in layer has no host to play' }
$global:StandInMachine = Get-Content -LiteralPath (Join-Path $global:StandInFixture 'machine.json') -Raw -Encoding utf8 | ConvertFrom-Json -AsHashtable

# Attribute types and defaults of the sections the collector reads, from the IIS schema
# (%windir%\System32\inetsrv\config\schema\IIS_schema.xml, as the iis-docs configuration reference
# lists them). Types decide what GetAttributeValue returns: bool, int (enums and flags), string.
$global:StandInEnums = @{
  accessType = @{ Allow = 0; Deny = 1 }
  # ipSecurity and dynamicIpSecurity denyAction: the enumeration's values are the status codes.
  denyAction = @{ AbortRequest = 0; Unauthorized = 401; Forbidden = 403; NotFound = 404 }
  sslFlags = @{ None = 0; Ssl = 8; SslNegotiateCert = 32; SslRequireCert = 64; SslMapCert = 128; Ssl128 = 256 }
  # <logFile> (iis-docs configuration/system.applicationHost/sites/site/logFile): logFormat, period.
  logFormat = @{ IIS = 0; NCSA = 1; W3C = 2; Custom = 3 }
  period = @{ MaxSize = 0; Daily = 1; Weekly = 2; Monthly = 3; Hourly = 4 }
}
# The <logFile> schema's own defaults (the same reference): W3C, daily, enabled, under inetpub.
$global:StandInLogFileDefaults = @{ directory = '%SystemDrive%\inetpub\logs\LogFiles'; logFormat = 2; enabled = $true; period = 1 }
$global:StandInBooleans = @('enabled', 'useKernelMode', 'useAppPoolCredentials', 'allowUnlisted', 'enableReverseDns', 'allowed', 'enableLoggingOnlyMode', 'enableProxyMode', 'notListedIsapisAllowed', 'notListedCgisAllowed')
# 'enabled' defaults to false for the authentication sections and the dynamic limits; the fixtures
# always write it for ISAPI filters, whose schema default is true.
$global:StandInDefaults = @{
  enabled = $false; useKernelMode = $true; useAppPoolCredentials = $false; sslFlags = 0; userName = 'IUSR'; users = ''; roles = ''; verbs = ''; type = ''
  allowUnlisted = $true; enableReverseDns = $false; denyAction = 403; allowed = $false; ipAddress = ''; subnetMask = '255.255.255.255'; domainName = ''
  enableLoggingOnlyMode = $false; maxConcurrentRequests = 5; maxRequests = 20; requestIntervalInMilliseconds = 200
  notListedIsapisAllowed = $false; notListedCgisAllowed = $false; name = ''; path = ''; verb = ''; modules = ''; scriptProcessor = ''; preCondition = ''
}

function ConvertTo-TypedValue([string]$Name, [string]$Text) {
  if ($global:StandInBooleans -contains $Name) { return $Text -eq 'true' }
  if ($global:StandInEnums.ContainsKey($Name)) {
    $total = 0
    foreach ($part in $Text.Split(',')) { $total = $total -bor $global:StandInEnums[$Name][$part.Trim()] }
    return $total
  }
  return $Text
}

class StandInElement {
  [string]$ElementTagName
  [hashtable]$Values = @{}
  [System.Collections.Generic.List[object]]$Items = [System.Collections.Generic.List[object]]::new()
  [hashtable]$Children = @{}
  # Defaults of this element's own schema, before the shared ones (<logFile>'s enabled is true).
  [hashtable]$SchemaDefaults = @{}

  [object] GetAttributeValue([string]$Name) {
    if ($this.Values.ContainsKey($Name)) { return $this.Values[$Name] }
    if ($this.SchemaDefaults.ContainsKey($Name)) { return $this.SchemaDefaults[$Name] }
    if ($global:StandInDefaults.ContainsKey($Name)) { return $global:StandInDefaults[$Name] }
    throw "Unrecognized attribute '$Name'"
  }
  [object[]] GetCollection() { return $this.Items.ToArray() }
  # A ConfigurationAttribute: the value, and whether this element leaves it to the schema default.
  [object] GetAttribute([string]$Name) {
    return [pscustomobject]@{ Name = $Name; Value = $this.GetAttributeValue($Name); IsInheritedFromDefaultValue = -not $this.Values.ContainsKey($Name) }
  }
  # A child element such as dynamicIpSecurity/denyByRequestRate: an empty one (schema defaults) when the configuration has none.
  [object] GetChildElement([string]$Name) {
    if ($this.Children.ContainsKey($Name)) { return $this.Children[$Name] }
    return [StandInElement]::new()
  }
  [object[]] GetCollection([string]$Name) {
    if ($this.Children.ContainsKey($Name)) { return $this.Children[$Name].Items.ToArray() }
    return @()
  }

  # One more level of configuration: attributes override, collection elements merge.
  [void] Merge([System.Xml.XmlElement]$Xml) {
    foreach ($attribute in $Xml.Attributes) { $this.Values[$attribute.Name] = ConvertTo-TypedValue $attribute.Name $attribute.Value }
    foreach ($child in $Xml.ChildNodes) {
      if ($child -isnot [System.Xml.XmlElement]) { continue }
      switch ($child.LocalName) {
        'clear' { $this.Items.Clear() }
        'remove' {
          $match = $child
          $this.Items.RemoveAll({ param($item) [StandInElement]::SameKey($item, $match) }) | Out-Null
        }
        { $_ -in 'add', 'allow', 'deny', 'filter' } {
          $item = [StandInElement]::new()
          $item.ElementTagName = $child.LocalName
          $item.Merge($child)
          $this.Items.Add($item)
        }
        default {
          if (-not $this.Children.ContainsKey($child.LocalName)) { $this.Children[$child.LocalName] = [StandInElement]::new() }
          $this.Children[$child.LocalName].Merge($child)
        }
      }
    }
  }

  static [bool] SameKey([StandInElement]$Item, [System.Xml.XmlElement]$Remove) {
    foreach ($attribute in $Remove.Attributes) {
      if ([string]$Item.Values[$attribute.Name] -ne [string](ConvertTo-TypedValue $attribute.Name $attribute.Value)) { return $false }
    }
    return $true
  }
}

function Get-XmlSection([System.Xml.XmlNode]$Root, [string]$SectionPath) {
  $node = $Root
  foreach ($part in $SectionPath.Split('/')) {
    if ($null -eq $node) { return $null }
    $node = $node.SelectSingleNode($part)
  }
  return $node
}

function ConvertTo-FixturePath([string]$WindowsPath) {
  $expanded = Expand-WindowsPath $WindowsPath
  if ($expanded -notmatch '^([A-Za-z]):\\?(.*)$') { return $null }
  $relative = $Matches[2] -replace '\\', '/'
  return (Join-Path (Join-Path (Join-Path $global:StandInFixture 'files') $Matches[1].ToUpper()) $relative).TrimEnd('/')
}

function Read-XmlFile([string]$File) {
  if (-not (Test-Path -LiteralPath $File)) { return $null }
  $xml = [xml]::new()
  $xml.Load($File)
  return $xml
}

class StandInConfiguration {
  [object]$Manager
  [string]$Site
  [string]$Path
  [object] GetSection([string]$SectionPath) { return $this.Manager.MergedSection($this.Site, $this.Path, $SectionPath) }
  [string[]] GetLocationPaths() { return @() }
}

class StandInAppHost {
  [xml]$Xml
  [object] GetSection([string]$SectionPath) {
    $section = [StandInElement]::new()
    $node = Get-XmlSection $this.Xml.configuration $SectionPath
    if ($null -ne $node) { $section.Merge($node) }
    return $section
  }
  [string[]] GetLocationPaths() { return @($this.Xml.configuration.SelectNodes('location') | ForEach-Object { $_.GetAttribute('path') }) }
}

# A <logFile> element (of a site, or of <siteDefaults>) with its schema's defaults.
function New-StandInLogFile([System.Xml.XmlNode]$Xml) {
  $element = [StandInElement]::new()
  $element.SchemaDefaults = $global:StandInLogFileDefaults
  if ($null -ne $Xml) { $element.Merge($Xml) }
  return $element
}

class StandInServerManager {
  [xml]$AppHost
  [object[]]$Sites
  [object[]]$ApplicationPools
  [object]$SiteDefaults

  StandInServerManager([xml]$AppHost) {
    $this.AppHost = $AppHost
    $hostConfig = $AppHost.configuration.'system.applicationHost'
    $this.ApplicationPools = @($hostConfig.applicationPools.SelectNodes('add') | ForEach-Object {
      $model = $_.SelectSingleNode('processModel')
      $identity = 'ApplicationPoolIdentity'
      $user = ''
      if ($null -ne $model) {
        if ($model.GetAttribute('identityType')) { $identity = $model.GetAttribute('identityType') }
        $user = $model.GetAttribute('userName')
      }
      [pscustomobject]@{ Name = $_.GetAttribute('name'); ProcessModel = [pscustomobject]@{ IdentityType = $identity; UserName = $user } }
    })
    $defaultPool = 'DefaultAppPool'
    $defaults = $hostConfig.sites.SelectSingleNode('applicationDefaults')
    if ($null -ne $defaults -and $defaults.GetAttribute('applicationPool')) { $defaultPool = $defaults.GetAttribute('applicationPool') }
    $this.SiteDefaults = [pscustomobject]@{ LogFile = (New-StandInLogFile $hostConfig.sites.SelectSingleNode('siteDefaults/logFile')) }
    $this.Sites = @($hostConfig.sites.SelectNodes('site') | ForEach-Object {
      $siteXml = $_
      $sitePool = $defaultPool
      $siteDefaults = $siteXml.SelectSingleNode('applicationDefaults')
      if ($null -ne $siteDefaults -and $siteDefaults.GetAttribute('applicationPool')) { $sitePool = $siteDefaults.GetAttribute('applicationPool') }
      [pscustomobject]@{
        Name = $siteXml.GetAttribute('name')
        Id = [long]$siteXml.GetAttribute('id')
        LogFile = (New-StandInLogFile $siteXml.SelectSingleNode('logFile'))
        Bindings = @($siteXml.SelectNodes('bindings/binding') | ForEach-Object { [pscustomobject]@{ Protocol = $_.GetAttribute('protocol'); BindingInformation = $_.GetAttribute('bindingInformation') } })
        Applications = @($siteXml.SelectNodes('application') | ForEach-Object {
          $pool = $sitePool
          if ($_.GetAttribute('applicationPool')) { $pool = $_.GetAttribute('applicationPool') }
          [pscustomobject]@{
            Path = $_.GetAttribute('path')
            ApplicationPoolName = $pool
            VirtualDirectories = @($_.SelectNodes('virtualDirectory') | ForEach-Object { [pscustomobject]@{ Path = $_.GetAttribute('path'); PhysicalPath = $_.GetAttribute('physicalPath') } })
          }
        })
      }
    })
  }

  [object] GetApplicationHostConfiguration() { return [StandInAppHost]@{ Xml = $this.AppHost } }

  [object] GetWebConfiguration([string]$Site, [string]$Path) {
    if (-not ($this.Sites | Where-Object { $_.Name -eq $Site })) { throw "site '$Site' does not exist" }
    return [StandInConfiguration]@{ Manager = $this; Site = $Site; Path = $Path }
  }

  # The physical folder of a virtual path: the deepest application or virtual directory above it.
  [string] PhysicalFolder([string]$Site, [string]$Path) {
    $siteObject = $this.Sites | Where-Object { $_.Name -eq $Site }
    $best = $null; $bestPath = ''
    foreach ($app in $siteObject.Applications) {
      foreach ($vdir in $app.VirtualDirectories) {
        $mount = ($app.Path.TrimEnd('/') + '/' + $vdir.Path.Trim('/')).TrimEnd('/')
        if ($mount -eq '' -or $Path -eq $mount -or $Path.StartsWith($mount + '/', [StringComparison]::OrdinalIgnoreCase)) {
          if ($null -eq $best -or $mount.Length -ge $bestPath.Length) { $best = $vdir.PhysicalPath; $bestPath = $mount }
        }
      }
    }
    if ($null -eq $best) { return $null }
    $relative = $Path.Substring($bestPath.Length).Trim('/')
    $root = ConvertTo-FixturePath $best
    if ($relative -eq '') { return $root }
    return Join-Path $root $relative
  }

  [object] MergedSection([string]$Site, [string]$Path, [string]$SectionPath) {
    $section = [StandInElement]::new()
    $segments = @($Path.Trim('/').Split('/') | Where-Object { $_ -ne '' })
    $prefixes = @('/')
    for ($i = 0; $i -lt $segments.Count; $i++) { $prefixes += '/' + ($segments[0..$i] -join '/') }
    # The framework's root web.config (ASP.NET's machine-level rules), then applicationHost.config:
    # its root, then <location> tags from the most general path down.
    $framework = Read-XmlFile (Join-Path $global:StandInFixture 'rootWeb.config')
    if ($null -ne $framework) {
      $node = Get-XmlSection $framework.configuration $SectionPath
      if ($null -ne $node) { $section.Merge($node) }
    }
    $root = Get-XmlSection $this.AppHost.configuration $SectionPath
    if ($null -ne $root) { $section.Merge($root) }
    $locations = @('') + @($prefixes | ForEach-Object { ($Site + $_).TrimEnd('/') })
    foreach ($location in $locations) {
      foreach ($tag in $this.AppHost.configuration.SelectNodes('location')) {
        if ($tag.GetAttribute('path').Trim('/') -eq $location) {
          $node = Get-XmlSection $tag $SectionPath
          if ($null -ne $node) { $section.Merge($node) }
        }
      }
    }
    # web.config files down the virtual path, each with its own <location> tags below it.
    foreach ($prefix in $prefixes) {
      $folder = $this.PhysicalFolder($Site, $prefix)
      if ($null -eq $folder) { continue }
      $file = Read-XmlFile (Join-Path $folder 'web.config')
      if ($null -eq $file) { continue }
      $node = Get-XmlSection $file.configuration $SectionPath
      if ($null -ne $node) { $section.Merge($node) }
      foreach ($tag in $file.configuration.SelectNodes('location')) {
        $target = ($prefix.TrimEnd('/') + '/' + $tag.GetAttribute('path').Trim('/')).TrimEnd('/')
        if ($target -eq '') { $target = '/' }
        if ($prefixes -contains $target -and $target -ne $prefix) {
          $node = Get-XmlSection $tag $SectionPath
          if ($null -ne $node) { $section.Merge($node) }
        }
      }
    }
    return $section
  }
}

function Get-IisServerManager {
  $file = Join-Path $global:StandInFixture 'applicationHost.config'
  return [StandInServerManager]::new((Read-XmlFile $file))
}

function Get-RegistryValue([string]$Path, [string]$Name) {
  $key = $global:StandInMachine.registry[$Path]
  if ($null -eq $key -or -not $key.ContainsKey($Name)) { return $null }
  $value = $key[$Name]
  # REG_BINARY is stored as { binary: base64 }, REG_MULTI_SZ as a list (string[] as Get-ItemProperty gives it).
  if ($value -is [hashtable] -and $value.ContainsKey('binary')) { return [byte[]][Convert]::FromBase64String($value.binary) }
  if ($value -is [System.Collections.IList]) { return [string[]]@($value) }
  return $value
}

function Test-RegistryKey([string]$Path) {
  return $global:StandInMachine.registry.ContainsKey($Path)
}

function Get-FolderAccessRules([string]$Path) {
  $rules = $global:StandInMachine.acls[$Path]
  if ($null -eq $rules) { throw "Cannot find path '$Path' because it does not exist." }
  # FileSystemAccessRule cannot be built on Linux: objects of the same shape, typed by name.
  return @($rules | ForEach-Object {
    [pscustomobject]@{
      PSTypeName = 'System.Security.AccessControl.FileSystemAccessRule'
      IdentityReference = [pscustomobject]@{ Value = $_.identity }
      FileSystemRights = [int]$_.rights
      AccessControlType = [int]$_.type
      InheritanceFlags = [int]$_.inheritance
      PropagationFlags = [int]$_.propagation
      IsInherited = [bool]$_.inherited
    }
  })
}

function ConvertTo-SidString($Identity) {
  $name = [string]$Identity
  if ($null -ne $Identity.Value) { $name = [string]$Identity.Value }
  if ($name -match '^S-1-') { return $name }
  foreach ($account in $global:StandInMachine.accounts.Keys) {
    if ($account -eq $name) { return $global:StandInMachine.accounts[$account] }
  }
  throw "Some or all identity references could not be translated."
}

function Get-GroupMembers([string]$Sid) {
  $group = $global:StandInMachine.groups[$Sid]
  if ($null -eq $group) { throw "group $Sid has no stand-in" }
  if ($group.ContainsKey('error')) { throw $group.error }
  return @($group.members | ForEach-Object { @{ name = $_.name; sid = $_.sid } })
}

function Get-ComputerSystem {
  $computer = $global:StandInMachine.computer
  return [pscustomobject]@{ Name = $computer.name; PartOfDomain = $computer.partOfDomain; Domain = $computer.domain }
}

function Get-UtcNow {
  return (Get-Date).ToUniversalTime().AddMilliseconds([double]$global:StandInMachine.clockOffsetMs)
}

function Get-WinHttpProxyText {
  return [string]$global:StandInMachine.winhttp
}

function Expand-WindowsPath([string]$Path) {
  return [regex]::Replace($Path, '%([^%]+)%', { param($m) $value = $global:StandInMachine.env[$m.Groups[1].Value]; if ($null -eq $value) { $m.Value } else { $value } })
}

function Find-WebConfigFolders([string]$Path, [int]$Depth, [int]$Limit) {
  $root = ConvertTo-FixturePath $Path
  if ($null -eq $root -or -not (Test-Path -LiteralPath $root -PathType Container)) { return @() }
  return @(Get-ChildItem -LiteralPath $root -Filter 'web.config' -File -Recurse -Depth $Depth |
    Select-Object -First $Limit | ForEach-Object { $_.DirectoryName.Substring($root.Length).TrimStart('/') -replace '/', '\' })
}

# A site's log folder as Windows names it (<directory>\W3SVC<id>), read from the fixture's files/.
function Get-LogFiles([string]$Directory, [long]$SiteId) {
  $folder = $Directory.TrimEnd('\') + '\W3SVC' + $SiteId
  $local = ConvertTo-FixturePath $folder
  if ($null -eq $local -or -not (Test-Path -LiteralPath $local -PathType Container)) { throw "log folder '$folder' does not exist" }
  return @(Get-ChildItem -LiteralPath $local -Filter '*.log' -File -ErrorAction Stop)
}

# The files are real files of the fixture: opened as the real layer opens them.
function Open-LogFile([string]$Path) {
  return [IO.File]::Open($Path, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]::ReadWrite)
}

# iisguard host collection: one batched script per host that returns every fact the rules need as
# one object (the bootstrap turns it into JSON). It calls Windows only through the functions of
# windows-layer.ps1 (sent with it); everything here is logic that runs under a real PowerShell in
# the tests. Parameters arrive as data in $p (parsed from the JSON on stdin): $p.roles (group names
# to resolve beside those the configuration names), $p.userSids (users whose WinINet proxy settings
# matter), $p.paths (@{ site; path } the declaration names). Nothing is built from them as script text.
# Shape: remote/facts-document.ts (schema 2). Every section is read on its own: a section that fails
# is sent as @{ error = why } and the rest of the host is still read. Windows PowerShell 5.1 syntax.
param($p)

$MaxPathsPerSite = 500
$MaxPrincipals = 500
$WebConfigDepth = 8

# --- Values as the configuration system hands them out -------------------------------------------
# ServerManager's GetAttributeValue returns plain values; the IIS provider's cmdlets return a
# ConfigurationAttribute for some attributes and plain values for others (collector-review defect 3).
function Get-PlainValue($Value) {
  if ($null -eq $Value) { return $null }
  $types = $Value.PSObject.TypeNames
  if ($types -contains 'Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute' -or $types -contains 'Microsoft.Web.Administration.ConfigurationAttribute') {
    return $Value.Value
  }
  return $Value
}

function Get-Attr($Element, [string]$Name) {
  return Get-PlainValue ($Element.GetAttributeValue($Name))
}

# [bool]'False' is $true in PowerShell: booleans that arrive as text are compared, not cast.
function ConvertTo-Flag($Value) {
  if ($null -eq $Value) { return $null }
  if ($Value -is [bool]) { return $Value }
  if ($Value -is [string]) { return $Value.Trim() -eq 'true' }
  return [int]$Value -ne 0
}

# Enumerations arrive as numbers (ServerManager) or names (the provider): names are sent.
function ConvertTo-EnumName($Value, [hashtable]$Names) {
  if ($null -eq $Value) { return $null }
  if ($Value -is [string]) { return $Value.Trim() }
  $number = [int]$Value
  if ($Names.ContainsKey($number)) { return $Names[$number] }
  return [string]$number
}

# system.webServer/security/access sslFlags (iis-docs configuration/system.webServer/security/access).
$SslFlagValues = [ordered]@{ Ssl = 8; SslNegotiateCert = 32; SslRequireCert = 64; SslMapCert = 128; Ssl128 = 256 }
function ConvertTo-SslFlagNames($Value) {
  if ($null -eq $Value) { return 'None' }
  if ($Value -is [string]) { return $Value }
  $number = [int]$Value
  $names = @($SslFlagValues.Keys | Where-Object { ($number -band $SslFlagValues[$_]) -ne 0 })
  if ($names.Count -eq 0) { return 'None' }
  return $names -join ','
}

# Runs one read; its failure becomes @{ error = why } in the document instead of ending the host.
function Read-Safely([scriptblock]$Read) {
  try { return (& $Read) } catch { return @{ error = [string]$_.Exception.Message } }
}

# --- Configuration of one path -------------------------------------------------------------------
function Read-Authentication($Config) {
  $base = 'system.webServer/security/authentication/'
  $anonymous = $Config.GetSection($base + 'anonymousAuthentication')
  $windows = $Config.GetSection($base + 'windowsAuthentication')
  return @{
    anonymous = @{ enabled = ConvertTo-Flag (Get-Attr $anonymous 'enabled'); userName = [string](Get-Attr $anonymous 'userName') }
    basic = @{ enabled = ConvertTo-Flag (Get-Attr ($Config.GetSection($base + 'basicAuthentication')) 'enabled') }
    windows = @{
      enabled = ConvertTo-Flag (Get-Attr $windows 'enabled')
      providers = @(foreach ($provider in $windows.GetCollection('providers')) { [string](Get-Attr $provider 'value') })
      useKernelMode = ConvertTo-Flag (Get-Attr $windows 'useKernelMode')
      useAppPoolCredentials = ConvertTo-Flag (Get-Attr $windows 'useAppPoolCredentials')
    }
    digest = @{ enabled = ConvertTo-Flag (Get-Attr ($Config.GetSection($base + 'digestAuthentication')) 'enabled') }
    clientCertificate = @{ enabled = ConvertTo-Flag (Get-Attr ($Config.GetSection($base + 'iisClientCertificateMappingAuthentication')) 'enabled') }
  }
}

# The effective IIS URL authorization collection at the path (inherited rules included, <clear/>
# and <remove> applied), with verbs (iis-docs configuration/system.webServer/security/authorization/add).
function Read-UrlAuthorization($Config) {
  $rules = foreach ($rule in $Config.GetSection('system.webServer/security/authorization').GetCollection()) {
    @{
      accessType = ConvertTo-EnumName (Get-Attr $rule 'accessType') @{ 0 = 'Allow'; 1 = 'Deny' }
      users = [string](Get-Attr $rule 'users')
      roles = [string](Get-Attr $rule 'roles')
      verbs = [string](Get-Attr $rule 'verbs')
    }
  }
  return @{ rules = @($rules) }
}

# ASP.NET's system.web/authorization at the path: <allow>/<deny> elements, effective collection.
function Read-AspNetAuthorization($Config) {
  $rules = foreach ($rule in $Config.GetSection('system.web/authorization').GetCollection()) {
    @{ action = [string]$rule.ElementTagName; users = [string](Get-Attr $rule 'users'); roles = [string](Get-Attr $rule 'roles'); verbs = [string](Get-Attr $rule 'verbs') }
  }
  return @{ rules = @($rules) }
}

# Modules enabled at the path; 'type' is empty for native modules (which also need globalModules).
function Read-Modules($Config) {
  $modules = foreach ($module in $Config.GetSection('system.webServer/modules').GetCollection()) {
    @{ name = [string](Get-Attr $module 'name'); type = [string](Get-Attr $module 'type') }
  }
  return @{ modules = @($modules) }
}

# IP and domain restrictions (iis-docs configuration/system.webServer/security/ipSecurity): entries in
# order; denyAction (IIS 8+) is an enumeration whose values are the status codes it sends.
$DenyActions = @{ 0 = 'AbortRequest'; 401 = 'Unauthorized'; 403 = 'Forbidden'; 404 = 'NotFound' }
function Read-IpSecurity($Config) {
  $section = $Config.GetSection('system.webServer/security/ipSecurity')
  $entries = foreach ($entry in $section.GetCollection()) {
    @{
      ipAddress = [string](Get-Attr $entry 'ipAddress')
      subnetMask = [string](Get-Attr $entry 'subnetMask')
      domainName = [string](Get-Attr $entry 'domainName')
      allowed = ConvertTo-Flag (Get-Attr $entry 'allowed')
    }
  }
  return @{
    allowUnlisted = ConvertTo-Flag (Get-Attr $section 'allowUnlisted')
    denyAction = ConvertTo-EnumName (Get-Attr $section 'denyAction') $DenyActions
    enableReverseDns = ConvertTo-Flag (Get-Attr $section 'enableReverseDns')
    entries = @($entries)
  }
}

# Dynamic IP restrictions (iis-docs configuration/system.webServer/security/dynamicIpSecurity): two
# child elements, each with its own enabled flag and limits.
function Read-DynamicIpSecurity($Config) {
  $section = $Config.GetSection('system.webServer/security/dynamicIpSecurity')
  $concurrent = $section.GetChildElement('denyByConcurrentRequests')
  $rate = $section.GetChildElement('denyByRequestRate')
  return @{
    denyAction = ConvertTo-EnumName (Get-Attr $section 'denyAction') $DenyActions
    enableLoggingOnlyMode = ConvertTo-Flag (Get-Attr $section 'enableLoggingOnlyMode')
    denyByConcurrentRequests = @{ enabled = ConvertTo-Flag (Get-Attr $concurrent 'enabled'); maxConcurrentRequests = [long](Get-Attr $concurrent 'maxConcurrentRequests') }
    denyByRequestRate = @{
      enabled = ConvertTo-Flag (Get-Attr $rate 'enabled')
      maxRequests = [long](Get-Attr $rate 'maxRequests')
      requestIntervalInMilliseconds = [long](Get-Attr $rate 'requestIntervalInMilliseconds')
    }
  }
}

# ISAPI filters in force at the path (iis-docs configuration/system.webServer/isapiFilters): a filter
# sees every request and may refuse it with 401.4.
function Read-IsapiFilters($Config) {
  $filters = foreach ($filter in $Config.GetSection('system.webServer/isapiFilters').GetCollection()) {
    @{ name = [string](Get-Attr $filter 'name'); path = [string](Get-Attr $filter 'path'); enabled = ConvertTo-Flag (Get-Attr $filter 'enabled') }
  }
  return @{ filters = @($filters) }
}

# Handler mappings served by an ISAPI extension or a CGI program (they may answer 401.5); the others
# (static files, managed handlers) are left out to keep the document small.
function Read-IsapiHandlers($Config) {
  $handlers = foreach ($handler in $Config.GetSection('system.webServer/handlers').GetCollection()) {
    $modules = [string](Get-Attr $handler 'modules')
    if ($modules -match '(^|,)\s*(IsapiModule|CgiModule)\s*(,|$)') {
      @{
        name = [string](Get-Attr $handler 'name')
        path = [string](Get-Attr $handler 'path')
        verb = [string](Get-Attr $handler 'verb')
        modules = $modules
        scriptProcessor = [string](Get-Attr $handler 'scriptProcessor')
        preCondition = [string](Get-Attr $handler 'preCondition')
      }
    }
  }
  return @{ handlers = @($handlers) }
}

# Which ISAPI and CGI binaries IIS may run (applicationHost.config only; iis-docs
# configuration/system.webServer/security/isapiCgiRestriction).
function Read-IsapiCgiRestriction($Manager) {
  $section = $Manager.GetApplicationHostConfiguration().GetSection('system.webServer/security/isapiCgiRestriction')
  $entries = foreach ($entry in $section.GetCollection()) { @{ path = [string](Get-Attr $entry 'path'); allowed = ConvertTo-Flag (Get-Attr $entry 'allowed') } }
  return @{
    notListedIsapisAllowed = ConvertTo-Flag (Get-Attr $section 'notListedIsapisAllowed')
    notListedCgisAllowed = ConvertTo-Flag (Get-Attr $section 'notListedCgisAllowed')
    entries = @($entries)
  }
}

function Read-Acl([string]$PhysicalPath) {
  $expanded = Expand-WindowsPath $PhysicalPath
  $entries = foreach ($rule in @(Get-FolderAccessRules $expanded)) {
    $sid = $null
    try { $sid = ConvertTo-SidString $rule.IdentityReference } catch { }
    @{
      sid = $sid
      name = [string]$rule.IdentityReference.Value
      rights = [int]$rule.FileSystemRights
      type = [int]$rule.AccessControlType
      inheritance = [int]$rule.InheritanceFlags
      propagation = [int]$rule.PropagationFlags
      inherited = [bool]$rule.IsInherited
    }
  }
  return @{ path = $expanded; entries = @($entries) }
}

# --- Which paths a site has ----------------------------------------------------------------------
function Join-VirtualPath([string]$Base, [string]$Child) {
  $joined = ($Base.TrimEnd('/') + '/' + $Child.Trim('/')).TrimEnd('/')
  if ($joined -eq '') { return '/' }
  return $joined
}

function Get-AncestorPaths([string]$Path) {
  $parts = @($Path.Trim('/').Split('/') | Where-Object { $_ -ne '' })
  $out = @('/')
  for ($i = 1; $i -lt $parts.Count; $i++) { $out += '/' + (($parts[0..($i - 1)]) -join '/') }
  return $out
}

# Applications and virtual directories with their physical paths, deepest last.
function Get-Mounts($Site) {
  $mounts = foreach ($app in $Site.Applications) {
    foreach ($vdir in $app.VirtualDirectories) {
      @{
        path = Join-VirtualPath $app.Path $vdir.Path
        kind = $(if ($vdir.Path -eq '/') { 'application' } else { 'virtualDirectory' })
        physicalPath = [string]$vdir.PhysicalPath
        appPool = [string]$app.ApplicationPoolName
        application = [string]$app.Path
      }
    }
  }
  return @($mounts | Sort-Object { $_.path.Length })
}

# The mount serving a path: the deepest application or virtual directory that contains it.
function Find-Mount($Mounts, [string]$Path) {
  $best = $null
  foreach ($mount in $Mounts) {
    $prefix = $mount.path.TrimEnd('/')
    if ($mount.path -eq '/' -or $Path -eq $mount.path -or $Path.StartsWith($prefix + '/', [StringComparison]::OrdinalIgnoreCase)) { $best = $mount }
  }
  return $best
}

function Get-SitePaths($Manager, $Site, $Mounts) {
  $paths = New-Object System.Collections.Generic.List[string]
  foreach ($mount in $Mounts) { $paths.Add($mount.path) }
  $prefix = $Site.Name + '/'
  foreach ($location in @($Manager.GetApplicationHostConfiguration().GetLocationPaths())) {
    if ($location -eq $Site.Name) { $paths.Add('/') }
    elseif ($location.StartsWith($prefix, [StringComparison]::OrdinalIgnoreCase)) { $paths.Add('/' + $location.Substring($prefix.Length).Trim('/')) }
  }
  foreach ($mount in $Mounts) {
    foreach ($folder in @(Find-WebConfigFolders (Expand-WindowsPath $mount.physicalPath) $WebConfigDepth $MaxPathsPerSite)) {
      $paths.Add((Join-VirtualPath $mount.path ($folder -replace '\\', '/')))
    }
  }
  foreach ($declared in @($p.paths)) {
    if ($null -ne $declared -and [string]$declared.site -eq $Site.Name -and ([string]$declared.path).StartsWith("/")) { $paths.Add([string]$declared.path) }
  }
  # Each path with the paths above it: an ancestor nobody asked for is read only for the ASP.NET
  # rules it passes on (ASP.NET evaluates each level's own rules, which the parser derives).
  $seen = @{}
  $ordered = New-Object System.Collections.Generic.List[object]
  foreach ($path in $paths) { $seen[$path.ToLowerInvariant()] = $true }
  foreach ($path in $paths) {
    foreach ($ancestor in @(Get-AncestorPaths $path)) {
      if (-not $seen.ContainsKey($ancestor.ToLowerInvariant())) { $seen[$ancestor.ToLowerInvariant()] = $true; $ordered.Add(@{ path = $ancestor; ancestorOnly = $true }) }
    }
  }
  $wanted = @{}
  foreach ($path in $paths) {
    if (-not $wanted.ContainsKey($path.ToLowerInvariant())) { $wanted[$path.ToLowerInvariant()] = $true; $ordered.Add(@{ path = $path; ancestorOnly = $false }) }
  }
  return @($ordered | Select-Object -First $MaxPathsPerSite)
}

function Read-Path($Manager, $Site, $Mounts, [string]$Path, [bool]$AncestorOnly) {
  $config = $Manager.GetWebConfiguration($Site.Name, $Path)
  if ($AncestorOnly) { return @{ path = $Path; ancestorOnly = $true; aspNetAuthorization = Read-Safely { Read-AspNetAuthorization $config } } }
  $mount = Find-Mount $Mounts $Path
  $relative = $Path.Substring([Math]::Min($Path.Length, $mount.path.TrimEnd('/').Length)).Trim('/')
  $physical = $mount.physicalPath
  if ($relative -ne '') { $physical = $physical.TrimEnd('\') + '\' + ($relative -replace '/', '\') }
  $kind = 'folder'
  if ($Path -eq $mount.path) { $kind = $mount.kind }
  return @{
    path = $Path
    kind = $kind
    physicalPath = $physical
    appPool = $mount.appPool
    authentication = Read-Safely { Read-Authentication $config }
    access = Read-Safely { @{ sslFlags = ConvertTo-SslFlagNames (Get-Attr ($config.GetSection('system.webServer/security/access')) 'sslFlags') } }
    authorization = Read-Safely { Read-UrlAuthorization $config }
    aspNetAuthorization = Read-Safely { Read-AspNetAuthorization $config }
    modules = Read-Safely { Read-Modules $config }
    acl = Read-Safely { Read-Acl $physical }
    ipSecurity = Read-Safely { Read-IpSecurity $config }
    dynamicIpSecurity = Read-Safely { Read-DynamicIpSecurity $config }
    isapiFilters = Read-Safely { Read-IsapiFilters $config }
    handlers = Read-Safely { Read-IsapiHandlers $config }
  }
}

function Read-Site($Manager, $Site) {
  $mounts = @(Get-Mounts $Site)
  if ($mounts.Count -eq 0) { throw "site '$($Site.Name)' has no root application" }
  $paths = foreach ($entry in @(Get-SitePaths $Manager $Site $mounts)) {
    $facts = Read-Safely { Read-Path $Manager $Site $mounts $entry.path $entry.ancestorOnly }
    if (-not $facts.ContainsKey('path')) { $facts.path = $entry.path }
    $facts
  }
  return @{
    name = [string]$Site.Name
    id = [long]$Site.Id
    bindings = @(foreach ($binding in $Site.Bindings) { @{ protocol = [string]$binding.Protocol; bindingInformation = [string]$binding.BindingInformation } })
    paths = @($paths)
  }
}

# ProcessModelIdentityType (Microsoft.Web.Administration): the names IIS writes in applicationHost.config.
$IdentityTypes = @{ 0 = 'LocalSystem'; 1 = 'LocalService'; 2 = 'NetworkService'; 3 = 'SpecificUser'; 4 = 'ApplicationPoolIdentity' }
function Read-AppPool($Pool) {
  $identityType = ConvertTo-EnumName $Pool.ProcessModel.IdentityType $IdentityTypes
  $userName = [string]$Pool.ProcessModel.UserName
  $facts = @{ name = [string]$Pool.Name; identityType = $identityType; userName = $userName }
  # The virtual account IIS AppPool\<name>: the worker's user, or injected into its token.
  try { $facts.sid = ConvertTo-SidString ('IIS AppPool\' + $Pool.Name) } catch { $facts.sidError = [string]$_.Exception.Message }
  if ($identityType -eq 'SpecificUser' -and $userName -ne '') {
    try { $facts.userSid = ConvertTo-SidString $userName } catch { $facts.userSidError = [string]$_.Exception.Message }
  }
  return $facts
}

# --- Accounts ------------------------------------------------------------------------------------
function Split-Names([string]$List) {
  return @($List.Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_ -ne '' -and $_ -ne '*' -and $_ -ne '?' })
}

function Read-Principal([string]$Name) {
  $facts = @{ name = $Name }
  try { $facts.sid = ConvertTo-SidString $Name } catch { $facts.error = [string]$_.Exception.Message; return $facts }
  try { $facts.members = @(Get-GroupMembers $facts.sid) } catch { $facts.membersError = [string]$_.Exception.Message }
  return $facts
}

# Roles to resolve: those asked for and every role the collected authorization rules name.
function Get-RoleNames($Sites) {
  $names = New-Object System.Collections.Generic.List[string]
  foreach ($role in @($p.roles)) { if ($null -ne $role) { $names.Add([string]$role) } }
  foreach ($site in $Sites) {
    foreach ($path in @($site.paths)) {
      foreach ($section in @($path.authorization, $path.aspNetAuthorization)) {
        if ($section -is [hashtable] -and $section.ContainsKey('rules')) {
          foreach ($rule in $section.rules) { foreach ($role in @(Split-Names $rule.roles)) { $names.Add($role) } }
        }
      }
    }
  }
  $seen = @{}
  return @($names | Where-Object { $key = $_.ToLowerInvariant(); if ($seen.ContainsKey($key)) { $false } else { $seen[$key] = $true; $true } } | Select-Object -First $MaxPrincipals)
}

# --- Host-wide settings --------------------------------------------------------------------------
$Inet = 'Software\Microsoft\Windows\CurrentVersion\Internet Settings'
function Read-WinInet([string]$Root) {
  # REG_BINARY comes back as byte[], which a function's output unrolls into single bytes: gather them again.
  $blob = Get-RegistryValue "$Root\$Inet\Connections" 'DefaultConnectionSettings'
  $bytes = $null
  if ($null -ne $blob -and $blob -isnot [string]) { $bytes = [byte[]]@($blob) }
  return @{
    enable = Get-RegistryValue "$Root\$Inet" 'ProxyEnable'
    server = Get-RegistryValue "$Root\$Inet" 'ProxyServer'
    override = Get-RegistryValue "$Root\$Inet" 'ProxyOverride'
    autoConfigUrl = Get-RegistryValue "$Root\$Inet" 'AutoConfigURL'
    defaultConnectionSettings = $(if ($null -ne $bytes) { [Convert]::ToBase64String($bytes) } else { $null })
  }
}

function Read-Proxy {
  return @{
    winhttp = Get-WinHttpProxyText
    proxySettingsPerUser = Get-RegistryValue "HKLM:\SOFTWARE\Policies\Microsoft\Windows\CurrentVersion\Internet Settings" 'ProxySettingsPerUser'
    machine = Read-WinInet 'HKLM:'
    users = @(foreach ($sid in @($p.userSids)) {
      if ([string]$sid -match '^S-1-[0-9]+(-[0-9]+)+$') {
        $root = 'Registry::HKEY_USERS\' + [string]$sid
        $user = Read-WinInet $root
        $user.sid = [string]$sid
        $user.loaded = Test-RegistryKey $root
        $user
      }
    })
  }
}

function Read-Loopback {
  $lsa = 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa'
  # REG_MULTI_SZ with one entry comes back as one string: @() keeps it a list.
  return @{
    disableLoopbackCheck = Get-RegistryValue $lsa 'DisableLoopbackCheck'
    backConnectionHostNames = @(Get-RegistryValue "$lsa\MSV1_0" 'BackConnectionHostNames' | Where-Object { $null -ne $_ })
  }
}

# --- The document --------------------------------------------------------------------------------
$manager = Get-IisServerManager
$computer = Read-Safely { $cs = Get-ComputerSystem; @{ name = [string]$cs.Name; partOfDomain = [bool]$cs.PartOfDomain; domain = [string]$cs.Domain } }
$sites = @(foreach ($site in $manager.Sites) {
  $name = [string]$site.Name
  try { Read-Site $manager $site } catch { @{ name = $name; error = [string]$_.Exception.Message } }
})
$appPools = @(foreach ($pool in $manager.ApplicationPools) {
  $name = [string]$pool.Name
  try { Read-AppPool $pool } catch { @{ name = $name; error = [string]$_.Exception.Message } }
})
$globalModules = Read-Safely {
  @{ modules = @(foreach ($module in $manager.GetApplicationHostConfiguration().GetSection('system.webServer/globalModules').GetCollection()) { [string](Get-Attr $module 'name') }) }
}

$principals = @(foreach ($role in @(Get-RoleNames $sites)) { Read-Principal $role })
# The clock is read last, so that the collector compares it with the moment the answer arrives.
$utcNow = (Get-UtcNow).ToString('o')
@{
  schema = 2
  computer = $computer
  utcNow = $utcNow
  loopback = Read-Safely { Read-Loopback }
  proxy = Read-Safely { Read-Proxy }
  globalModules = $globalModules
  isapiCgiRestriction = Read-Safely { Read-IsapiCgiRestriction $manager }
  appPools = $appPools
  sites = $sites
  principals = $principals
}

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
    logFile = Read-Safely { Read-SiteLogFile $Manager $Site }
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

# --- Log evidence (issue #14) --------------------------------------------------------------------
# Which W3C lines travel is decided here, on the server, so that a day of logs costs the answer only
# its 401s (docs/collector.md, "Log evidence", has the measurement). Parsing the values is the
# analysis' job (core/logs/): this only finds sc-status and the client key by position.
$MaxLogLineChars = 16384      # a longer line is skipped and counted (it would also break the answer's string limit)
$LogChunkBytes = 1048576      # read and decoded 1 MiB at a time: memory does not grow with the file
$LogDirectiveScanBytes = 268435456   # how far before a cut the last #Fields is searched for
$LogFormats = @{ 0 = 'IIS'; 1 = 'NCSA'; 2 = 'W3C'; 3 = 'Custom' }
$LogPeriods = @{ 0 = 'MaxSize'; 1 = 'Daily'; 2 = 'Weekly'; 3 = 'Monthly'; 4 = 'Hourly' }

# A <logFile> attribute of the site, or of <siteDefaults> when the site does not set it: "If the
# <logFile> element is configured in both the <siteDefaults> section and in the <site> section for a
# specific site, the configuration in the <site> section is used for that site"
# (https://learn.microsoft.com/iis/configuration/system.applicationhost/sites/site/logfile/).
# ConfigurationAttribute.IsInheritedFromDefaultValue says the site does not set it.
function Get-LogFileValue($SiteLog, $Defaults, [string]$Name) {
  $attribute = $SiteLog.GetAttribute($Name)
  if ($null -ne $Defaults -and $attribute.IsInheritedFromDefaultValue) { return Get-Attr $Defaults $Name }
  return Get-PlainValue $attribute.Value
}

function Read-SiteLogFile($Manager, $Site) {
  $defaults = $null
  if ($null -ne $Manager.SiteDefaults) { $defaults = $Manager.SiteDefaults.LogFile }
  $configured = [string](Get-LogFileValue $Site.LogFile $defaults 'directory')
  return @{
    directory = Expand-WindowsPath $configured
    configuredDirectory = $configured
    logFormat = ConvertTo-EnumName (Get-LogFileValue $Site.LogFile $defaults 'logFormat') $LogFormats
    enabled = ConvertTo-Flag (Get-LogFileValue $Site.LogFile $defaults 'enabled')
    period = ConvertTo-EnumName (Get-LogFileValue $Site.LogFile $defaults 'period') $LogPeriods
  }
}

# The columns the filter needs from a '#Fields:' directive: sc-status, and the client key
# (s-sitename if logged, c-ip, cs(User-Agent) if logged). Custom fields are just more names.
function Get-FieldPositions([string]$Directive) {
  $names = @($Directive.Substring(8).Trim().Split(' ') | Where-Object { $_ -ne '' })
  $positions = @{ status = -1; key = @(); count = $names.Count }
  $keys = New-Object System.Collections.Generic.List[int]
  for ($i = 0; $i -lt $names.Count; $i++) {
    switch ($names[$i].ToLowerInvariant()) {
      'sc-status' { $positions.status = $i }
      's-sitename' { $keys.Add($i) }
      'c-ip' { $keys.Add($i) }
      'cs(user-agent)' { $keys.Add($i) }
    }
  }
  $positions.key = $keys.ToArray()
  return $positions
}

# A .NET call's failure arrives wrapped ("Exception calling "Open" with "4" argument(s): …"): the inner message says why.
function Get-FailureText($ErrorRecord) {
  $exception = $ErrorRecord.Exception
  if ($exception -is [System.Management.Automation.MethodInvocationException] -and $null -ne $exception.InnerException) { $exception = $exception.InnerException }
  return [string]$exception.Message
}

# Adds a line to what travels, within the host's caps on lines and bytes (the answer's limits).
function Add-KeptLine($Site, $Budget, [string]$Line) {
  $bytes = [Text.Encoding]::UTF8.GetByteCount($Line)
  if ($Budget.lines -le 0 -or $Budget.bytes -lt $bytes) {
    if (-not $Site.capped) { $Site.capped = $true; $Site.problems.Add("the host's cap on log lines that travel was reached ($($Budget.maxLines) lines, $($Budget.maxBytes) bytes): later lines are not sent") }
    return
  }
  $Budget.lines--
  $Budget.bytes -= $bytes
  $Site.lines.Add($Line)
}

# The filter of the log-evidence contract over a chunk's lines (one call per chunk, state in
# locals: a function call or a hashtable lookup per line would cost more than the filter itself):
# directives travel; an entry travels when its sc-status is 401, or when it is the first entry
# below 400 of a client key with a kept 401 before it (the handshake's success). Everything else
# stays on the server. Strings of one character or none are blank lines (a lone CR). Every entry
# line is counted (`entries`): how busy the site was, so that a prediction with no 401 observed on a
# site that served requests is shown as such (issue #14), and not confused with a quiet site.
function Select-LogLines($Site, $Budget, $State, [string[]]$Lines) {
  $hash = [char]35
  $pending = $State.pending
  $statusAt = -1
  $keyAt = [int[]]@()
  if ($null -ne $State.fields) { $statusAt = $State.fields.status; $keyAt = $State.fields.key }
  $long = 0
  $unreadable = 0
  $entries = 0
  foreach ($line in $Lines) {
    if ($line.Length -le 1) { continue }   # an empty line, or the CR of one
    if ($line.Length -gt $MaxLogLineChars) { $long++; continue }
    if ($line[0] -eq $hash) {
      $line = $line.TrimEnd([char]13)
      if ($line.StartsWith('#Fields:', [StringComparison]::Ordinal)) {
        $State.fields = Get-FieldPositions $line
        $statusAt = $State.fields.status
        $keyAt = $State.fields.key
      }
      Add-KeptLine $Site $Budget $line
      continue
    }
    $entries++
    if ($statusAt -lt 0) { $unreadable++; continue }
    # Most lines are dropped here without being split: nothing pending, and no '401' anywhere in them.
    if ($pending.Count -eq 0 -and $line.IndexOf('401', [StringComparison]::Ordinal) -lt 0) { continue }
    $values = $line.TrimEnd([char]13).Split(' ')
    if ($values.Length -le $statusAt) { $unreadable++; continue }
    $status = $values[$statusAt]
    $key = [string]::Join(' ', $values[$keyAt])
    if ($status -eq '401') {
      [void]$pending.Add($key)
      Add-KeptLine $Site $Budget $line.TrimEnd([char]13)
      continue
    }
    if ($pending.Count -gt 0 -and $status.Length -eq 3 -and $status[0] -ge [char]'1' -and $status[0] -le [char]'3' -and $pending.Remove($key)) {
      Add-KeptLine $Site $Budget $line.TrimEnd([char]13)
    }
  }
  $State.longLines += $long
  $State.unreadable += $unreadable
  $Site.entries += $entries
}

# The last directive of each kind before byte $Cut (searched at most $LogDirectiveScanBytes back):
# a file read from the middle still needs the #Fields in force where reading starts.
function Find-DirectivesBefore($Stream, [long]$Cut, $Site, [string]$Name) {
  $start = [Math]::Max([long]0, $Cut - $LogDirectiveScanBytes)
  $found = @{}
  $decoder = (New-Object System.Text.UTF8Encoding($false)).GetDecoder()
  $buffer = New-Object byte[] $LogChunkBytes
  $chars = New-Object char[] ($LogChunkBytes + 4)
  $carry = ''
  $order = 0
  [void]$Stream.Seek($start, [IO.SeekOrigin]::Begin)
  $position = $start
  while ($position -lt $Cut) {
    $read = $Stream.Read($buffer, 0, [int][Math]::Min($buffer.Length, $Cut - $position))
    if ($read -le 0) { break }
    $position += $read
    $count = $decoder.GetChars($buffer, 0, $read, $chars, 0, $position -ge $Cut)
    $text = $carry + (New-Object string($chars, 0, $count))
    if ($order -eq 0 -and $start -eq 0) { $text = $text.TrimStart([char]0xFEFF) }   # a BOM before #Software
    $end = $text.LastIndexOf([char]10)
    if ($end -lt 0) { $carry = $text; if ($carry.Length -gt $MaxLogLineChars) { $carry = '' }; continue }
    $carry = $text.Substring($end + 1)
    foreach ($match in [regex]::Matches($text.Substring(0, $end), '(?m)^#(\w+):[^\r\n]*')) { $found[$match.Groups[1].Value] = @{ at = $order; line = $match.Value }; $order++ }
  }
  if (-not $found.ContainsKey('Fields')) {
    $Site.problems.Add("${Name}: no #Fields directive within $LogDirectiveScanBytes bytes before byte $Cut, where reading starts: its lines cannot be read")
  }
  return @($found.Values | Sort-Object { $_.at } | ForEach-Object { $_.line })
}

# Reads bytes [$From, $To) of one log file in whole lines and passes each through the filter. A BOM
# at the start is skipped; a line longer than $MaxLogLineChars is skipped and counted.
function Read-LogRange($Stream, [long]$From, [long]$To, $Site, $Budget, $State) {
  $decoder = (New-Object System.Text.UTF8Encoding($false)).GetDecoder()
  $buffer = New-Object byte[] $LogChunkBytes
  $chars = New-Object char[] ($LogChunkBytes + 4)
  # Started in the middle: one byte earlier, so that the (partial) first line can be dropped whole.
  $dropFirst = $From -gt 0
  if ($dropFirst) { $From-- }
  [void]$Stream.Seek($From, [IO.SeekOrigin]::Begin)
  $position = $From
  $carry = ''
  $skipping = $false
  $first = $true
  $newline = [char]10
  while ($position -lt $To) {
    $read = $Stream.Read($buffer, 0, [int][Math]::Min($buffer.Length, $To - $position))
    if ($read -le 0) { break }
    $offset = 0
    if ($first -and $From -eq 0 -and $read -ge 3 -and $buffer[0] -eq 0xEF -and $buffer[1] -eq 0xBB -and $buffer[2] -eq 0xBF) { $offset = 3 }
    $first = $false
    $position += $read
    $count = $decoder.GetChars($buffer, $offset, $read - $offset, $chars, 0, $position -ge $To)
    $pieces = (New-Object string($chars, 0, $count)).Split($newline)
    $last = $pieces.Length - 1
    if ($last -gt 0) {
      # The first piece ends the line carried from the previous chunk (or the line being skipped);
      # the last is carried to the next chunk.
      $pieces[0] = $carry + $pieces[0]
      if ($skipping -or $dropFirst) { $skipping = $false; $dropFirst = $false; $pieces[0] = '' }
      $carry = $pieces[$last]
      $pieces[$last] = ''
      Select-LogLines $Site $Budget $State $pieces
    } elseif (-not $skipping) {
      $carry += $pieces[0]
    }
    if ($carry.Length -gt $MaxLogLineChars) { $carry = ''; $skipping = $true; $State.longLines++ }
  }
  # The last line without a line break (IIS writes whole lines; a file cut short still has them).
  if (-not $skipping -and -not $dropFirst -and $carry.Length -gt 0) { Select-LogLines $Site $Budget $State @($carry) }
}

# The kept lines of one site over the window: files whose LastWriteTimeUtc is within it, newest
# first, until $ByteCap bytes are planned (the oldest planned file is read from a line boundary near
# its end); then read oldest first, so that lines keep file order and a handshake may cross a rollover.
function Read-SiteLogs($Site, $LogFile, [double]$WindowHours, [long]$ByteCap, $Budget, [datetime]$Now) {
  $out = @{ site = [string]$Site.Name; siteId = [long]$Site.Id; directory = ''; format = ''; windowHours = $WindowHours; files = (New-Object System.Collections.Generic.List[object]); lines = (New-Object System.Collections.Generic.List[string]); problems = (New-Object System.Collections.Generic.List[string]); capped = $false; entries = [long]0 }
  if ($LogFile -is [hashtable] -and $LogFile.ContainsKey('error')) { $out.problems.Add("the site's logFile configuration could not be read: $($LogFile.error)"); return $out }
  $out.directory = [string]$LogFile.directory
  $out.format = [string]$LogFile.logFormat
  if ($LogFile.enabled -ne $true) { $out.problems.Add('logging is disabled for this site (logFile enabled=false)'); return $out }
  if ($out.format -ne 'W3C') { $out.problems.Add("logFormat $($out.format): only W3C is read"); return $out }
  try { $all = @(Get-LogFiles $out.directory ([long]$Site.Id)) } catch { $out.problems.Add((Get-FailureText $_)); return $out }
  $since = $Now.AddHours(-$WindowHours)
  $inWindow = @($all | Where-Object { $_.LastWriteTimeUtc -ge $since } | Sort-Object -Property @{ Expression = { $_.LastWriteTimeUtc }; Descending = $true }, @{ Expression = { $_.Name }; Descending = $true })
  $plan = New-Object System.Collections.Generic.List[object]
  $left = $ByteCap
  $notRead = 0
  foreach ($file in $inWindow) {
    if ($left -le 0) { $notRead++; continue }
    $from = [Math]::Max([long]0, [long]$file.Length - $left)
    $left -= ([long]$file.Length - $from)
    $plan.Add(@{ file = $file; from = $from; to = [long]$file.Length })
  }
  if ($notRead -gt 0) { $out.problems.Add("byte cap reached ($ByteCap bytes): $notRead older file(s) in the window were not read") }
  for ($i = $plan.Count - 1; $i -ge 0; $i--) {
    $entry = $plan[$i]
    $name = [string]$entry.file.Name
    $state = @{ fields = $null; pending = $null; unreadable = 0; longLines = 0 }
    if ($i -eq $plan.Count - 1) { $state.pending = New-Object 'System.Collections.Generic.HashSet[string]' ([StringComparer]::Ordinal) } else { $state.pending = $pendingCarried }
    $stream = $null
    try {
      $stream = Open-LogFile ([string]$entry.file.FullName)
    } catch {
      $out.problems.Add("${name}: $(Get-FailureText $_)")
      $pendingCarried = $state.pending
      continue
    }
    try {
      $to = [Math]::Min($entry.to, $stream.Length)
      if ($entry.from -gt 0) {
        $out.problems.Add("${name}: byte cap reached: read from byte $($entry.from) of $to; the window's older lines in it are not read")
        foreach ($directive in @(Find-DirectivesBefore $stream $entry.from $out $name)) { Add-KeptLine $out $Budget $directive; if ($directive.StartsWith('#Fields:')) { $state.fields = Get-FieldPositions $directive } }
      }
      Read-LogRange $stream $entry.from $to $out $Budget $state
      $out.files.Add(@{ name = $name; bytes = [long]$to; lastWriteUtc = $entry.file.LastWriteTimeUtc.ToString('o'); readFromByte = [long]$entry.from; truncated = ($entry.from -gt 0) })
    } catch {
      $out.problems.Add("${name}: $(Get-FailureText $_)")
    } finally {
      $stream.Dispose()
    }
    if ($state.longLines -gt 0) { $out.problems.Add("${name}: $($state.longLines) line(s) longer than $MaxLogLineChars characters skipped") }
    if ($state.unreadable -gt 0) { $out.problems.Add("${name}: $($state.unreadable) entry line(s) without a readable sc-status (no #Fields before them, no sc-status in it, or too few fields) skipped") }
    $pendingCarried = $state.pending
  }
  return $out
}

# Logs are read only when asked for: a byte cap above 0.
function Get-LogByteCap {
  if ($null -eq $p.logByteCap) { return [long]0 }
  return [long]$p.logByteCap
}

function Read-Logs($Manager, $Sites) {
  $byteCap = Get-LogByteCap
  $windowHours = [double]24
  if ($null -ne $p.logWindowHours) { $windowHours = [double]$p.logWindowHours }
  $maxLines = [long]100000
  if ($null -ne $p.logMaxLines) { $maxLines = [long]$p.logMaxLines }
  $maxBytes = [long]8388608
  if ($null -ne $p.logMaxBytes) { $maxBytes = [long]$p.logMaxBytes }
  $budget = @{ lines = $maxLines; bytes = $maxBytes; maxLines = $maxLines; maxBytes = $maxBytes }
  $now = Get-UtcNow
  $facts = @{}
  foreach ($site in $Sites) { if ($site -is [hashtable] -and $site.ContainsKey('logFile')) { $facts[[string]$site.name] = $site.logFile } }
  return @(foreach ($site in $Manager.Sites) {
    $name = [string]$site.Name
    $logFile = $facts[$name]
    if ($null -eq $logFile) { $logFile = @{ error = 'the site could not be read' } }
    $read = $null
    try { $read = Read-SiteLogs $site $logFile $windowHours $byteCap $budget $now }
    catch {
      $problems = New-Object System.Collections.Generic.List[string]
      $problems.Add("the site's logs could not be read: $(Get-FailureText $_)")
      $read = @{ site = $name; siteId = [long]$site.Id; directory = ''; format = ''; windowHours = $windowHours; files = (New-Object System.Collections.Generic.List[object]); lines = (New-Object System.Collections.Generic.List[string]); problems = $problems; entries = [long]0 }
    }
    # Lists become arrays here (ToArray: @() over a List held in a hashtable trips PowerShell's binder).
    @{ site = $read.site; siteId = $read.siteId; directory = $read.directory; format = $read.format; windowHours = $read.windowHours; files = $read.files.ToArray(); lines = $read.lines.ToArray(); problems = $read.problems.ToArray(); entries = [long]$read.entries }
  })
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
$logs = $null
if ((Get-LogByteCap) -gt 0) { $logs = @(Read-Logs $manager $sites) }
# The clock is read last, so that the collector compares it with the moment the answer arrives.
$utcNow = (Get-UtcNow).ToString('o')
$document = @{
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
if ($null -ne $logs) { $document.logs = $logs }
$document

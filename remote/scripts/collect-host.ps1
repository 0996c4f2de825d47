# iisguard host collection: one batched script per host that returns every fact the rules need as
# one object (the bootstrap turns it into JSON). Parameters arrive as data in $p (parsed from the
# JSON on stdin): $p.roles (group names to resolve), $p.userSids (users whose WinINet proxy
# settings matter). Nothing here is built from those values as script text.
# Shape: remote/facts.ts (HostFactsDocument). Enums are emitted as numbers (Windows PowerShell 5.1).
param($p)

function Get-RegValue([string]$Path, [string]$Name) {
  $item = Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction SilentlyContinue
  if ($null -eq $item) { return $null }
  return $item.$Name
}

function Get-Acl-Facts([string]$Path) {
  try {
    $expanded = [Environment]::ExpandEnvironmentVariables($Path)
    $acl = Get-Acl -LiteralPath $expanded
    $entries = @($acl.Access | ForEach-Object {
      $sid = $null
      try { $sid = $_.IdentityReference.Translate([Security.Principal.SecurityIdentifier]).Value } catch { }
      @{
        sid = $sid
        name = [string]$_.IdentityReference.Value
        rights = [int]$_.FileSystemRights
        type = [int]$_.AccessControlType
        inheritance = [int]$_.InheritanceFlags
        propagation = [int]$_.PropagationFlags
        inherited = [bool]$_.IsInherited
      }
    })
    return @{ path = $expanded; entries = $entries }
  } catch {
    return @{ path = $Path; error = [string]$_.Exception.Message }
  }
}

function Get-AuthFacts([string]$Location) {
  $base = 'system.webServer/security/authentication'
  $get = {
    param($section, $name)
    (Get-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location $Location -Filter "$base/$section" -Name $name).Value
  }
  return @{
    anonymous = @{ enabled = [bool](& $get 'anonymousAuthentication' 'enabled'); userName = [string](& $get 'anonymousAuthentication' 'userName') }
    basic = @{ enabled = [bool](& $get 'basicAuthentication' 'enabled') }
    windows = @{
      enabled = [bool](& $get 'windowsAuthentication' 'enabled')
      providers = @((Get-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST' -Location $Location -Filter "$base/windowsAuthentication/providers/add") | ForEach-Object { [string]$_.value })
      useKernelMode = [bool](& $get 'windowsAuthentication' 'useKernelMode')
      useAppPoolCredentials = [bool](& $get 'windowsAuthentication' 'useAppPoolCredentials')
    }
    digest = @{ enabled = [bool](& $get 'digestAuthentication' 'enabled') }
    clientCertificate = @{ enabled = [bool](& $get 'iisClientCertificateMappingAuthentication' 'enabled') }
  }
}

function Get-AuthorizationFacts([string]$Location) {
  return @(Get-WebConfiguration -PSPath 'MACHINE/WEBROOT/APPHOST' -Location $Location -Filter 'system.webServer/security/authorization/add' | ForEach-Object {
    @{ accessType = [string]$_.accessType; users = [string]$_.users; roles = [string]$_.roles; verbs = [string]$_.verbs }
  })
}

Import-Module WebAdministration

$cs = Get-CimInstance -ClassName Win32_ComputerSystem
$sites = @(Get-Website | ForEach-Object {
  $site = $_
  $pool = Get-Item -LiteralPath ("IIS:\AppPools\" + $site.applicationPool)
  $poolSid = $null
  try { $poolSid = (New-Object Security.Principal.NTAccount('IIS AppPool', $pool.Name)).Translate([Security.Principal.SecurityIdentifier]).Value } catch { }
  $apps = @(@{ path = '/'; physicalPath = $site.physicalPath }) + @(Get-WebApplication -Site $site.name | ForEach-Object { @{ path = $_.path; physicalPath = $_.PhysicalPath } })
  @{
    name = $site.name
    id = [int]$site.id
    physicalPath = $site.physicalPath
    bindings = @($site.bindings.Collection | ForEach-Object { @{ protocol = [string]$_.protocol; bindingInformation = [string]$_.bindingInformation } })
    appPool = @{ name = $pool.Name; identityType = [string]$pool.processModel.identityType; userName = [string]$pool.processModel.userName; sid = $poolSid }
    applications = @($apps | ForEach-Object {
      $location = if ($_.path -eq '/') { $site.name } else { $site.name + $_.path }
      @{
        path = $_.path
        physicalPath = $_.physicalPath
        authentication = Get-AuthFacts $location
        sslFlags = [string](Get-WebConfigurationProperty -PSPath 'MACHINE/WEBROOT/APPHOST' -Location $location -Filter 'system.webServer/security/access' -Name sslFlags)
        authorization = Get-AuthorizationFacts $location
        acl = Get-Acl-Facts $_.physicalPath
      }
    })
  }
})

$principals = @($p.roles | ForEach-Object {
  $role = [string]$_
  try {
    $group = Get-LocalGroup -Name $role
    @{
      name = $role
      sid = $group.SID.Value
      members = @(Get-LocalGroupMember -Group $group | ForEach-Object { @{ name = [string]$_.Name; sid = $_.SID.Value } })
    }
  } catch {
    @{ name = $role; error = [string]$_.Exception.Message }
  }
})

$lsa = 'HKLM:\SYSTEM\CurrentControlSet\Control\Lsa'
$inet = 'Software\Microsoft\Windows\CurrentVersion\Internet Settings'
@{
  schema = 1
  computerName = $env:COMPUTERNAME
  partOfDomain = [bool]$cs.PartOfDomain
  domain = [string]$cs.Domain
  utcNow = (Get-Date).ToUniversalTime().ToString('o')
  loopback = @{
    disableLoopbackCheck = Get-RegValue $lsa 'DisableLoopbackCheck'
    backConnectionHostNames = @(Get-RegValue "$lsa\MSV1_0" 'BackConnectionHostNames')
  }
  proxy = @{
    winhttp = [string]((netsh winhttp show proxy) -join "`n")
    proxySettingsPerUser = Get-RegValue "HKLM:\SOFTWARE\Policies\Microsoft\Windows\CurrentVersion\Internet Settings" 'ProxySettingsPerUser'
    machine = @{
      enable = Get-RegValue "HKLM:\$inet" 'ProxyEnable'
      server = Get-RegValue "HKLM:\$inet" 'ProxyServer'
      override = Get-RegValue "HKLM:\$inet" 'ProxyOverride'
    }
    users = @($p.userSids | Where-Object { [string]$_ -match '^S-1-[0-9]+(-[0-9]+)+$' } | ForEach-Object {
      $hive = "Registry::HKEY_USERS\" + [string]$_ + "\" + $inet
      @{
        sid = [string]$_
        loaded = [bool](Test-Path -LiteralPath $hive)
        enable = Get-RegValue $hive 'ProxyEnable'
        server = Get-RegValue $hive 'ProxyServer'
        override = Get-RegValue $hive 'ProxyOverride'
      }
    })
  }
  sites = $sites
  principals = $principals
}

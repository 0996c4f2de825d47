# Pester tests of the collection script, run under a real PowerShell. The Windows layer
# (remote/scripts/windows-layer.ps1) is mocked with objects of the shapes Windows hands out: plain
# values and ConfigurationAttribute wrappers, collections of one element, FileSystemAccessRule with
# signed rights, multi-string registry values. Each test is named after the defect it pins
# (/work/shared/collector-review.md numbering, in docs/collector.md).
BeforeAll {
  $root = Join-Path $PSScriptRoot '..' '..'
  . (Join-Path $root 'remote/scripts/windows-layer.ps1')
  $script:CollectScript = Join-Path $root 'remote/scripts/collect-host.ps1'

  # A configuration element as Microsoft.Web.Administration hands it out: GetAttributeValue,
  # GetCollection (the element's own, or a named child's), ElementTagName.
  function New-Element([hashtable]$Values = @{}, [object[]]$Items = @(), [hashtable]$Children = @{}, [string]$Tag = 'add') {
    $element = [pscustomobject]@{ ElementTagName = $Tag; Values = $Values; Items = $Items; Children = $Children }
    $element | Add-Member ScriptMethod GetAttributeValue { param($name) if ($this.Values.ContainsKey($name)) { $this.Values[$name] } else { throw "Unrecognized attribute '$name'" } }
    $element | Add-Member ScriptMethod GetCollection { param($name) if ($name) { , @($this.Children[$name]) } else { , @($this.Items) } }
    $element | Add-Member ScriptMethod GetChildElement { param($name) $this.Children[$name] }
    return $element
  }
  # The provider's wrapper for some attributes (Get-WebConfigurationProperty): the value is under .Value.
  function New-ConfigurationAttribute($Value) {
    return [pscustomobject]@{ PSTypeName = 'Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute'; Name = 'x'; Value = $Value }
  }
  function New-Rule([string]$Access, [string]$Users = '', [string]$Roles = '', [string]$Verbs = '') {
    New-Element @{ accessType = $(if ($Access -eq 'Allow') { 0 } else { 1 }); users = $Users; roles = $Roles; verbs = $Verbs }
  }

  # One server: sites given as @{ name; apps = @(@{ path; pool; physicalPath }) }, every path
  # configured by $Sections[sectionPath] (a scriptblock taking site and path).
  function New-Manager($Sites, [hashtable]$Pools, [scriptblock]$Section, [string[]]$Locations = @()) {
    $manager = [pscustomobject]@{
      Sites = @($Sites | ForEach-Object {
        $site = $_
        [pscustomobject]@{
          Name = $site.name; Id = 1
          Bindings = @([pscustomobject]@{ Protocol = 'http'; BindingInformation = '*:80:' })
          Applications = @($site.apps | ForEach-Object { [pscustomobject]@{ Path = $_.path; ApplicationPoolName = $_.pool; VirtualDirectories = @([pscustomobject]@{ Path = '/'; PhysicalPath = $_.physicalPath }) } })
        }
      })
      ApplicationPools = @($Pools.Keys | ForEach-Object { [pscustomobject]@{ Name = $_; ProcessModel = [pscustomobject]@{ IdentityType = $Pools[$_]; UserName = '' } } })
      Section = $Section
      Locations = $Locations
    }
    $manager | Add-Member ScriptMethod GetWebConfiguration {
      param($siteName, $path)
      $config = [pscustomobject]@{ Site = $siteName; Path = $path; Section = $this.Section }
      $config | Add-Member ScriptMethod GetSection { param($name) & $this.Section $this.Site $this.Path $name }
      $config
    }
    $manager | Add-Member ScriptMethod GetApplicationHostConfiguration {
      $apphost = [pscustomobject]@{ Locations = $this.Locations }
      $apphost | Add-Member ScriptMethod GetLocationPaths { , @($this.Locations) }
      $apphost | Add-Member ScriptMethod GetSection { param($name) New-Element -Items @(New-Element @{ name = 'UrlAuthorizationModule' }) }
      $apphost
    }
    return $manager
  }

  # Defaults for every section the script reads: anonymous on, one Allow * rule.
  $script:DefaultSection = {
    param($site, $path, $name)
    switch ($name) {
      'system.webServer/security/authentication/anonymousAuthentication' { New-Element @{ enabled = $true; userName = 'IUSR' } }
      'system.webServer/security/authentication/windowsAuthentication' { New-Element @{ enabled = $false; useKernelMode = $true; useAppPoolCredentials = $false } -Children @{ providers = @(New-Element @{ value = 'Negotiate' }) } }
      'system.webServer/security/access' { New-Element @{ sslFlags = 0 } }
      'system.webServer/security/authorization' { New-Element -Items @(New-Rule Allow '*') }
      'system.web/authorization' { New-Element -Items @(New-Element @{ users = '*'; roles = ''; verbs = '' } -Tag 'allow') }
      'system.webServer/modules' { New-Element -Items @(New-Element @{ name = 'UrlAuthorizationModule'; type = '' }) }
      default { New-Element @{ enabled = $false } }
    }
  }

  function Invoke-Collection($Params = @{ roles = @(); userSids = @(); paths = @() }) {
    $json = & $script:CollectScript ([pscustomobject]$Params) | ConvertTo-Json -Depth 16 -Compress
    return $json | ConvertFrom-Json
  }

  function Use-Host($Manager) {
    Mock Get-IisServerManager { $Manager }.GetNewClosure()
    Mock Get-ComputerSystem { [pscustomobject]@{ Name = 'WEB01'; PartOfDomain = $true; Domain = 'corp.example.com' } }
    Mock Get-RegistryValue { $null }
    Mock Test-RegistryKey { $false }
    Mock Get-WinHttpProxyText { 'Direct access (no proxy server).' }
    Mock Expand-WindowsPath { param($Path) $Path -replace '%SystemDrive%', 'C:' }
    Mock Find-WebConfigFolders { @() }
    Mock Get-FolderAccessRules { @([pscustomobject]@{ PSTypeName = 'System.Security.AccessControl.FileSystemAccessRule'; IdentityReference = [pscustomobject]@{ Value = 'BUILTIN\Users' }; FileSystemRights = 1179817; AccessControlType = 0; InheritanceFlags = 3; PropagationFlags = 0; IsInherited = $true }) }
    Mock ConvertTo-SidString { param($Identity) $name = [string]$Identity; if ($null -ne $Identity.Value) { $name = $Identity.Value }; @{ 'BUILTIN\Users' = 'S-1-5-32-545'; 'IIS AppPool\PM' = 'S-1-5-82-1'; 'Administrators' = 'S-1-5-32-544' }[$name] ?? $(throw "cannot translate $name") }
    Mock Get-GroupMembers { @(@{ name = 'CORP\pm-admins'; sid = 'S-1-5-21-1-2-3-1001' }) }
    Mock Get-UtcNow { [datetime]::UtcNow }
  }

  $script:OneSite = @(@{ name = 'Default Web Site'; apps = @(@{ path = '/'; pool = 'PM'; physicalPath = '%SystemDrive%\inetpub\wwwroot' }, @{ path = '/PM/admin'; pool = 'PM'; physicalPath = 'C:\PM\Admin' }) })
}

Describe 'collect-host.ps1' {
  It 'defect 2: an application with exactly one authorization rule sends a list of one rule' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } {
      param($site, $path, $name)
      if ($name -eq 'system.webServer/security/authorization' -and $path -eq '/PM/admin') { return New-Element -Items @(New-Rule Allow -Roles 'Administrators') }
      & $DefaultSection $site $path $name
    })
    $admin = (Invoke-Collection).sites[0].paths | Where-Object { $_.path -eq '/PM/admin' }
    ,$admin.authorization.rules | Should -BeOfType [object[]]
    $admin.authorization.rules.Count | Should -Be 1
    $admin.authorization.rules[0].roles | Should -Be 'Administrators'
    $admin.authorization.rules[0].accessType | Should -Be 'Allow'
  }

  It 'defect 3: values wrapped in ConfigurationAttribute and plain values read the same' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } {
      param($site, $path, $name)
      switch ($name) {
        'system.webServer/security/authentication/basicAuthentication' { New-Element @{ enabled = (New-ConfigurationAttribute $true) } }
        'system.webServer/security/authentication/anonymousAuthentication' { New-Element @{ enabled = 'False'; userName = (New-ConfigurationAttribute '') } }
        'system.webServer/security/access' { New-Element @{ sslFlags = (New-ConfigurationAttribute 264) } }
        default { & $DefaultSection $site $path $name }
      }
    })
    $root = (Invoke-Collection).sites[0].paths | Where-Object { $_.path -eq '/' }
    $root.authentication.basic.enabled | Should -BeTrue
    $root.authentication.anonymous.enabled | Should -BeFalse   # the text 'False' is not $true
    $root.authentication.anonymous.userName | Should -Be ''      # empty: the app pool identity, not a type name
    $root.access.sslFlags | Should -Be 'Ssl,Ssl128'              # 8 + 256
  }

  It 'defect 1 and 4: folders and location paths are read at their own path, with what IIS merged there' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } {
      param($site, $path, $name)
      if ($name -eq 'system.webServer/security/authorization' -and $path -eq '/PM/admin/secure') { return New-Element -Items @(New-Rule Deny '*') }
      & $DefaultSection $site $path $name
    } -Locations @('Default Web Site/PM/admin/secure'))
    $paths = (Invoke-Collection).sites[0].paths
    $secure = $paths | Where-Object { $_.path -eq '/PM/admin/secure' }
    $secure.kind | Should -Be 'folder'
    $secure.physicalPath | Should -Be 'C:\PM\Admin\secure'
    $secure.authorization.rules[0].accessType | Should -Be 'Deny'
    ($paths | Where-Object { $_.path -eq '/PM' }).ancestorOnly | Should -BeTrue
  }

  It '401.501-401.504: IP restrictions travel with one entry as a list, denyAction 401 as Unauthorized, and the dynamic limits with their flags' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } {
      param($site, $path, $name)
      switch ($name) {
        'system.webServer/security/ipSecurity' { New-Element @{ allowUnlisted = $false; denyAction = 401; enableReverseDns = (New-ConfigurationAttribute $true) } -Items @(New-Element @{ ipAddress = '10.30.0.0'; subnetMask = '255.255.0.0'; domainName = ''; allowed = $true }) }
        'system.webServer/security/dynamicIpSecurity' {
          New-Element @{ denyAction = 'Unauthorized'; enableLoggingOnlyMode = $false } -Children @{
            denyByConcurrentRequests = (New-Element @{ enabled = $true; maxConcurrentRequests = [uint32]10 })
            denyByRequestRate = (New-Element @{ enabled = 'False'; maxRequests = [uint32]20; requestIntervalInMilliseconds = [uint32]200 })
          }
        }
        default { & $DefaultSection $site $path $name }
      }
    })
    $root = (Invoke-Collection).sites[0].paths | Where-Object { $_.path -eq '/' }
    ,$root.ipSecurity.entries | Should -BeOfType [object[]]
    $root.ipSecurity.entries[0].ipAddress | Should -Be '10.30.0.0'
    $root.ipSecurity.entries[0].allowed | Should -BeTrue
    $root.ipSecurity.denyAction | Should -Be 'Unauthorized'
    $root.ipSecurity.enableReverseDns | Should -BeTrue
    $root.dynamicIpSecurity.denyByConcurrentRequests.enabled | Should -BeTrue
    $root.dynamicIpSecurity.denyByConcurrentRequests.maxConcurrentRequests | Should -Be 10
    $root.dynamicIpSecurity.denyByRequestRate.enabled | Should -BeFalse
  }

  It '401.4 and 401.5: one ISAPI filter travels as a list; only ISAPI and CGI handler mappings are sent; the restriction list is read' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } {
      param($site, $path, $name)
      switch ($name) {
        'system.webServer/isapiFilters' { New-Element -Items @(New-Element @{ name = 'SSO agent'; path = 'C:\sso\agent.dll'; enabled = $true } -Tag 'filter') }
        'system.webServer/handlers' {
          New-Element -Items @(
            (New-Element @{ name = 'StaticFile'; path = '*'; verb = '*'; modules = 'StaticFileModule,DefaultDocumentModule'; scriptProcessor = ''; preCondition = '' }),
            (New-Element @{ name = 'Perl'; path = '*.pl'; verb = 'GET,POST'; modules = 'CgiModule'; scriptProcessor = 'C:\perl\perl.exe'; preCondition = '' })
          )
        }
        default { & $DefaultSection $site $path $name }
      }
    })
    $facts = Invoke-Collection
    $root = $facts.sites[0].paths | Where-Object { $_.path -eq '/' }
    ,$root.isapiFilters.filters | Should -BeOfType [object[]]
    $root.isapiFilters.filters[0].name | Should -Be 'SSO agent'
    @($root.handlers.handlers).Count | Should -Be 1
    $root.handlers.handlers[0].scriptProcessor | Should -Be 'C:\perl\perl.exe'
    $facts.isapiCgiRestriction | Should -Not -BeNullOrEmpty
  }

  It 'defect 7: verbs travel with each rule' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } {
      param($site, $path, $name)
      if ($name -eq 'system.webServer/security/authorization') { return New-Element -Items @((New-Rule Deny '*' -Verbs 'POST'), (New-Rule Allow -Roles 'Administrators')) }
      & $DefaultSection $site $path $name
    })
    $admin = (Invoke-Collection).sites[0].paths | Where-Object { $_.path -eq '/PM/admin' }
    $admin.authorization.rules[0].verbs | Should -Be 'POST'
    $admin.authorization.rules[1].verbs | Should -Be ''
  }

  It 'defect 5: roles named by the host''s own rules are resolved when nothing asks for them' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } {
      param($site, $path, $name)
      if ($name -eq 'system.webServer/security/authorization') { return New-Element -Items @(New-Rule Allow -Roles 'Administrators') }
      & $DefaultSection $site $path $name
    })
    $doc = Invoke-Collection @{ roles = @(); userSids = @(); paths = @() }
    $doc.principals.Count | Should -Be 1
    $doc.principals[0].name | Should -Be 'Administrators'
    $doc.principals[0].sid | Should -Be 'S-1-5-32-544'
    $doc.principals[0].members[0].name | Should -Be 'CORP\pm-admins'
  }

  It 'defect 6: a group whose members cannot be read keeps its SID and says why' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } $DefaultSection)
    Mock Get-GroupMembers { throw 'Failed to compare two elements in the array.' }
    $doc = Invoke-Collection @{ roles = @('Administrators'); userSids = @(); paths = @() }
    $doc.principals[0].sid | Should -Be 'S-1-5-32-544'
    $doc.principals[0].membersError | Should -Match 'Failed to compare'
  }

  It 'defect 11: ACL entries keep their order, signed rights and whether they are inherited' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } $DefaultSection)
    Mock Get-FolderAccessRules {
      @(
        [pscustomobject]@{ PSTypeName = 'System.Security.AccessControl.FileSystemAccessRule'; IdentityReference = [pscustomobject]@{ Value = 'BUILTIN\Users' }; FileSystemRights = 1179817; AccessControlType = 0; InheritanceFlags = 3; PropagationFlags = 0; IsInherited = $false },
        [pscustomobject]@{ PSTypeName = 'System.Security.AccessControl.FileSystemAccessRule'; IdentityReference = [pscustomobject]@{ Value = 'BUILTIN\Users' }; FileSystemRights = -1610612736; AccessControlType = 1; InheritanceFlags = 3; PropagationFlags = 2; IsInherited = $true }
      )
    }
    $root = (Invoke-Collection).sites[0].paths | Where-Object { $_.path -eq '/' }
    $root.acl.entries.Count | Should -Be 2
    $root.acl.entries[0].inherited | Should -BeFalse
    $root.acl.entries[1].rights | Should -Be -1610612736
    $root.acl.entries[1].type | Should -Be 1
    $root.acl.entries[1].inherited | Should -BeTrue
  }

  It 'defect 12: each application names its own pool, and every pool its identity type' {
    $sites = @(@{ name = 'S'; apps = @(@{ path = '/'; pool = 'PM'; physicalPath = 'C:\a' }, @{ path = '/svc'; pool = 'Svc'; physicalPath = 'C:\b' }) })
    Use-Host (New-Manager $sites @{ PM = 'ApplicationPoolIdentity'; Svc = 2 } $DefaultSection)
    $doc = Invoke-Collection
    ($doc.sites[0].paths | Where-Object { $_.path -eq '/svc' }).appPool | Should -Be 'Svc'
    ($doc.appPools | Where-Object { $_.name -eq 'Svc' }).identityType | Should -Be 'NetworkService'
  }

  It 'defect 19: a site whose pool was deleted and a site that cannot be read leave the other sites read' {
    $sites = @(
      @{ name = 'Broken'; apps = @(@{ path = '/'; pool = 'Deleted'; physicalPath = 'C:\x' }) },
      @{ name = 'Unreadable'; apps = @(@{ path = '/'; pool = 'PM'; physicalPath = 'C:\y' }) },
      @{ name = 'Healthy'; apps = @(@{ path = '/'; pool = 'PM'; physicalPath = 'C:\z' }) }
    )
    Use-Host (New-Manager $sites @{ PM = 'ApplicationPoolIdentity' } {
      param($site, $path, $name)
      if ($site -eq 'Unreadable') { throw 'Cannot read configuration file due to insufficient permissions' }
      & $DefaultSection $site $path $name
    })
    $doc = Invoke-Collection
    ($doc.sites | Where-Object { $_.name -eq 'Broken' }).paths[0].appPool | Should -Be 'Deleted'
    ($doc.appPools | Where-Object { $_.name -eq 'Deleted' }) | Should -BeNullOrEmpty
    # Each section fails on its own: the reason is kept with the section, the site is still listed.
    ($doc.sites | Where-Object { $_.name -eq 'Unreadable' }).paths[0].authorization.error | Should -Match 'insufficient permissions'
    ($doc.sites | Where-Object { $_.name -eq 'Healthy' }).paths[0].authentication.anonymous.enabled | Should -BeTrue
  }

  It 'a BackConnectionHostNames value with one name is sent as a list of one' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } $DefaultSection)
    Mock Get-RegistryValue { param($Path, $Name) if ($Name -eq 'BackConnectionHostNames') { [string[]]@('pm.corp.example.com') } else { $null } }
    $doc = Invoke-Collection
    ,$doc.loopback.backConnectionHostNames | Should -BeOfType [object[]]
    $doc.loopback.backConnectionHostNames[0] | Should -Be 'pm.corp.example.com'
  }

  It 'defect 16: a PAC file URL and the binary DefaultConnectionSettings are collected' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } $DefaultSection)
    Mock Get-RegistryValue {
      param($Path, $Name)
      switch ($Name) { 'AutoConfigURL' { 'http://wpad.corp/proxy.pac' } 'DefaultConnectionSettings' { [byte[]](70, 0, 0, 0, 9, 0, 0, 0, 13) } 'ProxyEnable' { 0 } default { $null } }
    }
    $doc = Invoke-Collection
    $doc.proxy.machine.autoConfigUrl | Should -Be 'http://wpad.corp/proxy.pac'
    [Convert]::FromBase64String($doc.proxy.machine.defaultConnectionSettings)[8] | Should -Be 13
  }

  It 'defect 20: the machine reports its own name' {
    Use-Host (New-Manager $OneSite @{ PM = 'ApplicationPoolIdentity' } $DefaultSection)
    (Invoke-Collection).computer.name | Should -Be 'WEB01'
  }
}

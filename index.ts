// Reference fleet: an Azure resource group and network, one Windows Server VM per server (domain
// join and OpenSSH extensions), and the iisguard declarations of the IIS sites and hosts on them.
// `pulumi config set scenario <name>` declares one of the broken variants in reference-fleet/scenarios.ts.
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import * as random from "@pulumi/random";
import { DOMAIN, type ServerDeclaration } from "./reference-fleet/declarations";
import { scenarioFleet } from "./reference-fleet/scenarios";
import * as iis from "./iis";

const config = new pulumi.Config();
const scenario = config.get("scenario") ?? "clean";
const location = config.get("location") ?? "westeurope";
const fleet = scenarioFleet(scenario);

const group = new resources.ResourceGroup("iis-fleet", { location });
const vnet = new network.VirtualNetwork("iis-fleet", {
  resourceGroupName: group.name,
  location,
  addressSpace: { addressPrefixes: ["10.40.0.0/16"] },
});
const subnet = new network.Subnet("web", {
  resourceGroupName: group.name,
  virtualNetworkName: vnet.name,
  addressPrefix: "10.40.1.0/24",
});

function windowsVm(s: ServerDeclaration): compute.VirtualMachine {
  const nic = new network.NetworkInterface(s.name, {
    resourceGroupName: group.name,
    location,
    ipConfigurations: [{ name: "primary", subnet: { id: subnet.id }, privateIPAllocationMethod: "Dynamic" }],
  });
  // A per-VM random local admin password, kept as a secret in the stack state; nobody types it.
  const adminPassword = new random.RandomPassword(`${s.name}-admin`, { length: 24, special: true });
  return new compute.VirtualMachine(s.name, {
    resourceGroupName: group.name,
    location,
    vmName: s.name,
    hardwareProfile: { vmSize: "Standard_D2s_v5" },
    networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
    osProfile: {
      computerName: s.name,
      adminUsername: "iisadmin",
      adminPassword: adminPassword.result,
      windowsConfiguration: { provisionVMAgent: true, enableAutomaticUpdates: true },
    },
    storageProfile: {
      imageReference: {
        publisher: "MicrosoftWindowsServer",
        offer: "WindowsServer",
        sku: "2022-datacenter-azure-edition",
        version: "latest",
      },
      osDisk: { createOption: "FromImage", osType: "Windows", managedDisk: { storageAccountType: "Premium_LRS" } },
    },
  });
}

function extensions(s: ServerDeclaration, vm: compute.VirtualMachine): void {
  if (s.domainJoin) {
    new compute.VirtualMachineExtension(`${s.name}-domain-join`, {
      resourceGroupName: group.name,
      vmName: vm.name,
      location,
      publisher: "Microsoft.Compute",
      type: "JsonADDomainExtension",
      typeHandlerVersion: "1.3",
      settings: { Name: DOMAIN, OUPath: "OU=Web,DC=corp,DC=example,DC=com", User: `CORP\\svc-domainjoin`, Restart: "true", Options: "3" },
      // The join password stays in Key Vault; the program never sees it.
      protectedSettingsFromKeyVault: {
        secretUrl: config.get("domainJoinSecretUrl") ?? "https://corp-vault.vault.azure.net/secrets/domain-join-password",
        sourceVault: {
          id:
            config.get("domainJoinVaultId") ??
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/corp-keys/providers/Microsoft.KeyVault/vaults/corp-vault",
        },
      },
    });
  }
  if (s.openSsh) {
    new compute.VirtualMachineExtension(`${s.name}-openssh`, {
      resourceGroupName: group.name,
      vmName: vm.name,
      location,
      publisher: "Microsoft.Azure.OpenSSH",
      type: "WindowsOpenSSH",
      typeHandlerVersion: "3.0",
    });
  }
}

export const servers = fleet.servers.map((s) => {
  const vm = windowsVm(s);
  extensions(s, vm);
  const server = fleet.serverFromVmOutput ? vm.name : s.name;
  new iis.Host(s.name, { ...s.host, server, vm });
  new iis.Site(`${s.name}-pm`, { ...s.site, server, vm });
  return s.name;
});
export const selectedScenario = scenario;

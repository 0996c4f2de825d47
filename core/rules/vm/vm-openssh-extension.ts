import { OPENSSH_EXTENSION, isExtension } from "../../model";
import { compliant, defineRule, notApplicable, violation } from "../../rule";
import { vmTarget } from "../../location";

export default defineRule({
  id: "vm-openssh-extension",
  title: "Fleet VMs can be reached by the collectors",
  subject: "vm",
  severity: "low",
  level: "advisory",
  substatus: null,
  reads: ["vm.extensions"],
  docs: {
    checks: "A Windows VM that hosts an iisguard Site or Host has the Microsoft.Azure.OpenSSH WindowsOpenSSH extension.",
    why: "iisguard's collectors read the deployed configuration over SSH. Without OpenSSH the nightly scan cannot see drift on this VM and reports it as unknown.",
    fix: "Add a VirtualMachineExtension with publisher Microsoft.Azure.OpenSSH and type WindowsOpenSSH.",
    example: `new azure.compute.VirtualMachine("web01", {...})  // no WindowsOpenSSH extension`,
  },
  messages: {
    missing:
      "VM {target} has no WindowsOpenSSH extension: iisguard's collectors cannot read what is deployed on it. Add the Microsoft.Azure.OpenSSH extension.",
  },
  check({ vm, sites, hosts }) {
    if (!vm.windows) return notApplicable("not a Windows VM");
    if (sites.length === 0 && hosts.length === 0) return notApplicable("no iisguard Site or Host runs on this VM");
    return vm.extensions.some((e) => isExtension(e, OPENSSH_EXTENSION)) ? compliant() : violation("missing", { target: vmTarget(vm) });
  },
});

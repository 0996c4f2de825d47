import { DOMAIN_JOIN_EXTENSION, isExtension, usesWindowsAuth } from "../../model";
import { compliant, defineRule, notApplicable, violation } from "../../rule";
import { vmTarget } from "../../location";
import { sameName } from "../../names";

export default defineRule({
  id: "vm-domain-join-extension",
  title: "A VM hosting Windows-auth sites joins the domain",
  subject: "vm",
  severity: "high",
  level: "mandatory",
  substatus: "401.1",
  reads: ["vm.extensions", "site.applications.authentication", "host.domain"],
  docs: {
    checks:
      "An Azure VM that hosts a Windows-auth site has a JsonADDomainExtension, and its domain matches the Host.domain declared for that server.",
    why: "Without the join the server cannot validate domain accounts (401.1); joined to another domain than the one declared, users of the declared domain fail the same way.",
    fix: "Add a Microsoft.Compute JsonADDomainExtension to the VM with the users' domain in settings.Name.",
    example: `new azure.compute.VirtualMachine("web01", {...})  // hosts /PM/admin with Windows auth, no extension`,
  },
  messages: {
    missing:
      "VM {target} hosts Windows-auth site {site} but has no JsonADDomainExtension: domain users get 401.1. Add the AD join extension.",
    mismatch:
      "VM {target} joins domain '{joined}' but its host declares domain '{declared}': users of '{declared}' get 401.1. Join the declared domain.",
  },
  check({ vm, sites, hosts }) {
    const windowsSite = sites.find(usesWindowsAuth);
    if (!windowsSite) return notApplicable("the VM hosts no Windows-auth site");
    const join = vm.extensions.find((e) => isExtension(e, DOMAIN_JOIN_EXTENSION));
    if (!join) return violation("missing", { target: vmTarget(vm), site: `${windowsSite.server}/${windowsSite.siteName}` });
    const declared = hosts.find((h) => h.domain)?.domain;
    if (declared && join.domain && !sameName(declared, join.domain)) {
      return violation("mismatch", { target: vmTarget(vm), joined: join.domain, declared });
    }
    return compliant();
  },
});

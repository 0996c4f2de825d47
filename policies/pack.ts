// The policy pack that `pulumi preview --policy-pack ./policies` loads (through index.js).
// Constructing the PolicyPack starts the analyzer server, so nothing else happens here.
import { PolicyPack } from "@pulumi/policy";
import { iisguardPolicies } from "./policies";

new PolicyPack("iisguard", {
  description: "Fails a preview when IIS sites or their hosts are configured in a way that makes users see HTTP 401.",
  provider: "azure-native",
  tags: ["iis", "authentication", "azure"],
  policies: iisguardPolicies(),
});

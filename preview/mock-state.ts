// What the mocks return for outputs a provider computes, in a non-preview run. Only the outputs
// the adapters read; everything else stays as the inputs were.
import * as pulumi from "@pulumi/pulumi";

/** A value in the wire form of a secret, as a provider marks its secret outputs. */
function secret(value: string): Record<string, string> {
  return { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value };
}

export function computedOutputs(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case "azure-native:compute:VirtualMachine":
      return { name: inputs.vmName ?? name, vmId: `00000000-0000-0000-0000-${name.padStart(12, "0").slice(-12)}` };
    case "random:index/randomPassword:RandomPassword":
      return { result: secret("mock-password-never-real") };
    default:
      return { name: inputs.name ?? name };
  }
}

// Resources (as CrossGuard's AnalyzeStack or a stack export presents them) → the one model. The
// pack and the scanner both use it; nothing here loads @pulumi/* (test/architecture/layers.test.ts).
// Declared iisguard Sites and Hosts come from their registered outputs; Azure VMs and their
// extensions from azure-native properties. Joins happen by URN, never by position.
import { normalizeHost } from "../core/spec/host-spec";
import { UNKNOWN } from "../core/spec/reader";
import { normalizeSite } from "../core/spec/site-spec";
import type { Fleet, VirtualMachine, VmExtension } from "../core/model";
import { HOST_TYPE, SITE_TYPE } from "../iis/types";
import { plainData } from "./plain-data";
import { sameName } from "../core/names";

export const VM_TYPE = "azure-native:compute:VirtualMachine";
export const EXTENSION_TYPE = "azure-native:compute:VirtualMachineExtension";

/** The parts of a resource the adapter needs; matches @pulumi/policy's PolicyResource. */
export interface ResourceLike {
  type: string;
  urn: string;
  name: string;
  props: Record<string, unknown>;
  propertyDependencies?: Record<string, { urn: string }[]>;
}

export interface UnreadableResource {
  resource: string;
  message: string;
}

export interface AdaptedFleet {
  fleet: Fleet;
  /** Resources that could not be turned into the model, with the reason (shown, never dropped silently). */
  unreadable: UnreadableResource[];
}

type Plain = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const obj = (v: unknown): Plain => (v !== null && typeof v === "object" ? (v as Plain) : {});

function isWindowsVm(p: Plain): boolean {
  const os = obj(p.osProfile);
  if (os.windowsConfiguration !== undefined && os.windowsConfiguration !== null) return true;
  const storage = obj(p.storageProfile);
  if (str(obj(storage.osDisk).osType)?.toLowerCase() === "windows") return true;
  return /windows/i.test(str(obj(storage.imageReference).publisher) ?? "");
}

function adaptVm(r: ResourceLike, p: Plain): VirtualMachine {
  const unknown: string[] = [];
  const name = p.vmName === UNKNOWN ? (unknown.push("name"), r.name) : (str(p.vmName) ?? str(p.name) ?? r.name);
  return { resource: r.urn, name, windows: isWindowsVm(p), extensions: [], unknown };
}

function adaptExtension(r: ResourceLike, p: Plain): VmExtension | typeof UNKNOWN {
  // The extension's kind is its `type` input; an ARM type ("Microsoft.Compute/...") in its place
  // means the state carries the resource type instead, and the kind is in typePropertiesType.
  const rawType = str(p.type)?.includes("/") ? p.typePropertiesType : p.type;
  if (p.publisher === UNKNOWN || rawType === UNKNOWN) return UNKNOWN;
  const settings = obj(p.settings);
  const domain = str(settings.Name) ?? str(settings.name);
  return {
    resource: r.urn,
    name: str(p.vmExtensionName) ?? r.name,
    publisher: str(p.publisher) ?? "",
    type: str(rawType) ?? "",
    ...(domain ? { domain } : {}),
  };
}

function vmOfExtension(r: ResourceLike, p: Plain, vms: VirtualMachine[]): VirtualMachine | undefined {
  const byDependency = r.propertyDependencies?.vmName?.map((d) => d.urn) ?? [];
  const dependent = vms.find((vm) => byDependency.includes(vm.resource));
  if (dependent) return dependent;
  const vmName = str(p.vmName);
  return vmName === undefined ? undefined : vms.find((vm) => sameName(vm.name, vmName));
}

function describe(problems: { path: string; message: string }[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join("; ");
}

/** `toPlain` reads properties out of whatever holds them (the pack passes the SDK-aware reader). */
export function adaptFleet(
  resources: readonly ResourceLike[],
  toPlain: (props: unknown) => unknown = (props) => plainData(props),
): AdaptedFleet {
  const fleet: Fleet = { sites: [], hosts: [], vms: [] };
  const unreadable: UnreadableResource[] = [];
  const plain = resources.map((r) => ({ r, p: obj(toPlain(r.props)) }));

  for (const { r, p } of plain) {
    if (r.type === VM_TYPE) fleet.vms.push(adaptVm(r, p));
  }
  for (const { r, p } of plain) {
    if (r.type === SITE_TYPE) {
      const { spec, unknown, problems } = normalizeSite(p);
      if (problems.length > 0) unreadable.push({ resource: r.urn, message: `iis.Site '${r.name}' is invalid: ${describe(problems)}` });
      else fleet.sites.push({ ...spec, origin: "declared", resource: r.urn, unknown });
    } else if (r.type === HOST_TYPE) {
      const { spec, unknown, problems } = normalizeHost(p);
      if (problems.length > 0) unreadable.push({ resource: r.urn, message: `iis.Host '${r.name}' is invalid: ${describe(problems)}` });
      else fleet.hosts.push({ ...spec, origin: "declared", resource: r.urn, unknown });
    } else if (r.type === EXTENSION_TYPE) {
      const vm = vmOfExtension(r, p, fleet.vms);
      if (!vm) continue; // an extension of a VM outside this stack: nothing of ours to judge
      const ext = adaptExtension(r, p);
      if (ext === UNKNOWN) {
        if (!vm.unknown.includes("extensions")) vm.unknown.push("extensions");
      } else vm.extensions.push(ext);
    }
  }
  return { fleet, unreadable };
}

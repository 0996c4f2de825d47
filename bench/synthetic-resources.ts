// Resources in the wire form the engine sends analyzers, made up for the policy benchmarks:
// an iisguard fleet (sites with two applications each, ten per server, and the servers' hosts) and
// AWS EC2 instances for AWSGuard. Both are compliant, so both packs run every check and report nothing.
import type { WireResource } from "../preview/pack-process";

export const serverName = (i: number): string => `h${String(i + 1).padStart(5, "0")}`;

export function syntheticSites(count: number, servers: number): WireResource[] {
  return Array.from({ length: count }, (_, i) => ({
    type: "iisguard:index:Site",
    urn: `urn:pulumi:bench::fleet::iisguard:index:Site::site${i}`,
    name: `site${i}`,
    properties: {
      server: serverName(i % servers),
      siteName: `Site ${i}`,
      physicalPath: "C:\\inetpub\\wwwroot",
      appPool: { name: "PM", identity: "ApplicationPoolIdentity" },
      bindings: [{ protocol: "https", port: 443, hostName: `s${i}.corp.example.com` }],
      applications: [
        { path: "/", authentication: ["anonymous"], authorization: [], inheritAuthorization: true, localClients: false, requireSsl: false },
        {
          path: "/admin",
          authentication: ["windows"],
          authorization: [{ access: "allow", users: [], roles: ["Administrators"] }],
          inheritAuthorization: false,
          localClients: false,
          requireSsl: false,
        },
      ],
      roleAssignments: [{ role: "Administrators", members: ["CORP\\a"] }],
    },
  }));
}

/** The hosts of `servers` servers: joined to the domain, a proxy that bypasses the intranet. */
export function syntheticHosts(servers: number): WireResource[] {
  return Array.from({ length: servers }, (_, i) => ({
    type: "iisguard:index:Host",
    urn: `urn:pulumi:bench::fleet::iisguard:index:Host::${serverName(i)}`,
    name: serverName(i),
    properties: {
      server: serverName(i),
      domain: "corp.example.com",
      loopback: { disableLoopbackCheck: false, backConnectionHostNames: [] },
      proxy: { enabled: true, server: "proxy.corp.example.com:8080", bypassLocal: true, bypassList: ["*.corp.example.com"] },
    },
  }));
}

/** `count` resources: sites, ten per server, and one host per server. */
export function syntheticFleet(count: number): WireResource[] {
  const servers = Math.max(1, Math.round(count / 11));
  return [...syntheticSites(count - servers, servers), ...syntheticHosts(servers)];
}

/** EC2 instances that pass AWSGuard's instance policies. */
export function syntheticInstances(count: number): WireResource[] {
  return Array.from({ length: count }, (_, i) => ({
    type: "aws:ec2/instance:Instance",
    urn: `urn:pulumi:bench::fleet::aws:ec2/instance:Instance::vm${i}`,
    name: `vm${i}`,
    properties: {
      ami: "ami-0123456789abcdef0",
      instanceType: "t3.medium",
      monitoring: true,
      associatePublicIpAddress: false,
      rootBlockDevice: { encrypted: true, deleteOnTermination: true, volumeSize: 64 },
      ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeId: `vol-${i}`, encrypted: true, deleteOnTermination: true, volumeSize: 100 }],
      tags: { Name: `vm${i}` },
    },
  }));
}

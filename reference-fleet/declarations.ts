// The reference fleet as plain data: two Windows servers hosting a password-reset product's
// portals, configured the way its vendor's knowledge-base articles say they should be. Scenarios
// change one thing each; index.ts turns the result into Pulumi resources.
import type { ApplicationArgs, HostArgs, SiteArgs } from "./../iis";

export const DOMAIN = "corp.example.com";
export const PORTAL_HOST_NAME = `pm.${DOMAIN}`;

export interface ServerDeclaration {
  /** Computer name and Azure VM name. */
  name: string;
  site: Omit<SiteArgs, "server" | "vm">;
  host: Omit<HostArgs, "server" | "vm">;
  /** Azure VM extensions to install. */
  domainJoin: boolean;
  openSsh: boolean;
}

export interface FleetDeclaration {
  servers: ServerDeclaration[];
  /** Use the VM's computed name as the Site's server: unknown during a preview of a new VM. */
  serverFromVmOutput: boolean;
}

function portalApplications(): ApplicationArgs[] {
  return [
    { path: "/", authentication: ["anonymous"] },
    {
      path: "/PM/admin",
      physicalPath: "C:\\Program Files\\Password Manager\\Admin",
      authentication: ["windows"],
      // The vendor's knowledge base supports exactly one method per portal.
      expectSingleMethod: true,
      authorization: [{ access: "allow", roles: ["Administrators"] }],
      inheritAuthorization: false,
      // The product's service calls its own admin API by the portal's host name.
      localClients: true,
    },
    {
      path: "/PM/helpdesk",
      physicalPath: "C:\\Program Files\\Password Manager\\HelpDesk",
      authentication: ["windows"],
      expectSingleMethod: true,
      authorization: [{ access: "allow", roles: ["Help Desk Operators"] }],
      inheritAuthorization: false,
    },
    {
      path: "/PM/selfservice",
      physicalPath: "C:\\Program Files\\Password Manager\\SelfService",
      authentication: ["anonymous"],
      expectSingleMethod: true,
    },
  ];
}

function server(name: string): ServerDeclaration {
  return {
    name,
    site: {
      siteName: "Default Web Site",
      physicalPath: "C:\\inetpub\\wwwroot",
      appPool: { name: "PasswordManager", identity: "ApplicationPoolIdentity" },
      bindings: [
        { protocol: "https", port: 443, hostName: PORTAL_HOST_NAME },
        { protocol: "http", port: 80, hostName: PORTAL_HOST_NAME },
      ],
      applications: portalApplications(),
      // Where the portals' users come from, as IIS sees them: the head office's range, and a branch
      // office whose 40 users share one NAT address.
      clientNetworks: [
        { name: "Head office", addresses: ["10.20.0.0/16"], hostName: "hq-gw.corp.example.com" },
        { name: "Branch office", addresses: ["203.0.113.7"], hostName: "nat.branch.example.net", usersPerAddress: 40 },
      ],
      roleAssignments: [
        { role: "Administrators", members: ["CORP\\pm-admins"] },
        { role: "Help Desk Operators", members: ["CORP\\helpdesk-tier1", "CORP\\helpdesk-tier2"] },
      ],
    },
    host: {
      domain: DOMAIN,
      loopback: { disableLoopbackCheck: false, backConnectionHostNames: [PORTAL_HOST_NAME] },
      proxy: { enabled: true, server: `proxy.${DOMAIN}:8080`, bypassLocal: true, bypassList: [`*.${DOMAIN}`] },
    },
    domainJoin: true,
    openSsh: true,
  };
}

export function cleanFleet(): FleetDeclaration {
  return { servers: [server("web01"), server("web02")], serverFromVmOutput: false };
}

export function application(s: ServerDeclaration, path: string): ApplicationArgs {
  const app = s.site.applications.find((a) => a.path === path);
  if (!app) throw new Error(`the reference fleet has no application ${path}`);
  return app;
}

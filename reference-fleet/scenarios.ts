// Broken variants of the reference fleet, selected with `pulumi config set scenario <name>`: each
// reproduces one cause of 401 from the knowledge-base articles, so a user can watch its rule fire.
import { application, cleanFleet, type FleetDeclaration } from "./declarations";

export interface Scenario {
  name: string;
  description: string;
  /** Rule ids that must fire (and no other mandatory rule). Empty for the clean fleet. */
  expect: string[];
  /** The statuses the findings name ("401.503"), when a rule's violations carry their own. */
  substatuses?: string[];
  /** Rules that become undecidable during preview. */
  expectUnknown?: string[];
  apply(fleet: FleetDeclaration): void;
}

const web01 = (f: FleetDeclaration) => f.servers[0];
const web02 = (f: FleetDeclaration) => f.servers[1];

export const SCENARIOS: Scenario[] = [
  { name: "clean", description: "Everything as the vendor recommends.", expect: [], apply: () => undefined },
  {
    name: "no-auth-method",
    description: "All authentication methods cleared on /PM/admin.",
    expect: ["auth-method-required"],
    apply: (f) => void (application(web01(f), "/PM/admin").authentication = []),
  },
  {
    name: "anonymous-and-windows",
    description:
      "Anonymous left on next to Windows on /PM/helpdesk, whose rules allow only Help Desk Operators: IIS refuses anonymous users and challenges (mixed mode works), but the vendor expects one method (advisory).",
    expect: ["single-auth-method"],
    apply: (f) => void (application(web01(f), "/PM/helpdesk").authentication = ["anonymous", "windows"]),
  },
  {
    name: "anonymous-served",
    description:
      "Anonymous left on next to Windows on /PM/helpdesk and its role rule gone: the server default Allow * lets anonymous users in, the portal never sees who logs on and its role check answers 401.",
    expect: ["mixed-auth-admits-anonymous", "single-auth-method"],
    apply: (f) => {
      const helpdesk = application(web01(f), "/PM/helpdesk");
      Object.assign(helpdesk, { authentication: ["anonymous", "windows"], authorization: [], inheritAuthorization: true });
    },
  },
  {
    name: "basic-over-http",
    description: "Basic instead of Windows on /PM/admin, with the site still bound to http.",
    expect: ["basic-auth-requires-tls"],
    apply: (f) => void (application(web01(f), "/PM/admin").authentication = ["basic"]),
  },
  {
    name: "no-windows-providers",
    description: "Windows authentication with its providers removed on /PM/helpdesk.",
    expect: ["windows-auth-providers"],
    apply: (f) => void (application(web01(f), "/PM/helpdesk").windowsProviders = []),
  },
  {
    name: "deny-all",
    description: "A Deny for all users added to /PM/admin next to the Administrators Allow.",
    expect: ["authorization-admits-someone"],
    apply: (f) => void application(web01(f), "/PM/admin").authorization!.push({ access: "deny", users: ["*"] }),
  },
  {
    name: "deny-builtin-users",
    description:
      "A Deny for role Users on /PM/admin: every authenticated user's token carries BUILTIN\\Users, so it shadows the Administrators Allow.",
    expect: ["authorization-admits-someone"],
    apply: (f) => void application(web01(f), "/PM/admin").authorization!.unshift({ access: "deny", roles: ["Users"] }),
  },
  {
    name: "anonymous-denied",
    description:
      'A site-wide deny users="?" at the root of web01, inherited by the anonymous-only /PM/selfservice: every request gets 401 with no way to log on.',
    expect: ["authorization-admits-someone"],
    apply: (f) => void (application(web01(f), "/").authorization = [{ access: "deny", users: ["?"] }]),
  },
  {
    name: "aspnet-deny-all",
    description:
      "/PM/admin's web.config denies everyone in system.web/authorization before allowing Administrators: ASP.NET refuses every page with 401.",
    expect: ["aspnet-authorization-admits-someone"],
    apply: (f) =>
      void (application(web01(f), "/PM/admin").aspNetAuthorization = [
        { access: "deny", users: ["*"] },
        { access: "allow", roles: ["Administrators"] },
      ]),
  },
  {
    name: "read-only-admin",
    description: "/PM/admin denies POST to everyone: a verb-scoped Deny is a read-only portal, not a 401 (browsing with GET still works).",
    expect: [],
    apply: (f) => void application(web01(f), "/PM/admin").authorization!.unshift({ access: "deny", users: ["*"], verbs: ["POST"] }),
  },
  {
    name: "office-ip-denied",
    description:
      "/PM/admin admits only the admins' VPN range (allowUnlisted false, denyAction Unauthorized): the head office and the branch get 401.503 before they can log on.",
    expect: ["ip-restrictions-admit-users"],
    substatuses: ["401.503"],
    apply: (f) =>
      void (application(web01(f), "/PM/admin").ipSecurity = {
        allowUnlisted: false,
        denyAction: "Unauthorized",
        entries: [{ ipAddress: "10.30.0.0", subnetMask: "255.255.0.0", allowed: true }],
      }),
  },
  {
    name: "branch-domain-denied",
    description:
      "/PM/helpdesk denies host names *.branch.example.net with reverse DNS on: the branch office, whose NAT address resolves to nat.branch.example.net, gets 401.504.",
    expect: ["ip-restrictions-admit-users"],
    substatuses: ["401.504"],
    apply: (f) =>
      void (application(web01(f), "/PM/helpdesk").ipSecurity = {
        denyAction: "Unauthorized",
        enableReverseDns: true,
        entries: [{ domainName: "*.branch.example.net", allowed: false }],
      }),
  },
  {
    name: "branch-rate-limited",
    description:
      "Dynamic IP restrictions on web01's site allow 10 concurrent requests per address: the branch office's 40 users behind one NAT address are locked out with 401.501.",
    expect: ["dynamic-ip-limits-fit-users"],
    substatuses: ["401.501"],
    apply: (f) => void (application(web01(f), "/").dynamicIpSecurity = { denyAction: "Unauthorized", maxConcurrentRequests: 10 }),
  },
  {
    name: "isapi-filter",
    description:
      "A single sign-on agent installed as an ISAPI filter on /PM/admin: when the log shows 401.4, the filter is the named suspect (advisory).",
    expect: ["isapi-authorization-suspects"],
    apply: (f) =>
      void (application(web01(f), "/PM/admin").isapiFilters = [{ name: "SSO agent", path: "C:\\Program Files\\SSO\\WebAgent.dll" }]),
  },
  {
    name: "empty-role",
    description: "Nobody is in Help Desk Operators on web02.",
    expect: ["role-assignments-exist", "authorization-admits-someone"],
    apply: (f) => void (web02(f).site.roleAssignments![1].members = []),
  },
  {
    name: "loopback-names-missing",
    description: "BackConnectionHostNames not set on web01, which calls its own admin portal by FQDN.",
    expect: ["loopback-check-allows-host-names"],
    apply: (f) => void (web01(f).host.loopback = {}),
  },
  {
    name: "loopback-disabled",
    description: "DisableLoopbackCheck=1 on web02 instead of listing the names.",
    expect: ["loopback-check-disabled"],
    apply: (f) => void (web02(f).host.loopback = { disableLoopbackCheck: true }),
  },
  {
    name: "proxy-not-bypassed",
    description: "Proxy on web01 bypasses only <local>, which does not cover pm.corp.example.com.",
    expect: ["proxy-bypass-intranet-sites"],
    apply: (f) => void (web01(f).host.proxy = { enabled: true, server: "proxy.corp.example.com:8080", bypassLocal: true }),
  },
  {
    name: "not-domain-joined",
    description: "web02 is not joined to the domain: no Host.domain, no AD join extension.",
    expect: ["windows-auth-requires-domain", "vm-domain-join-extension"],
    apply: (f) => {
      delete web02(f).host.domain;
      web02(f).domainJoin = false;
    },
  },
  {
    name: "no-openssh",
    description: "web02 has no WindowsOpenSSH extension: the collectors cannot reach it.",
    expect: ["vm-openssh-extension"],
    apply: (f) => void (web02(f).openSsh = false),
  },
  {
    name: "server-unknown",
    description: "Sites name their server by the VM's computed name: unknown while the VMs are new.",
    expect: [],
    expectUnknown: ["loopback-check-allows-host-names", "windows-auth-requires-domain"],
    apply: (f) => void (f.serverFromVmOutput = true),
  },
];

export function scenarioFleet(name: string): FleetDeclaration {
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) {
    throw new Error(
      `config 'scenario': unknown scenario ${JSON.stringify(name)}; expected one of ${SCENARIOS.map((s) => s.name).join(", ")}`,
    );
  }
  const fleet = cleanFleet();
  scenario.apply(fleet);
  return fleet;
}

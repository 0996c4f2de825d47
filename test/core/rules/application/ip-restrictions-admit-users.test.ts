// Expectations from "IP Security <ipSecurity>" (learn.microsoft.com/iis/configuration/system.webServer/security/ipSecurity):
// entries "are processed in order", allowUnlisted "is processed last in ordering", domain names need
// reverse DNS (IPSecuritySection and IPAddressFilterElement classes, learn.microsoft.com/iis/wmi-provider/);
// denyAction picks the status; IIS substatus 503 (address) and 504 (host name) per KB943891.
import type { ClientNetwork, Fleet, IpSecurity } from "../../../../core/model";
import rule from "../../../../core/rules/application/ip-restrictions-admit-users";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const admin = "web01/Default Web Site/PM/admin";
const HQ: ClientNetwork = { name: "HQ", addresses: ["10.20.0.0/16"], hostName: "gw.hq.corp.example.com" };
const section = (o: Partial<IpSecurity> = {}): IpSecurity => ({
  allowUnlisted: true,
  denyAction: "Unauthorized",
  enableReverseDns: false,
  entries: [],
  ...o,
});
/** HQ declared; `ip` in force at /PM/admin. */
const at =
  (ip: IpSecurity, networks: ClientNetwork[] = [HQ]) =>
  (f: Fleet) => {
    f.sites[0].clientNetworks = networks;
    appAt(f, "/PM/admin").ipSecurity = ip;
  };

testRule(rule, {
  valid: [
    { name: "no entries, allowUnlisted", change: at(section()) },
    {
      name: "allowUnlisted false, the users' range allowed",
      change: at(section({ allowUnlisted: false, entries: [{ ipAddress: "10.20.0.0", subnetMask: "255.255.0.0", allowed: true }] })),
    },
    {
      name: "a Deny for another range",
      change: at(section({ entries: [{ ipAddress: "192.168.0.0", subnetMask: "255.255.0.0", allowed: false }] })),
    },
    {
      name: "first match wins: an Allow for the range before a Deny for everything wider",
      change: at(
        section({
          entries: [
            { ipAddress: "10.20.0.0", subnetMask: "255.255.0.0", allowed: true },
            { ipAddress: "10.0.0.0", subnetMask: "255.0.0.0", allowed: false },
          ],
        }),
      ),
    },
    {
      name: "a domain Deny without enableReverseDns matches nobody",
      change: at(section({ entries: [{ domainName: "*.hq.corp.example.com", allowed: false }] })),
    },
    {
      name: "the restrictions of the site root apply below until a path declares its own",
      change: (f) => {
        at(section())(f);
        delete appAt(f, "/PM/admin").ipSecurity;
        appAt(f, "/").ipSecurity = section({ entries: [{ ipAddress: "172.16.0.1", allowed: false }] });
      },
    },
  ],
  invalid: [
    {
      name: "allowUnlisted false and no entry for the users: 401.503",
      change: at(section({ allowUnlisted: false })),
      errors: [
        {
          messageId: "networkDenied",
          substatus: "401.503",
          data: {
            target: admin,
            network: "HQ",
            scope: "all of",
            status: "HTTP 401.503",
            reason: "no entry allows these addresses and allowUnlisted is false",
          },
        },
      ],
    },
    {
      name: "a Deny for a wider range, first in order",
      change: at(
        section({
          entries: [
            { ipAddress: "10.0.0.0", subnetMask: "255.0.0.0", allowed: false },
            { ipAddress: "10.20.0.0", subnetMask: "255.255.0.0", allowed: true },
          ],
        }),
      ),
      errors: [
        { messageId: "networkDenied", substatus: "401.503", data: { scope: "all of", reason: "entry 1 denies 10.0.0.0 mask 255.0.0.0" } },
      ],
    },
    {
      name: "a Deny for one address inside the users' range denies part of it",
      change: at(section({ entries: [{ ipAddress: "10.20.5.7", allowed: false }] })),
      errors: [{ messageId: "networkDenied", substatus: "401.503", data: { scope: "part of" } }],
    },
    {
      name: "a domain Deny matching the network's reverse DNS name: 401.504",
      change: at(section({ enableReverseDns: true, entries: [{ domainName: "*.HQ.corp.example.com", allowed: false }] })),
      errors: [{ messageId: "networkDenied", substatus: "401.504", data: { status: "HTTP 401.504" } }],
    },
    {
      name: "denyAction Forbidden (IIS's default): users get 403.503, and the finding says so",
      change: at(section({ allowUnlisted: false, denyAction: "Forbidden" })),
      errors: [{ messageId: "networkDenied", substatus: "403.503", data: { status: "HTTP 403.503" } }],
    },
    {
      name: "NAT: the office reaches the server from its public address, which a Deny names",
      change: at(section({ entries: [{ ipAddress: "203.0.113.0", subnetMask: "255.255.255.0", allowed: false }] }), [
        HQ,
        { name: "Branch", addresses: ["203.0.113.7"], usersPerAddress: 40 },
      ]),
      errors: [{ messageId: "networkDenied", data: { network: "Branch", scope: "all of" } }],
    },
  ],
  notApplicable: [
    {
      name: "no client networks declared",
      change: (f) => void (appAt(f, "/PM/admin").ipSecurity = section({ allowUnlisted: false })),
      reason: /no client networks/,
    },
    { name: "no restrictions in force", change: (f) => void (f.sites[0].clientNetworks = [HQ]), reason: /no IP and domain restrictions/ },
    {
      name: "IpRestrictionModule not enabled",
      change: (f) => {
        at(section({ allowUnlisted: false }))(f);
        appAt(f, "/PM/admin").modules = ["WindowsAuthenticationModule", "UrlAuthorizationModule"];
      },
      reason: /IpRestrictionModule is not enabled/,
    },
  ],
  unknown: [
    {
      name: "a domain entry and a network without hostName",
      change: at(section({ enableReverseDns: true, entries: [{ domainName: "*.example.net", allowed: false }] }), [
        { name: "VPN", addresses: ["10.30.0.0/16"] },
      ]),
      reason: /declares no hostName/,
    },
    {
      name: "an IPv6 network is not evaluated",
      change: at(section({ allowUnlisted: false }), [{ name: "v6", addresses: ["2001:db8::/32"] }]),
      reason: /not IPv4/,
    },
    {
      name: "restrictions not collected",
      change: (f) => {
        at(section())(f);
        f.sites[0].unknown.push("applications.ipSecurity");
      },
      reason: /ipSecurity is not known/,
    },
  ],
});

// Expectations from "Dynamic IP Security <dynamicIpSecurity>" and its children denyByConcurrentRequests
// (maxConcurrentRequests) and denyByRequestRate (maxRequests per requestIntervalInMilliseconds),
// learn.microsoft.com/iis/configuration/system.webServer/security/dynamicIpSecurity; denyAction picks
// the status, substatus 501 (concurrent) and 502 (rate) per KB943891.
import type { ClientNetwork, DynamicIpSecurity, Fleet } from "../../../../core/model";
import rule from "../../../../core/rules/application/dynamic-ip-limits-fit-users";
import { appAt } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

const root = "web01/Default Web Site/";
const BRANCH: ClientNetwork = { name: "Branch office", addresses: ["203.0.113.7"], usersPerAddress: 40 };
const limits = (o: Partial<DynamicIpSecurity> = {}): DynamicIpSecurity => ({ denyAction: "Unauthorized", loggingOnly: false, ...o });
/** Limits declared on the site root (where IIS configures them), `networks` declared. */
const at =
  (d: DynamicIpSecurity, networks: ClientNetwork[] = [BRANCH]) =>
  (f: Fleet) => {
    f.sites[0].clientNetworks = networks;
    appAt(f, "/").dynamicIpSecurity = d;
  };
const rootOnly = (f: Fleet) => (f.sites[0].applications = f.sites[0].applications.filter((a) => a.path === "/"));

testRule(rule, {
  valid: [
    {
      name: "limits above what one user per address sends",
      change: at(limits({ maxConcurrentRequests: 5, requestRate: { maxRequests: 20, intervalMs: 200 } }), [
        { name: "HQ", addresses: ["10.20.0.0/16"] },
      ]),
    },
    {
      name: "a declared peak under the limit",
      change: at(limits({ maxConcurrentRequests: 50 }), [{ ...BRANCH, peakConcurrentRequests: 30 }]),
    },
  ],
  invalid: [
    {
      name: "40 users behind one NAT address against IIS's default 5 concurrent requests: 401.501 on every application",
      change: (f) => {
        at(limits({ maxConcurrentRequests: 5 }))(f);
        rootOnly(f);
      },
      errors: [
        {
          messageId: "limitExceeded",
          substatus: "401.501",
          data: { target: root, allowed: 5, demand: 40, network: "Branch office", status: "HTTP 401.501" },
        },
      ],
    },
    {
      name: "a declared peak rate over 20 requests per 200 ms: 401.502",
      change: (f) => {
        at(limits({ requestRate: { maxRequests: 20, intervalMs: 200 } }), [{ ...BRANCH, peakRequestsPerSecond: 250 }])(f);
        rootOnly(f);
      },
      errors: [{ messageId: "limitExceeded", substatus: "401.502", data: { allowed: 20, demand: 50, what: "requests per 200 ms" } }],
    },
    {
      name: "denyAction Forbidden (the default) gives 403.501",
      change: (f) => {
        at(limits({ denyAction: "Forbidden", maxConcurrentRequests: 5 }))(f);
        rootOnly(f);
      },
      errors: [{ messageId: "limitExceeded", substatus: "403.501", data: { status: "HTTP 403.501" } }],
    },
    {
      name: "AbortRequest drops the connection: no status, still a lock-out",
      change: (f) => {
        at(limits({ denyAction: "AbortRequest", maxConcurrentRequests: 5 }))(f);
        rootOnly(f);
      },
      errors: [{ messageId: "limitExceeded", substatus: null, data: { status: "a dropped connection (denyAction AbortRequest)" } }],
    },
  ],
  notApplicable: [
    {
      name: "no client networks declared",
      change: (f) => void (appAt(f, "/").dynamicIpSecurity = limits({ maxConcurrentRequests: 1 })),
      reason: /no client networks/,
    },
    { name: "no limit enabled", change: at(limits()), reason: /no dynamic IP limit/ },
    { name: "logging-only mode", change: at(limits({ loggingOnly: true, maxConcurrentRequests: 1 })), reason: /only log/ },
    {
      name: "module not enabled",
      change: (f) => {
        at(limits({ maxConcurrentRequests: 1 }))(f);
        f.sites[0].applications.forEach((a) => (a.modules = ["IpRestrictionModule"]));
      },
      reason: /DynamicIpRestrictionModule is not enabled/,
    },
  ],
  unknown: [
    {
      name: "dynamic restrictions not collected",
      change: (f) => {
        at(limits({ maxConcurrentRequests: 5 }))(f);
        f.sites[0].unknown.push("applications.dynamicIpSecurity");
      },
      reason: /dynamicIpSecurity is not known/,
    },
  ],
});

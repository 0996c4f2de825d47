import type { Fleet } from "../../../../core/model";
import rule from "../../../../core/rules/drift/declared-config-drift";
import { appAt, baselineFleet } from "../../../fixtures/fleet";
import { testRule } from "../../../helpers/rule-tester";

/** The baseline as observed, with the baseline as its declaration; then one thing drifts. */
function drift(change: (observed: Fleet) => void = () => undefined) {
  return (f: Fleet) => {
    f.declared = baselineFleet();
    for (const s of f.sites) s.origin = "observed";
    for (const h of f.hosts) h.origin = "observed";
    change(f);
  };
}
const helpdesk = "web01/Default Web Site/PM/helpdesk";

testRule(rule, {
  valid: [
    { name: "nothing declared to compare with (preview)" },
    { name: "deployed as declared", change: drift() },
    { name: "%SystemDrive% and case in paths", change: drift((f) => void (f.sites[0].physicalPath = "%SystemDrive%\\INETPUB\\wwwroot")) },
    { name: "methods in another order", change: drift((f) => void (appAt(f, "/PM/admin").authentication = ["windows"])) },
    {
      name: "a host whose site list could not be read fully does not call a declared site missing",
      change: drift((f) => {
        f.sites[0].siteName = "Other Site";
        f.hosts[0].unknown.push("sites");
      }),
    },
    {
      name: "an unreadable field is not claimed as drift",
      change: drift((f) => {
        appAt(f, "/PM/helpdesk").authentication = ["anonymous"];
        f.sites[0].unknown.push("applications[2].authentication");
      }),
    },
  ],
  invalid: [
    {
      name: "Anonymous switched on in IIS Manager",
      change: drift((f) => void (appAt(f, "/PM/helpdesk").authentication = ["anonymous", "windows"])),
      errors: [
        { messageId: "differs", data: { target: helpdesk, field: "authentication", declared: "windows", observed: "anonymous, windows" } },
      ],
    },
    {
      name: "a binding removed",
      change: drift((f) => void f.sites[0].bindings.pop()),
      errors: [
        {
          messageId: "differs",
          data: {
            field: "bindings",
            declared: "http:80:pm.corp.example.com, https:443:pm.corp.example.com",
            observed: "https:443:pm.corp.example.com",
          },
        },
      ],
    },
    {
      name: "a role member removed",
      change: drift((f) => void (f.sites[0].roleAssignments![1].members = ["CORP\\bob"])),
      errors: [
        {
          messageId: "differs",
          data: { field: "members of 'Help Desk Operators'", declared: "corp\\bob, corp\\carol", observed: "corp\\bob" },
        },
      ],
    },
    {
      name: "an application not deployed",
      change: drift((f) => void (f.sites[0].applications = f.sites[0].applications.filter((a) => a.path !== "/PM/selfservice"))),
      errors: [{ messageId: "missingApplication", data: { path: "/PM/selfservice" } }],
    },
    {
      name: "loopback names reset by an installer",
      change: drift((f) => void (f.hosts[0].loopback.backConnectionHostNames = [])),
      errors: [
        {
          messageId: "differs",
          data: { target: "web01", field: "BackConnectionHostNames", declared: "pm.corp.example.com", observed: "(none)" },
        },
      ],
    },
    {
      name: "one application's unreadable field does not hide another application's drift",
      change: drift((f) => {
        f.sites[0].unknown.push("applications[1].authentication");
        appAt(f, "/PM/helpdesk").authentication = ["anonymous", "windows"];
      }),
      errors: [{ messageId: "differs", data: { target: helpdesk, field: "authentication" } }],
    },
    {
      name: "the site is gone",
      change: drift((f) => void (f.sites[0].siteName = "Other Site")),
      errors: [{ messageId: "missingSite", data: { target: "web01", site: "Default Web Site" } }],
    },
  ],
});

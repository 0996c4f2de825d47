// A platform team's Pulumi program: the IIS sites and Windows hosts of the password-reset portals,
// declared with iisguard so that every `pulumi preview` is checked for configuration that makes
// users see HTTP 401. iis.Host and iis.Site declare; they create and deploy nothing.
//
// In a real stack, pass the Azure VM that hosts each server (`vm: webVm`, from @pulumi/azure-native)
// so that the pack also checks its domain-join and OpenSSH extensions.
import * as pulumi from "@pulumi/pulumi";
import * as iis from "iisguard/iis";

const config = new pulumi.Config();
const adminsGroup = config.require("adminsGroup");
const helpdeskGroup = config.require("helpdeskGroup");

new iis.Host("web01", {
  server: "web01",
  domain: "corp.example.com",
  loopback: { backConnectionHostNames: ["pm.corp.example.com"] },
  proxy: { enabled: true, server: "proxy.corp.example.com:8080", bypassLocal: true, bypassList: ["*.corp.example.com"] },
});

new iis.Site("web01-pm", {
  server: "web01",
  siteName: "Default Web Site",
  physicalPath: "C:\\inetpub\\wwwroot",
  appPool: { name: "PasswordManager" },
  bindings: [{ protocol: "https", port: 443, hostName: "pm.corp.example.com" }],
  applications: [
    {
      path: "/PM/admin",
      authentication: ["windows"],
      localClients: true,
      authorization: [{ access: "allow", roles: ["PM Administrators"] }],
      inheritAuthorization: false,
    },
    {
      path: "/PM/helpdesk",
      authentication: ["windows"],
      authorization: [{ access: "allow", roles: ["PM Help Desk"] }],
      inheritAuthorization: false,
    },
    { path: "/PM/selfservice", authentication: ["anonymous"], authorization: [{ access: "allow", users: ["*"] }] },
  ],
  roleAssignments: [
    { role: "PM Administrators", members: [adminsGroup] },
    { role: "PM Help Desk", members: [helpdeskGroup] },
  ],
});

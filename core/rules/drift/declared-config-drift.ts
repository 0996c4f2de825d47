import { authorizationText, bindingsText, membersText, methodsText, pathText, providersText, proxyText } from "../../iis/compare";
import { applicationLocation, hostLocation, locationName, siteLocation, type Location } from "../../location";
import type { Application, Host, Site } from "../../model";
import { defineRule, violations, type Violation } from "../../rule";
import { ancestorsOf } from "../../subjects";
import { appField, isUnknown } from "../../unknown-paths";
import { sameName } from "../../names";

type Message = "differs" | "missingSite" | "missingApplication";
type Found = Violation<Message>[];

/** True when an observed field could not be read: drift is not claimed on it. */
const unreadable = (observed: Site | Host, path: string) => isUnknown(observed.unknown, path);

export default defineRule({
  id: "declared-config-drift",
  title: "What is deployed is what the stack declares",
  subject: "drift",
  severity: "medium",
  level: "advisory",
  substatus: null,
  reads: [],
  observedOnly: true,
  docs: {
    checks:
      "For each server the scan reached, the declared Sites and Host (from the stack) are compared with what was collected, field by field: bindings, physical paths, app pool, " +
      "each application's authentication methods, Windows providers, SSL requirement and effective authorization rules, role members, domain, loopback settings and proxy. Both values are shown.",
    why: "Someone toggled a setting in IIS Manager, or an installer reset it: the preview gate passed on a declaration that is no longer true, and the 401 rules on observed facts show the consequence.",
    fix: "Re-apply the declared configuration (pulumi up, or the deployment that owns the server), or change the declaration if the server is right.",
    example: "declared /PM/helpdesk authentication windows; observed anonymous, windows",
  },
  messages: {
    differs: "{target}: {field} is {observed} on the server but declared {declared}. Re-apply the declaration or update it.",
    missingSite: "{target}: site '{site}' is declared but not deployed on the server.",
    missingApplication: "{target}: application {path} is declared but not deployed on the server.",
  },
  check({ server, declaredSites, observedSites, declaredHost, observedHost }) {
    const found: Found = [];
    for (const d of declaredSites) {
      const o = observedSites.find((s) => sameName(s.siteName, d.siteName));
      if (o) {
        siteDrift(found, server, d, o);
        continue;
      }
      // A host whose site list could not be read fully cannot say a site is missing.
      if (observedHost && unreadable(observedHost, "sites")) continue;
      found.push({ messageId: "missingSite", data: { target: server, site: d.siteName } });
    }
    if (declaredHost && observedHost) hostDrift(found, hostLocation(server), declaredHost, observedHost);
    return violations(found);
  },
});

/** A drift finding when the declared and observed values, written alike, are not the same text. */
function differ(found: Found, location: Location, field: string, declared: string, observed: string): void {
  if (declared !== observed)
    found.push({ messageId: "differs", location, data: { target: locationName(location), field, declared, observed } });
}

/** A declared site against the one deployed: its own fields and role members, then each declared application. */
function siteDrift(found: Found, server: string, d: Site, o: Site): void {
  const siteAt = siteLocation({ server, siteName: d.siteName });
  if (!unreadable(o, "bindings")) differ(found, siteAt, "bindings", bindingsText(d.bindings), bindingsText(o.bindings));
  if (!unreadable(o, "physicalPath")) differ(found, siteAt, "physicalPath", pathText(d.physicalPath), pathText(o.physicalPath));
  if (!unreadable(o, "appPool"))
    differ(found, siteAt, "app pool", `${d.appPool.name} (${d.appPool.identity})`, `${o.appPool.name} (${o.appPool.identity})`);
  for (const role of d.roleAssignments ?? []) {
    const observed = unreadable(o, "roleAssignments") ? undefined : membersText(o, role.role);
    if (observed !== undefined) differ(found, siteAt, `members of '${role.role}'`, membersText(d, role.role)!, observed);
  }
  for (const da of d.applications) {
    const index = o.applications.findIndex((a) => sameName(a.path, da.path));
    const appAt = applicationLocation({ server, siteName: d.siteName }, da);
    if (index >= 0) applicationDrift(found, appAt, d, da, o, index);
    // An application absent from a site whose application list could not be read may well be there.
    else if (!unreadable(o, "applications"))
      found.push({ messageId: "missingApplication", location: appAt, data: { target: locationName(siteAt), path: da.path } });
  }
}

/** A declared application against the deployed one at `index` of the observed site, on the fields that could be read. */
function applicationDrift(found: Found, appAt: Location, d: Site, da: Application, o: Site, index: number): void {
  const oa = o.applications[index];
  const known = (field: string) => !unreadable(o, appField(index, field));
  if (known("authentication")) differ(found, appAt, "authentication", methodsText(da), methodsText(oa));
  if (known("windowsProviders") && da.authentication.includes("windows") && da.windowsProviders)
    differ(found, appAt, "Windows providers", providersText(da), providersText(oa));
  if (known("requireSsl")) differ(found, appAt, "requireSsl", String(da.requireSsl), String(oa.requireSsl));
  if (known("physicalPath") && da.physicalPath) differ(found, appAt, "physicalPath", pathText(da.physicalPath), pathText(oa.physicalPath));
  if (known("authorization"))
    differ(found, appAt, "authorization", authorizationText(ancestorsOf(d, da), da), authorizationText(ancestorsOf(o, oa), oa));
}

/** The declared host against the observed one: domain, loopback check settings and proxy. */
function hostDrift(found: Found, hostAt: Location, declared: Host, h: Host): void {
  if (!unreadable(h, "domain"))
    differ(found, hostAt, "domain", declared.domain?.toLowerCase() ?? "(none)", h.domain?.toLowerCase() ?? "(none)");
  if (!unreadable(h, "loopback")) {
    differ(found, hostAt, "DisableLoopbackCheck", String(declared.loopback.disableLoopbackCheck), String(h.loopback.disableLoopbackCheck));
    const names = (x: Host) =>
      [...x.loopback.backConnectionHostNames]
        .map((n) => n.toLowerCase())
        .sort()
        .join(", ") || "(none)";
    differ(found, hostAt, "BackConnectionHostNames", names(declared), names(h));
  }
  if (!unreadable(h, "proxy") && declared.proxy) differ(found, hostAt, "proxy", proxyText(declared), proxyText(h));
}

// What Pulumi programs import: `import * as iis from "iisguard/iis"` → iis.Site, iis.Host.
export { Site, SITE_TYPE, type SiteArgs, type ApplicationArgs, type AuthorizationRuleArgs, type ClientNetworkArgs } from "./site";
export { Host, HOST_TYPE, type HostArgs } from "./host";
export { SpecError } from "../core/spec/reader";

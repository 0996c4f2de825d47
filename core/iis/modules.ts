// What the modules of a path make of its configuration: an authentication method or an
// authorization section does nothing when the module that implements it is not installed or not
// enabled there. Module names are those of IIS's default applicationHost.config ("IIS Modules
// Overview", learn.microsoft.com/iis/get-started/introduction-to-iis/iis-modules-overview).
import type { Application, AuthMethod } from "../model";
import { sameName } from "../names";

/** Native IIS URL authorization ("you must install the URL authorization module", learn.microsoft.com/iis/configuration/system.webServer/security/authorization/add, Setup). */
export const URL_AUTHORIZATION_MODULE = "UrlAuthorizationModule";
/** ASP.NET's managed URL authorization (System.Web.Security.UrlAuthorizationModule), named "UrlAuthorization" in system.webServer/modules. */
export const ASPNET_URL_AUTHORIZATION_MODULE = "UrlAuthorization";

/**
 * The module each challenge method needs and the Windows feature that installs it. "The default
 * installation of IIS 7 and later does not include the Windows authentication role service"
 * (learn.microsoft.com/iis/configuration/system.webServer/security/authentication/windowsAuthentication/,
 * Setup); Basic and Digest likewise (…/basicAuthentication/, …/digestAuthentication/, Setup).
 */
const CHALLENGE_MODULES: Partial<Record<AuthMethod, { module: string; feature: string }>> = {
  windows: { module: "WindowsAuthenticationModule", feature: "Web-Windows-Auth" },
  basic: { module: "BasicAuthenticationModule", feature: "Web-Basic-Auth" },
  digest: { module: "DigestAuthenticationModule", feature: "Web-Digest-Auth" },
};

/** Whether the path runs `module`: undefined when its modules are not known (declarations assume what they need). */
export function runsModule(app: Application, module: string): boolean | undefined {
  return app.modules === undefined ? undefined : app.modules.some((m) => sameName(m, module));
}

export interface MissingModule {
  method: AuthMethod;
  module: string;
  feature: string;
}

/** The enabled methods that can answer a request, and those whose module is absent (they offer no challenge). */
export function workingMethods(app: Application): { working: AuthMethod[]; missing: MissingModule[] } {
  const working: AuthMethod[] = [];
  const missing: MissingModule[] = [];
  for (const method of app.authentication) {
    const needs = CHALLENGE_MODULES[method];
    if (needs && runsModule(app, needs.module) === false) missing.push({ method, ...needs });
    else working.push(method);
  }
  return { working, missing };
}

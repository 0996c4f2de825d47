// The registry: every rule iisguard knows, in report order. A test checks that each rule file is
// listed here, has docs and has a test file.
import type { Rule, SubjectKind } from "../rule";
import aspnetAuthorizationAdmitsSomeone from "./application/aspnet-authorization-admits-someone";
import authMethodRequired from "./application/auth-method-required";
import authorizationAdmitsSomeone from "./application/authorization-admits-someone";
import basicAuthRequiresTls from "./application/basic-auth-requires-tls";
import mixedAuthAdmitsAnonymous from "./application/mixed-auth-admits-anonymous";
import ipRestrictionsAdmitUsers from "./application/ip-restrictions-admit-users";
import dynamicIpLimitsFitUsers from "./application/dynamic-ip-limits-fit-users";
import isapiAuthorizationSuspects from "./application/isapi-authorization-suspects";
import loopbackCheckAllowsHostNames from "./application/loopback-check-allows-host-names";
import roleAssignmentsExist from "./application/role-assignments-exist";
import singleAuthMethod from "./application/single-auth-method";
import windowsAuthProviders from "./application/windows-auth-providers";
import contentAclGrantsRead from "./application/content-acl-grants-read";
import declaredConfigDrift from "./drift/declared-config-drift";
import clockSkew from "./host/clock-skew";
import loopbackCheckDisabled from "./host/loopback-check-disabled";
import proxyBypassIntranetSites from "./host/proxy-bypass-intranet-sites";
import windowsAuthRequiresDomain from "./site/windows-auth-requires-domain";
import vmDomainJoinExtension from "./vm/vm-domain-join-extension";
import vmOpensshExtension from "./vm/vm-openssh-extension";

export const RULES: readonly Rule<SubjectKind, string>[] = [
  authMethodRequired,
  singleAuthMethod,
  mixedAuthAdmitsAnonymous,
  basicAuthRequiresTls,
  windowsAuthProviders,
  authorizationAdmitsSomeone,
  aspnetAuthorizationAdmitsSomeone,
  roleAssignmentsExist,
  ipRestrictionsAdmitUsers,
  dynamicIpLimitsFitUsers,
  isapiAuthorizationSuspects,
  loopbackCheckAllowsHostNames,
  loopbackCheckDisabled,
  proxyBypassIntranetSites,
  windowsAuthRequiresDomain,
  vmDomainJoinExtension,
  vmOpensshExtension,
  contentAclGrantsRead,
  clockSkew,
  declaredConfigDrift,
] as readonly Rule<SubjectKind, string>[];

export function findRule(id: string): Rule<SubjectKind, string> | undefined {
  return RULES.find((r) => r.id === id);
}

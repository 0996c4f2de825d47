// What a rule is: one small pure module with metadata and a check. The engine hands every rule the
// subjects of its kind and turns what the check returns into findings.
import type { ClientName } from "./iis/host-names";
import type { Location } from "./location";
import type { Application, Host, Site, VirtualMachine } from "./model";
import type { Directory } from "./iis/membership";

export type Severity = "low" | "medium" | "high" | "critical";
/** The default enforcement: mandatory for rules whose violation causes a 401, advisory for hygiene. */
export type Level = "mandatory" | "advisory";

export interface ApplicationSubject {
  kind: "application";
  site: Site;
  app: Application;
  /** Applications of the same site above this one, root first (an implicit root when none is declared). */
  ancestors: Application[];
  host?: Host;
  /** Who is in which group, as far as the site's declaration and its host's answer say. */
  directory: Directory;
}
export interface SiteSubject {
  kind: "site";
  site: Site;
  host?: Host;
  vm?: VirtualMachine;
}
export interface HostSubject {
  kind: "host";
  host: Host;
  /** The names of this host's own Windows-auth sites that the server requests itself (applications with localClients). */
  localNames: readonly ClientName[];
}
export interface VmSubject {
  kind: "vm";
  vm: VirtualMachine;
  /** Sites and hosts that name this VM. */
  sites: Site[];
  hosts: Host[];
}
/** What one server declares next to what was observed on it (observed fleets only). */
export interface DriftSubject {
  kind: "drift";
  server: string;
  declaredSites: Site[];
  observedSites: Site[];
  declaredHost?: Host;
  observedHost?: Host;
}
export type Subject = ApplicationSubject | SiteSubject | HostSubject | VmSubject | DriftSubject;
export type SubjectKind = Subject["kind"];
type SubjectOf<K extends SubjectKind> = Extract<Subject, { kind: K }>;

export type MessageData = Record<string, string | number>;
export interface Violation<M extends string = string> {
  messageId: M;
  data: MessageData;
  /** A lower severity than the rule's for a milder form of the problem (a warning). */
  severity?: Severity;
  /** A more precise location than the subject's (drift names the application that drifted). */
  location?: Location;
  /**
   * The status users see for this violation when it is not the rule's (the worker identity that
   * cannot read the configuration gets 500.19 where impersonated users get 401.3; a denyAction of
   * Forbidden turns IP restrictions' 401.503 into 403.503). The finding carries it, so every report
   * shows it.
   */
  substatus?: string | null;
}

/** What a check returns. An empty violation list is the compliant outcome. */
export type CheckResult<M extends string = string> =
  { status: "checked"; violations: Violation<M>[] } | { status: "notApplicable"; reason: string } | { status: "unknown"; reason: string };

export interface RuleDocs {
  /** What the rule checks. */
  checks: string;
  /** Why the configuration ends in a 401 (or why it matters). */
  why: string;
  /** How to fix it. */
  fix: string;
  /** A configuration that violates the rule, as a user would declare it. */
  example: string;
}

export interface Rule<K extends SubjectKind = SubjectKind, M extends string = string> {
  id: string;
  title: string;
  subject: K;
  severity: Severity;
  level: Level;
  /** The IIS status users see ("401.2"), "401" where IIS logs no fixed substatus, null for advisories. */
  substatus: string | null;
  /**
   * Model fields the check reads ("site.applications.authentication", "host.loopback"). When one of
   * them is unknown for a subject, the engine reports "unknown" instead of running the check.
   */
  reads: string[];
  /** Needs facts only a collector sees (ACLs, clock, what is deployed): not applicable at preview. */
  observedOnly?: boolean;
  docs: RuleDocs;
  /** Message templates with named data: "{target} enables {methods}." */
  messages: Record<M, string>;
  check(subject: SubjectOf<K>): CheckResult<M>;
}

export function compliant<M extends string>(): CheckResult<M> {
  return { status: "checked", violations: [] };
}
export function violations<M extends string>(list: Violation<M>[]): CheckResult<M> {
  return { status: "checked", violations: list };
}
export function violation<M extends string>(messageId: M, data: MessageData): CheckResult<M> {
  return violations([{ messageId, data }]);
}
export function notApplicable<M extends string>(reason: string): CheckResult<M> {
  return { status: "notApplicable", reason };
}
export function unknown<M extends string>(reason: string): CheckResult<M> {
  return { status: "unknown", reason };
}

/** Typed constructor so each rule file is checked against its own message ids. */
export function defineRule<K extends SubjectKind, M extends string>(rule: Rule<K, M>): Rule<K, M> {
  return rule;
}

export function renderMessage(template: string, data: MessageData): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : whole,
  );
}

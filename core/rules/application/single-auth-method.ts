import { compliant, defineRule, violation } from "../../rule";
import { applicationTarget } from "../../targets";

export default defineRule({
  id: "single-auth-method",
  title: "An application enables exactly one authentication method",
  subject: "application",
  severity: "high",
  level: "mandatory",
  substatus: "401.2",
  reads: ["site.applications.authentication"],
  docs: {
    checks: "No application enables more than one authentication method, Anonymous included.",
    why:
      "Anonymous next to a challenge method serves requests anonymously whenever the anonymous identity can read the file, so the application never sees the user and its role checks fail (401). " +
      "Two challenge methods make HTTP.sys offer several schemes; clients and proxies that cannot do Negotiate/NTLM fall back to Basic or Digest and users see prompts that never succeed (401.2).",
    fix: "Leave one method enabled. An application that authenticates users itself and needs Anonymous next to another method needs a waiver with its reason.",
    example: `applications: [{ path: "/PM/helpdesk", authentication: ["anonymous", "windows"] }]`,
  },
  messages: {
    several: "{target} enables {count} authentication methods ({methods}): users see credential prompts that never succeed and 401.2. Keep only {keep}.",
  },
  check({ site, app }) {
    if (app.authentication.length <= 1) return compliant();
    const challenge = app.authentication.filter((m) => m !== "anonymous");
    return violation("several", {
      target: applicationTarget(site, app),
      count: app.authentication.length,
      methods: app.authentication.join(", "),
      keep: challenge.includes("windows") ? "windows" : challenge[0] ?? "one method",
    });
  },
});

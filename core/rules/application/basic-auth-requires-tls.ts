import { compliant, defineRule, notApplicable, violation } from "../../rule";
import { applicationTarget } from "../../location";

export default defineRule({
  id: "basic-auth-requires-tls",
  title: "Basic authentication is only reachable over TLS",
  subject: "application",
  severity: "high",
  level: "advisory",
  substatus: null,
  reads: ["site.applications.authentication", "site.applications.requireSsl", "site.bindings"],
  docs: {
    checks: "An application with Basic authentication either requires SSL or belongs to a site with no plain http binding.",
    why: "Basic sends the user's password base64-encoded in every request. Over plain http anyone on the path reads it. It does not cause a 401 by itself; it is a security finding.",
    fix: "Set requireSsl on the application (sslFlags=Ssl) or remove the site's http bindings; prefer Windows authentication on intranets.",
    example: `bindings: [{ protocol: "http", port: 80 }], applications: [{ path: "/PM/admin", authentication: ["basic"] }]`,
  },
  messages: {
    cleartext:
      "{target} enables Basic authentication and is reachable over http on port {port}: passwords travel in clear text. Set requireSsl or remove the http binding.",
  },
  check({ site, app }) {
    if (!app.authentication.includes("basic")) return notApplicable("Basic authentication is not enabled");
    const plain = site.bindings.find((b) => b.protocol === "http");
    if (app.requireSsl || !plain) return compliant();
    return violation("cleartext", { target: applicationTarget(site, app), port: plain.port });
  },
});

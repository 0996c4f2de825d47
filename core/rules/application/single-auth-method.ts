import { compliant, defineRule, notApplicable, violation } from "../../rule";
import { applicationTarget } from "../../location";

export default defineRule({
  id: "single-auth-method",
  title: "An application expected to enable exactly one authentication method does",
  subject: "application",
  severity: "medium",
  level: "advisory",
  // Not a 401 by itself: IIS serves Anonymous beside a challenge method (mixed mode) and several
  // challenge methods alike (collector-review defect 8). mixed-auth-admits-anonymous judges where
  // mixed mode does end in a 401.
  substatus: null,
  reads: ["site.applications.authentication", "site.applications.expectSingleMethod"],
  docs: {
    checks:
      "An application whose declaration sets expectSingleMethod: true (a vendor's or the team's standard, such as the password-reset portals' knowledge-base articles) enables no more than one authentication method, Anonymous included. " +
      "Applications without the expectation are not judged: IIS itself serves Anonymous next to a challenge method (it challenges when the anonymous identity is refused) and several challenge methods (HTTP.sys offers Negotiate, NTLM, Digest, Basic in that order and the client picks one). " +
      "A scan carries the expectation over from the declaration of the same application.",
    why: "It does not cause a 401 by itself. A second method is a deviation from the setup the vendor supports: with Anonymous, IIS serves whatever the anonymous identity may read without asking who the user is (mixed-auth-admits-anonymous reports when that ends in a 401); with Basic beside Windows, clients that cannot do Negotiate fall back to sending passwords.",
    fix: "Leave one method enabled, or drop expectSingleMethod from an application that is meant to run in mixed mode. Make this policy mandatory to block previews that break the expectation.",
    example: `applications: [{ path: "/PM/helpdesk", authentication: ["anonymous", "windows"], expectSingleMethod: true }]`,
  },
  messages: {
    several:
      "{target} enables {count} authentication methods ({methods}) where its declaration expects exactly one (expectSingleMethod). Keep only {keep}, or drop the expectation if mixed mode is intended.",
  },
  check({ site, app }) {
    if (!app.expectSingleMethod)
      return notApplicable("no exactly-one-method expectation is declared for this application (expectSingleMethod)");
    if (app.authentication.length <= 1) return compliant();
    const challenge = app.authentication.filter((m) => m !== "anonymous");
    return violation("several", {
      target: applicationTarget(site, app),
      count: app.authentication.length,
      methods: app.authentication.join(", "),
      keep: challenge.includes("windows") ? "windows" : (challenge[0] ?? "one method"),
    });
  },
});

import { compliant, defineRule, violation } from "../../rule";
import { hostTarget } from "../../location";

export default defineRule({
  id: "loopback-check-disabled",
  title: "The loopback check stays on",
  subject: "host",
  severity: "medium",
  level: "advisory",
  substatus: null,
  reads: ["host.loopback"],
  docs: {
    checks: "DisableLoopbackCheck (HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa) is not set to 1.",
    why: "Disabling the check removes 401.1 on local requests, but it also switches off Windows' protection against NTLM reflection for every name. It fixes the symptom by weakening the server.",
    fix: "Remove DisableLoopbackCheck and list the site host names in BackConnectionHostNames instead.",
    example: `new iis.Host("web01", { server: "web01", loopback: { disableLoopbackCheck: true } })`,
  },
  messages: {
    disabled:
      "{target} sets DisableLoopbackCheck=1, which turns off NTLM reflection protection for every name. List the host names in BackConnectionHostNames instead.",
  },
  check({ host }) {
    return host.loopback.disableLoopbackCheck ? violation("disabled", { target: hostTarget(host) }) : compliant();
  },
});

// Every boundary that takes outside data, fuzzed. See boundary.ts for the invariant.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { UsageError } from "../../cli/errors";
import { readWaiverFile } from "../../cli/waiver-file";
import { normalizeHost } from "../../core/spec/host-spec";
import { SpecError } from "../../core/spec/reader";
import { normalizeSite } from "../../core/spec/site-spec";
import { evaluate } from "../../core/engine";
import { parseWaivers } from "../../core/waivers";
import { hostFacts } from "../../emulator/host-facts";
import { keyPair } from "../../emulator/keys";
import { PackConfigError, resolvePackConfig, type PolicySummary } from "../../preview/pack-config";
import { validateHostArgs } from "../../iis/host";
import { validateSiteArgs } from "../../iis/site";
import { adaptFleet, EXTENSION_TYPE, VM_TYPE } from "../../adapters/resources";
import { waiverConfigSchema } from "../../policies/config-schema";
import { parseHostFacts } from "../../remote/facts";
import { InventoryError, inventoryFromYaml, readStackExport } from "../../remote/inventory";
import { parseKnownHosts, verifyHostKey } from "../../remote/known-hosts";
import { parseAnswer } from "../../remote/powershell";
import { RemoteError } from "../../remote/remote-error";
import { checkBoundary, mutated, wild } from "./boundary";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "iisguard-fuzz-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const tempFile = (text: string) => {
  const f = path.join(dir, `input-${fileNo++}`);
  fs.writeFileSync(f, text);
  return f;
};

const validSite = () => ({
  server: "web01",
  siteName: "Default Web Site",
  physicalPath: "C:\\inetpub\\wwwroot",
  appPool: { name: "PM", identity: "ApplicationPoolIdentity" },
  bindings: [{ protocol: "https", port: 443, hostName: "pm.corp.example.com" }],
  applications: [
    { path: "/PM/admin", authentication: ["windows"], authorization: [{ access: "allow", roles: ["Administrators"] }], localClients: true },
  ],
  roleAssignments: [{ role: "Administrators", members: ["CORP\\a"] }],
});
const validHost = () => ({
  server: "web01",
  domain: "corp.example.com",
  loopback: { backConnectionHostNames: ["pm"] },
  proxy: { enabled: true, bypassList: ["*.corp"] },
});

test("component args: validation returns problems or throws SpecError naming the component", () => {
  checkBoundary(
    "component args (iis.Site, iis.Host)",
    fc.oneof(mutated(validSite), wild),
    (args) => {
      validateSiteArgs("s", args as never);
      validateHostArgs("h", args as never);
    },
    { allowed: [SpecError], names: /^iis\.(Site|Host) '(s|h)': invalid configuration\n {2}\S/ },
  );
});

test("declarations: normalization never throws, and what it accepts the rules can judge", () => {
  checkBoundary("declaration normalization + rules", fc.oneof(mutated(validSite), wild), (raw) => {
    const site = normalizeSite(raw);
    const host = normalizeHost(raw);
    if (site.problems.length === 0 && host.problems.length === 0) {
      evaluate({
        sites: [{ ...site.spec, origin: "declared", resource: "urn:s", unknown: site.unknown }],
        hosts: [{ ...host.spec, origin: "declared", resource: "urn:h", unknown: host.unknown }],
        vms: [],
      });
    }
  });
});

test("resource properties reaching the adapters: a fleet and named unreadable resources, never a crash", () => {
  const resource = fc.record({
    type: fc.constantFrom("iisguard:index:Site", "iisguard:index:Host", VM_TYPE, EXTENSION_TYPE, "aws:s3:Bucket"),
    props: fc.oneof(
      mutated(validSite),
      mutated(validHost),
      wild.map((w) => ({ vmName: w, publisher: w, type: w, settings: w })),
    ),
    dep: fc.boolean(),
  });
  checkBoundary("resource properties → adapters → rules", fc.array(resource, { maxLength: 6 }), (rs) => {
    const { fleet } = adaptFleet(
      rs.map((r, i) => ({
        type: r.type,
        urn: `urn:${i}`,
        name: `r${i}`,
        props: r.props as Record<string, unknown>,
        propertyDependencies: (r.dep ? { vmName: [{ urn: "urn:0" }] } : {}) as Record<string, { urn: string }[]>,
      })),
    );
    evaluate(fleet);
  });
});

test("collector output: an answer or a RemoteError saying what was wrong", () => {
  const outputs = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
    fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v))),
    fc.jsonValue().map((v) => Buffer.from(`\uFEFF#< CLIXML\r\n<Objs></Objs>${JSON.stringify({ status: "ok", data: v })}`)),
    fc.constant(Buffer.from('{"status":"ok","data":' + "[".repeat(5000) + "]".repeat(5000) + "}")),
  );
  checkBoundary(
    "PowerShell answers (parseAnswer)",
    fc.tuple(outputs, fc.constantFrom(0, 1, 5, null)),
    ([out, code]) => parseAnswer("web01", code, out, Buffer.alloc(0)),
    {
      allowed: [RemoteError],
      names: /^web01: /,
    },
  );
});

test("fact documents: a model with named problems, never a crash", () => {
  checkBoundary(
    "fact documents (parseHostFacts) + rules",
    fc.oneof(
      mutated(() => ({ ...hostFacts("web01"), utcNow: "2026-11-24T02:00:00Z" })),
      wild,
    ),
    (doc) => {
      const { host, sites } = parseHostFacts(doc, { server: "web01", receivedAt: 0 });
      evaluate({ sites, hosts: [host], vms: [] });
    },
    {
      // Found by this test: a 200,000-character ProxyOverride made the proxy rule build a regular
      // expression too large to compile (wildcards are now matched without regular expressions).
      examples: [
        {
          ...hostFacts("web01"),
          proxy: { proxySettingsPerUser: 0, machine: { enable: 1, override: `${"x".repeat(200_000)};<local>` }, users: [] },
        },
      ],
    },
  );
});

test("known_hosts files: parsed line by line, verification always answers", () => {
  const key = keyPair();
  const line = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.constantFrom(
      `web01 ${key.public}`,
      `|1|AAAA|BBBB ${key.public}`,
      `@revoked * ${key.public}`,
      `@cert-authority *.corp ${key.public}`,
      `[web01]:2222,!bad ${key.public}`,
      "|1|%%%|***",
    ),
  );
  checkBoundary("known_hosts", fc.array(line, { maxLength: 20 }), (lines) => {
    const known = parseKnownHosts(lines.join("\n"), "known_hosts");
    verifyHostKey(known, "web01", 2222, key.blob);
    verifyHostKey(known, "[::1]", 22, Buffer.from("garbage"));
  });
});

test("inventory and stack-export files: an inventory or an InventoryError naming the file", () => {
  const exportDoc = () => ({
    deployment: { resources: [{ urn: "urn:pulumi:s::p::iisguard:index:Site::a", type: "iisguard:index:Site", outputs: validSite() }] },
  });
  const text = fc.oneof(
    fc.string({ maxLength: 500 }),
    mutated(() => ({
      defaults: { username: "u", port: 22 },
      hosts: [{ server: "web01", address: "10.0.0.4", port: 22 }],
      proxyUserSids: ["S-1-5-21-1-2"],
    })).map((d) => JSON.stringify(d)),
    mutated(exportDoc).map((d) => JSON.stringify(d)),
  );
  checkBoundary(
    "inventory YAML and stack exports",
    text,
    (t) => {
      const f = tempFile(t);
      // Both readers see every input; the inventory reader's error (checked by checkBoundary) comes last.
      let inventoryError: unknown;
      try {
        inventoryFromYaml(f);
      } catch (e) {
        inventoryError = e;
      }
      try {
        readStackExport(f);
      } catch (e) {
        if (!(e instanceof InventoryError) || !e.message.startsWith(f)) throw e;
      }
      if (inventoryError !== undefined) throw inventoryError;
    },
    { allowed: [InventoryError], names: /input-\d+/ },
  );
});

test("waivers: parsed with problems, or a UsageError naming the file", () => {
  const valid = () => [{ rule: "single-auth-method", target: "web01/*", reason: "a reason long enough", expires: "2030-01-01" }];
  checkBoundary(
    "waiver lists and files",
    fc.oneof(mutated(valid), wild),
    (raw) => {
      parseWaivers(raw, "waivers", undefined);
      readWaiverFile(tempFile(JSON.stringify(raw) ?? "null"));
    },
    { allowed: [UsageError], names: /input-\d+/ },
  );
});

test("pack config: resolved, or a PackConfigError naming the policy and field", () => {
  const policies: PolicySummary[] = [
    { name: "single-auth-method", enforcementLevel: "mandatory", configSchema: waiverConfigSchema as PolicySummary["configSchema"] },
    { name: "iisguard-incomplete", enforcementLevel: "advisory" },
  ];
  const valid = () => ({
    all: "advisory",
    "single-auth-method": { enforcementLevel: "mandatory", waivers: [{ target: "x", reason: "a reason long enough" }] },
  });
  checkBoundary("policy pack config", fc.oneof(mutated(valid), wild), (cfg) => resolvePackConfig(policies, cfg as never, "cfg.json"), {
    allowed: [PackConfigError],
    names: /^cfg\.json: invalid policy pack config\n {2}\S/,
  });
});

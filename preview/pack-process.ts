// Starts a policy pack the way the Pulumi CLI does and drives it over the analyzer gRPC protocol:
// `node <@pulumi/pulumi/cmd/run-policy-pack> <engine> <packDir>` in the pack directory, port on
// the first stdout line, then Handshake → ConfigureStack → GetAnalyzerInfo → Configure →
// Analyze per resource → AnalyzeStack.
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import * as readline from "readline";
import { stackEnvironment } from "./stack-env";
import { resolvePackConfig, type PackConfigFile, type PolicySummary } from "./pack-config";
import {
  analyzerGrpc,
  analyzerPb,
  emptyPb,
  grpc,
  levelFromWire,
  levelToWire,
  severityFromWire,
  structPb,
  type EnforcementLevel,
} from "./wire";

export interface StackContext {
  project: string;
  stack: string;
  organization?: string;
  dryRun: boolean;
  /** Stack config as the CLI passes it in PULUMI_CONFIG ("project:key" → string). */
  config?: Record<string, string>;
  /** Config keys whose values are secret, as the CLI passes them in PULUMI_CONFIG_SECRET_KEYS. */
  secretKeys?: string[];
}

/** A resource as the engine describes it to analyzers. Properties are in Pulumi's wire JSON form. */
export interface WireResource {
  type: string;
  urn: string;
  name: string;
  properties: Record<string, unknown>;
  parent?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
}

export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  enforcementLevel: EnforcementLevel;
  severity: string;
  urn: string;
  /** The reported message without the policy description the pack prefixes. */
  message: string;
}

export interface AnalyzerInfo {
  name: string;
  version: string;
  policies: (PolicySummary & { description: string; severity: string })[];
}

/** The pack did not come up: its runner or entry is missing, it crashed, or it printed no port. */
export class PackStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackStartError";
  }
}

const ENGINE_ADDRESS = "127.0.0.1:1"; // the pack ignores it, as documented by the CLI's own usage

function call<Req, Res>(
  client: Record<string, (...args: unknown[]) => unknown>,
  method: string,
  req: Req,
  timeoutMs: number,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + timeoutMs);
    client[method].call(client, req, { deadline }, (err: Error | null, res: Res) => (err ? reject(err) : resolve(res)));
  });
}

function toStruct(value: Record<string, unknown>) {
  return structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

function options() {
  // The pack refuses requests without options ("A more recent version of the Pulumi CLI is required").
  const o = new analyzerPb.AnalyzerResourceOptions();
  o.setProtect(false);
  return o;
}

function diagnosticsOf(res: { getDiagnosticsList(): unknown[] }): Diagnostic[] {
  return res.getDiagnosticsList().map((d: any) => {
    const description: string = d.getDescription();
    const raw: string = d.getMessage();
    const message = description && raw.startsWith(`${description}\n`) ? raw.slice(description.length + 1) : raw;
    return {
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      enforcementLevel: levelFromWire(d.getEnforcementlevel()),
      severity: severityFromWire(d.getSeverity()),
      urn: d.getUrn(),
      message,
    };
  });
}

export class PolicyPackProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: any,
    private readonly stderr: string[],
    readonly startupMs: number,
    private readonly timeoutMs: number,
  ) {}

  /** Starts the pack in `packDir` and performs the handshake and stack configuration. */
  static async start(packDir: string, stack: StackContext, timeoutMs = 120_000): Promise<PolicyPackProcess> {
    const started = Date.now();
    const dir = path.resolve(packDir);
    let runner: string;
    try {
      runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
    } catch {
      throw new PackStartError(`policy pack in ${dir}: @pulumi/pulumi cannot be resolved from it (run npm install there)`);
    }
    const child = spawn(process.execPath, [runner, ENGINE_ADDRESS, dir], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      env: stackEnvironment(stack),
    });
    const stderr: string[] = [];
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => fail(new PackStartError(`policy pack in ${dir} printed no port within ${timeoutMs} ms`)), timeoutMs);
      const lines = readline.createInterface({ input: child.stdout! });
      const fail = (err: Error) => {
        clearTimeout(timer);
        lines.close();
        child.kill();
        reject(err);
      };
      lines.once("line", (line) => {
        clearTimeout(timer);
        const n = Number(line.trim());
        if (Number.isInteger(n) && n > 0) resolve(n);
        else fail(new PackStartError(`policy pack in ${dir} printed ${JSON.stringify(line)} instead of a port`));
      });
      child.once("error", (e) => fail(new PackStartError(`policy pack in ${dir} could not be started: ${e.message}`)));
      child.once("exit", (code) =>
        fail(new PackStartError(`policy pack in ${dir} exited with code ${code} before it listened:\n${stderr.join("")}`)),
      );
    });
    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const pack = new PolicyPackProcess(child, client, stderr, 0, timeoutMs);
    await pack.handshake(stack);
    return Object.assign(pack, { startupMs: Date.now() - started });
  }

  private async handshake(stack: StackContext): Promise<void> {
    try {
      const hs = new analyzerPb.AnalyzerHandshakeRequest();
      hs.setEngineAddress?.(ENGINE_ADDRESS);
      await call(this.client, "handshake", hs, this.timeoutMs);
    } catch (e) {
      if ((e as { code?: number }).code !== grpc.status.UNIMPLEMENTED) throw e; // older packs do not implement it
    }
    const req = new analyzerPb.AnalyzerStackConfigureRequest();
    req.setStack(stack.stack);
    req.setProject(stack.project);
    req.setOrganization?.(stack.organization ?? "organization");
    req.setDryRun(stack.dryRun);
    await call(this.client, "configureStack", req, this.timeoutMs);
  }

  async info(): Promise<AnalyzerInfo> {
    const res: any = await call(this.client, "getAnalyzerInfo", new emptyPb.Empty(), this.timeoutMs);
    return {
      name: res.getName(),
      version: res.getVersion(),
      policies: res.getPoliciesList().map((p: any) => {
        const schema = p.getConfigschema();
        return {
          name: p.getName(),
          description: p.getDescription(),
          enforcementLevel: levelFromWire(p.getEnforcementlevel()),
          severity: severityFromWire(p.getSeverity()),
          ...(schema
            ? { configSchema: { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() } }
            : {}),
        };
      }),
    };
  }

  /** Resolves the --policy-pack-config file against the pack's schemas and sends it. */
  async configure(file: PackConfigFile = {}, source?: string): Promise<void> {
    const resolved = resolvePackConfig((await this.info()).policies, file, source);
    const req = new analyzerPb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, cfg] of resolved) {
      const pc = new analyzerPb.PolicyConfig();
      pc.setEnforcementlevel(levelToWire(cfg.enforcementLevel));
      pc.setProperties(toStruct(cfg.properties));
      map.set(name, pc);
    }
    await call(this.client, "configure", req, this.timeoutMs);
  }

  async analyze(r: WireResource): Promise<Diagnostic[]> {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(r.type);
    req.setUrn(r.urn);
    req.setName(r.name);
    req.setProperties(toStruct(r.properties));
    req.setOptions(options());
    return diagnosticsOf(await call(this.client, "analyze", req, this.timeoutMs));
  }

  async analyzeStack(resources: WireResource[]): Promise<Diagnostic[]> {
    const req = new analyzerPb.AnalyzeStackRequest();
    req.setResourcesList(
      resources.map((r) => {
        const ar = new analyzerPb.AnalyzerResource();
        ar.setType(r.type);
        ar.setUrn(r.urn);
        ar.setName(r.name);
        ar.setProperties(toStruct(r.properties));
        ar.setOptions(options());
        if (r.parent) ar.setParent(r.parent);
        ar.setDependenciesList(r.dependencies ?? []);
        const deps = ar.getPropertydependenciesMap();
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
          const pd = new analyzerPb.AnalyzerPropertyDependencies();
          pd.setUrnsList(urns);
          deps.set(key, pd);
        }
        return ar;
      }),
    );
    return diagnosticsOf(await call(this.client, "analyzeStack", req, this.timeoutMs));
  }

  /** The pack's process id (the benchmark reads its CPU time from /proc). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** What the pack wrote to stderr (its own logs and errors). */
  get logs(): string {
    return this.stderr.join("");
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    await exited;
  }
}

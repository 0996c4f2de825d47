// The analyzer wire protocol, as the Pulumi CLI speaks it: protobuf messages from @pulumi/pulumi's
// generated code and the grpc-js client it is built against.
import * as path from "path";

const pulumiRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (id: string) => require(require.resolve(id, { paths: [pulumiRoot] }));

// Resolve from @pulumi/pulumi so the messages, Struct and the client share one protobuf runtime.
export const analyzerPb = fromPulumi("@pulumi/pulumi/proto/analyzer_pb");
export const analyzerGrpc = fromPulumi("@pulumi/pulumi/proto/analyzer_grpc_pb");
export const structPb = fromPulumi("google-protobuf/google/protobuf/struct_pb");
export const emptyPb = fromPulumi("google-protobuf/google/protobuf/empty_pb");
export const grpc: typeof import("@grpc/grpc-js") = fromPulumi("@grpc/grpc-js");

export type EnforcementLevel = "advisory" | "mandatory" | "disabled" | "remediate";
const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "disabled", "remediate"];
export const levelFromWire = (n: number): EnforcementLevel => LEVELS[n] ?? "advisory";
export const levelToWire = (l: EnforcementLevel): number => LEVELS.indexOf(l);
const SEVERITIES = ["", "low", "medium", "high", "critical"];
export const severityFromWire = (n: number): string => SEVERITIES[n] ?? "";

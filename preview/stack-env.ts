// The environment the Pulumi CLI gives a program or a policy pack: stack identity and config.
import type { StackContext } from "./pack-process";

/** Config keys without a namespace belong to the project, as `pulumi config set key v` stores them. */
export function namespacedConfig(stack: StackContext): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(stack.config ?? {})) config[k.includes(":") ? k : `${stack.project}:${k}`] = v;
  return config;
}

export function stackEnvironment(stack: StackContext): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PULUMI_NODEJS_PROJECT: stack.project,
    PULUMI_NODEJS_STACK: stack.stack,
    PULUMI_NODEJS_ORGANIZATION: stack.organization ?? "organization",
    PULUMI_NODEJS_DRY_RUN: String(stack.dryRun),
    PULUMI_CONFIG: JSON.stringify(namespacedConfig(stack)),
    ...(stack.secretKeys?.length ? { PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(stack.secretKeys) } : {}),
  };
}

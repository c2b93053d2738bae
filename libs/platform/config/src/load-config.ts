import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './config-error';

/**
 * Validates the environment against `schema` and returns the typed config, or throws a
 * ConfigError naming every bad key. This module is the only place in Quell that reads
 * `process.env`; everything else receives the parsed config.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const input = withoutBlanks(env);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => toConfigIssue(issue, input)));
}

// `FOO=` in an env file or compose file means "not set", not "the empty string".
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') out[key] = value;
  }
  return out;
}

function toConfigIssue(issue: z.core.$ZodIssue, input: Record<string, string>): ConfigIssue {
  const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  const missing = issue.code === 'invalid_type' && issue.path.length === 1 && input[String(issue.path[0])] === undefined;
  return { key, message: missing ? 'required' : issue.message };
}

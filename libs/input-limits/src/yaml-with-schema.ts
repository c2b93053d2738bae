import type { z } from 'zod';
import { readYamlDocument, yamlValue, YamlReadError } from './yaml-limits';

export type SchemaYamlResult<T> =
  | { ok: true; value: T; at(path: readonly PropertyKey[]): string }
  | { ok: false; problems: string[] };

/**
 * One YAML document read within the limits and checked against a zod schema, every mistake placed
 * as `<source>:<line>: <key path>: <reason>` (a missing key on its parent's line). `at(path)` places
 * the caller's own later checks (a name that refers to nothing, say) the same way.
 */
export function readYamlWithSchema<S extends z.ZodType>(text: string, source: string, schema: S): SchemaYamlResult<z.output<S>> {
  let parsed: ReturnType<typeof readYamlDocument>;
  let value: unknown;
  try {
    parsed = readYamlDocument(text, { uniqueKeys: true });
    value = yamlValue(parsed.document, 1);
  } catch (error) {
    if (error instanceof YamlReadError) return { ok: false, problems: [`${source}:${error.line}: YAML: ${error.reason}`] };
    throw error;
  }
  const at = (path: readonly PropertyKey[]) => `${source}:${lineOfPath(parsed, path.map(String))}: ${path.map(String).join('.') || '(root)'}`;
  const result = schema.safeParse(value);
  if (!result.success) return { ok: false, problems: result.error.issues.map((issue) => `${at(issue.path)}: ${issue.message}`) };
  return { ok: true, value: result.data, at };
}

/** The line of the deepest node of `path` the document has. */
function lineOfPath(parsed: ReturnType<typeof readYamlDocument>, path: string[]): number {
  for (let depth = path.length; depth > 0; depth -= 1) {
    const node = parsed.document.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return parsed.lineOf(node.range[0]);
  }
  return 1;
}

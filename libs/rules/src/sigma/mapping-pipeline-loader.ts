import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseYamlWithinLimits, YamlReadError } from '@quell/input-limits';
import { eventPathProblem } from './event-path';
import { MappingPipelines, type PipelineSource } from './mapping-pipeline';

/** A pipeline file that cannot be used; the message names the file and the key. */
export class MappingPipelineError extends Error {}

const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const eventPath = z.string().refine((path) => eventPathProblem(path) === undefined, { error: (issue) => eventPathProblem(String(issue.input)) ?? 'invalid path' });

const sourceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "_" and "-"'),
  description: z.string().optional(),
  when: z
    .record(z.string(), oneOrMany)
    .superRefine((when, ctx) => {
      if (Object.keys(when).length === 0) ctx.addIssue({ code: 'custom', message: 'at least one condition, or the source takes every event' });
      for (const path of Object.keys(when)) {
        const reason = eventPathProblem(path);
        if (reason !== undefined) ctx.addIssue({ code: 'custom', message: reason, path: [path] });
      }
    }),
  logsource: z.strictObject({
    product: z.string().min(1).optional(),
    service: oneOrMany.optional(),
    category: oneOrMany.optional(),
  }),
  fields: z.record(z.string().min(1), z.union([eventPath, z.array(eventPath).min(1)])).default({}),
});

const pipelineSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Where the mapping comes from (pySigma pipeline, vendor documentation), for the reader. */
  references: z.array(z.string()).optional(),
  sources: z.array(sourceSchema).min(1),
});

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Parses one pipeline file's text; throws MappingPipelineError naming the file and the key at fault. */
export function parseMappingPipeline(text: string, file: string): PipelineSource[] {
  let value: unknown;
  try {
    value = parseYamlWithinLimits(text, { schema: 'core', uniqueKeys: true });
  } catch (error) {
    if (error instanceof YamlReadError) throw new MappingPipelineError(`${file}:${error.line}: YAML: ${error.reason}`);
    throw error;
  }
  const parsed = pipelineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path.join('.') || '(top level)';
    throw new MappingPipelineError(`${file}: ${key}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.sources.map((s) => ({
    id: s.id,
    file,
    when: Object.entries(s.when).map(([path, values]) => ({ path, values: list(values).map((v) => v.toLowerCase()) })),
    product: s.logsource.product?.toLowerCase(),
    services: list(s.logsource.service).map((v) => v.toLowerCase()),
    categories: list(s.logsource.category).map((v) => v.toLowerCase()),
    fields: Object.fromEntries(Object.entries(s.fields).map(([field, paths]) => [field, list(paths)])),
  }));
}

/**
 * Every pipeline file (.yml, .yaml) of the folders, in the order given and by name within a folder.
 * A source id used twice is refused: which one applies would depend on file order.
 */
export function loadMappingPipelines(dirs: readonly string[]): MappingPipelines {
  const sources: PipelineSource[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch (error) {
      throw new MappingPipelineError(`${dir}: cannot read the pipeline folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    for (const name of names) {
      const file = join(dir, name);
      for (const source of parseMappingPipeline(readFileSync(file, 'utf8'), file)) {
        const other = seen.get(source.id);
        if (other !== undefined) throw new MappingPipelineError(`${file}: sources: id "${source.id}" is already defined in ${other}`);
        seen.set(source.id, file);
        sources.push(source);
      }
    }
  }
  return new MappingPipelines(sources);
}

import { z } from 'zod';
import type { DeclaredSchema, JsonSchema } from './api-docs.decorators';

/** Named schemas shared by the document (`#/components/schemas/<name>`). */
export type SchemaComponents = Record<string, JsonSchema>;

function isZod(schema: DeclaredSchema): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && '_zod' in schema;
}

/**
 * A declared schema as an OpenAPI 3.1 Schema Object (JSON Schema 2020-12). Requests are described by
 * what a client sends (`io: 'input'`: defaults optional, before transforms), answers by what the
 * server writes. Definitions zod puts in `$defs` (named with `.meta({ id })`, or recursive) move to
 * the document's components, since a `#/$defs/…` reference would resolve against the document root.
 */
export function toOpenApiSchema(schema: DeclaredSchema, io: 'input' | 'output', components: SchemaComponents): JsonSchema {
  if (!isZod(schema)) return schema;
  const { $defs, ...root } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  // The document declares the dialect once (OpenAPI 3.1 defaults to 2020-12), not each schema.
  delete root['$schema'];
  const renamed = new Map<string, string>();
  for (const [name, definition] of Object.entries($defs ?? {})) {
    let component = name;
    // The same name may already stand for another schema (an input and an output shape).
    for (let n = 2; components[component] !== undefined && JSON.stringify(components[component]) !== JSON.stringify(definition); n++) component = `${name}${n}`;
    renamed.set(name, component);
  }
  const moveRefs = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(moveRefs);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')) {
          const name = inner.slice('#/$defs/'.length);
          return [key, `#/components/schemas/${renamed.get(name) ?? name}`];
        }
        return [key, moveRefs(inner)];
      }),
    );
  };
  for (const [name, definition] of Object.entries($defs ?? {})) components[renamed.get(name) ?? name] = moveRefs(definition) as JsonSchema;
  return moveRefs(root) as JsonSchema;
}

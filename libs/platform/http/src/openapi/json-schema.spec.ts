import { z } from 'zod';
import { toOpenApiSchema, type SchemaComponents } from './json-schema';

describe('toOpenApiSchema', () => {
  it('describes what a client sends for requests and what the server writes for answers', () => {
    const schema = z.object({ limit: z.number().default(10) });
    expect(toOpenApiSchema(schema, 'input', {})).not.toHaveProperty('required');
    expect(toOpenApiSchema(schema, 'output', {})).toMatchObject({ required: ['limit'] });
  });

  it('moves definitions into the components and points their references there', () => {
    const entity = z.object({ kind: z.string(), value: z.string() }).meta({ id: 'Entity' });
    const components: SchemaComponents = {};
    const schema = toOpenApiSchema(z.object({ source: entity, target: entity }), 'output', components);
    expect(schema).toMatchObject({ properties: { source: { $ref: '#/components/schemas/Entity' }, target: { $ref: '#/components/schemas/Entity' } } });
    expect(components['Entity']).toMatchObject({ type: 'object', required: ['kind', 'value'] });
    expect(JSON.stringify(schema)).not.toContain('$defs');
  });

  it('takes a hand-written JSON Schema as it is', () => {
    const yaml = { type: 'string', description: 'a Sigma rule file' };
    expect(toOpenApiSchema(yaml, 'input', {})).toBe(yaml);
  });
});

import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { validateOpenApi } from '@quell/platform-testing';
import { startWidgetsApp, widgetsDocument } from '../test/widgets.test-app';

describe('buildOpenApiDocument', () => {
  const document = widgetsDocument();
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    await expect(validateOpenApi(document)).resolves.toEqual({ valid: true });
    // The validator is live: a document without info, or with an unknown parameter location, fails.
    const noInfo: Record<string, unknown> = structuredClone(document);
    delete noInfo['info'];
    expect((await validateOpenApi(noInfo)).valid).toBe(false);
    const badParameter = structuredClone(document) as typeof document;
    (badParameter.paths['/v1/widgets/{id}']['get']['parameters'] as { in: string }[])[0].in = 'body';
    expect((await validateOpenApi(badParameter)).valid).toBe(false);
  });

  it('lists every HTTP route with its path parameters in OpenAPI form', () => {
    expect(Object.keys(paths).sort()).toEqual(['/health/live', '/openapi.json', '/v1/widgets', '/v1/widgets/bulk', '/v1/widgets/failing', '/v1/widgets/logged', '/v1/widgets/{id}']);
    expect(Object.keys(paths['/v1/widgets'])).toEqual(['post', 'get']);
    expect(paths['/v1/widgets/{id}']['get']['parameters']).toContainEqual({ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^w-\\d+$' } });
  });

  it('documents bodies and query parameters from the schemas their validation pipes use', () => {
    const create = paths['/v1/widgets']['post'];
    expect(create['requestBody']).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: { name: { type: 'string', minLength: 1, maxLength: 40 }, size: { type: 'integer', exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER } },
            required: ['name', 'size'],
            additionalProperties: false,
          },
        },
      },
    });
    const list = paths['/v1/widgets']['get'];
    expect(list['parameters']).toEqual(
      expect.arrayContaining([
        { name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100, default: 10 }) },
        { name: 'prefix', in: 'query', required: false, schema: { type: 'string' } },
      ]),
    );
  });

  it('marks guarded routes with the bearer scheme and their scope, and leaves the others open', () => {
    expect(paths['/v1/widgets']['post']).toMatchObject({ security: [{ bearer: [] }], 'x-quell-scope': 'write' });
    expect(paths['/v1/widgets/{id}']['get']).toMatchObject({ security: [{ bearer: [] }], 'x-quell-scope': 'read' });
    expect(paths['/openapi.json']['get']['security']).toEqual([]);
    expect(document['components']).toMatchObject({ securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } });
  });

  it('answers errors as problem+json: validation, auth, declared statuses and the rest', () => {
    const responses = paths['/v1/widgets']['post']['responses'] as Record<string, { content?: object }>;
    expect(Object.keys(responses).sort()).toEqual(['201', '400', '401', '403', '413', 'default']);
    for (const status of ['400', '401', '403', '413', 'default']) {
      expect(responses[status].content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
    }
    expect(Object.keys(paths['/health/live']['get']['responses'] as object)).toEqual(['200', 'default']);
  });

  it('is served at GET /openapi.json without a key', async () => {
    const { app } = await startWidgetsApp();
    try {
      const res = await request((app as INestApplication).getHttpServer()).get('/openapi.json').expect(200);
      expect(res.body).toEqual(JSON.parse(JSON.stringify(document)));
    } finally {
      await app.close();
    }
  });
});

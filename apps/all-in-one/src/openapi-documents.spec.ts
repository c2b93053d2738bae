import { validateOpenApi } from '@quell/platform-testing';
import { openApiDocuments } from './openapi-documents';

/** Every service's OpenAPI document is valid OpenAPI 3.1 (checked in CI); `npm run openapi` writes them to docs/openapi. */
describe('OpenAPI documents', () => {
  const documents = openApiDocuments();
  const paths = (service: string) => Object.keys(documents[service].paths);

  it('has one per service', () => {
    expect(Object.keys(documents).sort()).toEqual(['change-calendar', 'correlator', 'deduper', 'incident-manager', 'ingest', 'normalizer', 'notifier']);
  });

  it.each(Object.keys(documents))('%s: valid OpenAPI 3.1', async (service) => {
    expect(documents[service].openapi).toBe('3.1.0');
    await expect(validateOpenApi(documents[service])).resolves.toEqual({ valid: true });
  });

  it('documents the APIs: events on ingest, rules and detector status on the correlator, probes everywhere', () => {
    expect(paths('ingest')).toEqual(expect.arrayContaining(['/v1/events', '/health/live', '/health/ready', '/metrics', '/openapi.json']));
    expect(paths('correlator')).toEqual(expect.arrayContaining(['/v1/rules', '/v1/rules/errors', '/v1/rules/validate', '/v1/rules/{id}', '/v1/watchlists', '/v1/anomaly-rules']));
    // GET /v1/rules/:id, PUT and DELETE /v1/rules/:file: one OpenAPI path, the file parameter described as such.
    const rule = documents['correlator'].paths['/v1/rules/{id}'];
    expect(Object.keys(rule).sort()).toEqual(['delete', 'get', 'put']);
    expect((rule['put'] as { parameters: object[] }).parameters[0]).toMatchObject({ name: 'id', in: 'path', description: 'The file.', schema: { pattern: expect.stringContaining('yml') } });
    const events = documents['ingest'].paths['/v1/events']['post'] as { requestBody: { content: object }; security: unknown; parameters: { name: string }[] };
    expect(Object.keys(events.requestBody.content)).toEqual(['application/json', 'application/x-ndjson', 'application/jsonl', 'text/plain']);
    expect(events.security).toEqual([{ bearer: [] }]);
    expect(events.parameters.map((p) => p.name).sort()).toEqual(['Idempotency-Key', 'X-Quell-Tenant', 'X-Request-Id', 'format', 'source', 'tenant']);
    // The console's funnel and rule hits, from the incident manager's ClickHouse: the range as an enum.
    for (const path of ['/v1/funnel', '/v1/rule-hits']) {
      const get = documents['incident-manager'].paths[path]['get'] as { parameters: { name: string; in: string; schema: { enum?: string[] } }[] };
      expect(get.parameters.find((p) => p.name === 'range')).toMatchObject({ in: 'query', schema: { enum: ['1h', '1d'] } });
    }
  });
});

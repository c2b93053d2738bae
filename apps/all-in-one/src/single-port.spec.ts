import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenApiDocument } from '@quell/platform-http';
import { HealthRegistry } from '@quell/platform-observability';
import { resourceOf, SinglePortRouter, type MountedService } from './single-port';

function service(name: string, paths: string[], health = new HealthRegistry()): MountedService {
  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: { title: name, version: 'v1' },
    paths: Object.fromEntries(['/health/live', '/health/ready', '/metrics', '/openapi.json', ...paths].map((p) => [p, { get: {} }])),
    components: { schemas: { [`${name}-thing`]: { type: 'object' }, Problem: { type: 'object' } } },
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`${name} ${req.url}`);
  return { name, handle, document, health };
}

async function serve(router: SinglePortRouter) {
  const server = createServer(router.handle);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { get: (path: string) => fetch(`${base}${path}`), close: () => new Promise((done) => server.close(done)) };
}

describe('SinglePortRouter (every service on one port)', () => {
  it('sends each request to the service whose document holds its resource, query and sub-paths included', async () => {
    const router = new SinglePortRouter([service('ingest', ['/v1/events']), service('incident-manager', ['/v1/incidents', '/v1/incidents/{id}/acknowledge'])]);
    expect(router.routes()).toEqual({ '/v1/events': 'ingest', '/v1/incidents': 'incident-manager' });
    const http = await serve(router);
    try {
      expect(await (await http.get('/v1/events')).text()).toBe('ingest /v1/events');
      expect(await (await http.get('/v1/incidents/abc/acknowledge?x=1')).text()).toBe('incident-manager /v1/incidents/abc/acknowledge?x=1');
      expect(await (await http.get('/metrics')).text()).toBe('ingest /metrics');
      const missing = await http.get('/v1/nothing');
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toBe('application/problem+json');
      expect(await missing.json()).toMatchObject({ status: 404, detail: 'no Quell API at /v1/nothing; see /openapi.json' });
    } finally {
      await http.close();
    }
  });

  it('answers health for all the services together, naming the service of a failed check', async () => {
    const sick = new HealthRegistry();
    sick.register('clickhouse', async () => false);
    sick.registerLiveness('consumer:quell.deduper', () => false);
    const http = await serve(new SinglePortRouter([service('ingest', ['/v1/events']), service('deduper', [], sick)]));
    try {
      const ready = await http.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'not_ready', failed: ['deduper: clickhouse'], checks: { ingest: {}, deduper: { clickhouse: { status: 'failed' } } } });
      const live = await http.get('/health/live');
      expect(live.status).toBe(503);
      expect(await live.json()).toEqual({ status: 'not_live', failed: ['deduper: consumer:quell.deduper'] });
    } finally {
      await http.close();
    }
  });

  it('serves one OpenAPI document with every service\'s paths and components', async () => {
    const router = new SinglePortRouter([service('ingest', ['/v1/events']), service('correlator', ['/v1/rules/{id}'])]);
    expect(Object.keys(router.document.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/rules/{id}', '/health/ready']));
    expect(Object.keys((router.document['components'] as { schemas: object }).schemas)).toEqual(expect.arrayContaining(['ingest-thing', 'correlator-thing', 'Problem']));
  });

  it('refuses two services claiming one resource at start-up', () => {
    expect(() => new SinglePortRouter([service('a', ['/v1/things']), service('b', ['/v1/things/{id}'])])).toThrow('/v1/things is served by both a and b');
  });

  it('takes the resource from the first two segments of a path', () => {
    expect(resourceOf('/v1/changes/{id}/approve')).toBe('/v1/changes');
    expect(resourceOf('/v1/events?tenant=x')).toBe('/v1/events');
  });
});

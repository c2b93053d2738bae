import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fakeConsoleBuild, rawRequest, requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { IncidentApiHarness, KEYS } from '../api/test/incident-api-harness';

const realInfra = () => ({ BUS: 'kafka', KAFKA_BROKERS: requireKafkaBrokers().join(','), REDIS_URL: requireRedisUrl() });

/**
 * The web console at `/` of the incident-manager's own port (the distributed mode), over the real
 * broker, Redis and the embedded ClickHouse engine: the shell and its assets need no key, the
 * incidents API still does, and nothing outside the build is reachable.
 */
describe('the incident-manager serves the web console', () => {
  const build = fakeConsoleBuild();
  const service = new IncidentApiHarness();

  // An OIDC provider to offer: config.json says so (discovery waits for the first token, so none runs here).
  const oidc = { OIDC_ISSUER: 'https://idp.example.test/realms/soc', OIDC_CLIENT_ID: 'quell-console', OIDC_TENANT: 'acme' };

  beforeAll(() => service.start({ ...realInfra(), ...oidc, CONSOLE_DIR: build.dir }), 90_000);
  afterAll(() => service.stop());

  it('serves index.html at /, never cached, with no key', async () => {
    for (const path of ['/', '/console/', '/index.html']) {
      const answer = await rawRequest(service.url, path);
      expect(answer).toMatchObject({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' } });
      expect(answer.body).toContain('<title>Quell</title>');
    }
  });

  it('tells the console, before sign-in, which provider to offer (config.json, nothing secret)', async () => {
    for (const path of ['/config.json', '/console/config.json']) {
      const answer = await rawRequest(service.url, path);
      expect(answer).toMatchObject({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' } });
      expect(JSON.parse(answer.body)).toEqual({ oidc: { issuer: oidc.OIDC_ISSUER, clientId: 'quell-console', providerName: 'idp.example.test', scopes: 'openid profile email', token: 'id' } });
    }
  });

  it('serves a hashed asset for good, and a missing one is a 404', async () => {
    expect(await rawRequest(service.url, `/assets/${build.asset}`)).toMatchObject({
      status: 200,
      body: 'console.log(1)',
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' },
    });
    expect(await rawRequest(service.url, '/assets/index-missing.js')).toMatchObject({ status: 404 });
  });

  it('refuses every path out of the build', async () => {
    for (const path of ['/assets/../../secret.txt', '/assets/..%2F..%2Fsecret.txt', '/console/assets/..%2f..%2fsecret.txt', '/assets/.hidden', '/secret.txt', '/../secret.txt']) {
      const answer = await rawRequest(service.url, path);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(answer.body).not.toContain(build.secret);
    }
  });

  it('leaves the API its keys, and is read only', async () => {
    const anonymous = await fetch(`${service.url}/v1/incidents`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect((await service.request('GET', '/v1/incidents', KEYS.read)).status).toBe(200);
    expect(await rawRequest(service.url, '/', 'POST')).toMatchObject({ status: 405, headers: { allow: 'GET, HEAD' } });
  });

  it('is no API: the OpenAPI document and the probes are unchanged', async () => {
    const document = (await (await fetch(`${service.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => !path.startsWith('/v1/')).sort()).toEqual(['/health/live', '/health/ready', '/metrics', '/openapi.json']);
    expect((await fetch(`${service.url}/health/live`)).status).toBe(200);
  });
});

describe('the console turned off, or not built', () => {
  it('CONSOLE_ENABLED=false: / is an unknown path like any other', async () => {
    const service = await new IncidentApiHarness().start({ ...realInfra(), CONSOLE_DIR: fakeConsoleBuild().dir, CONSOLE_ENABLED: 'false' });
    try {
      const answer = await rawRequest(service.url, '/');
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
    } finally {
      await service.stop();
    }
  }, 90_000);

  it('no build in CONSOLE_DIR: / says how to build it', async () => {
    const service = await new IncidentApiHarness().start({ ...realInfra(), CONSOLE_DIR: join(tmpdir(), 'quell-no-console-here') });
    try {
      expect(await rawRequest(service.url, '/')).toMatchObject({ status: 503, body: expect.stringContaining('npm run build:console') });
    } finally {
      await service.stop();
    }
  }, 90_000);
});

import { gzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { READ_KEY, startWidgetsApp, WRITE_KEY } from './test/widgets.test-app';

/** Sends a Buffer as it is: superagent would serialize it as JSON under a JSON content type. */
const asIs = (body: unknown) => body as string;

describe('setUpHttpServer', () => {
  let app: INestApplication;
  let lines: Record<string, unknown>[];
  let raw: string[];
  const http = () => request(app.getHttpServer());
  const accessLines = () => lines.filter((line) => line['msg'] === 'http request' || line['msg'] === 'http request failed');

  beforeAll(async () => {
    ({ app, lines, raw } = await startWidgetsApp(1024));
  });
  afterAll(() => app.close());
  beforeEach(() => {
    lines.splice(0);
    raw.splice(0);
  });

  describe('request ids', () => {
    it('echoes an acceptable X-Request-Id and generates one otherwise', async () => {
      const kept = await http().get('/health/live').set('X-Request-Id', 'edge-7f3a:42');
      expect(kept.headers['x-request-id']).toBe('edge-7f3a:42');
      const made = await http().get('/health/live');
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const replaced = await http().get('/health/live').set('X-Request-Id', 'x'.repeat(129));
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('does not name the framework in its answers (no X-Powered-By)', async () => {
      const res = await http().get('/health/live');
      expect(res.status).toBe(200);
      expect(res.headers).not.toHaveProperty('x-powered-by');
    });

    it('puts the request id in the problem body of a server failure and in the error log line, never the internals', async () => {
      const res = await http().get('/v1/widgets/failing').set('X-Request-Id', 'req-500');
      expect(res.status).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 500, requestId: 'req-500' });
      expect(JSON.stringify(res.body)).not.toContain('internal detail');
      expect(accessLines()).toEqual([expect.objectContaining({ level: 'error', requestId: 'req-500', status: 500, route: '/v1/widgets/failing' })]);
    });
  });

  it('names the request id on every line logged while the request is handled, across awaits', async () => {
    await http().get('/v1/widgets/logged').set('X-Request-Id', 'req-ctx').expect(200);
    expect(lines.find((line) => line['msg'] === 'handler line')).toMatchObject({ requestId: 'req-ctx' });
  });

  describe('access log', () => {
    it('writes one line per request with method, route, status, duration, tenant and request id', async () => {
      await http().get('/v1/widgets/w-12').set('Authorization', `Bearer ${READ_KEY}`).set('X-Request-Id', 'req-1').expect(200);
      expect(accessLines()).toEqual([
        expect.objectContaining({ level: 'info', msg: 'http request', requestId: 'req-1', method: 'GET', route: '/v1/widgets/:id', url: '/v1/widgets/w-12', status: 200, tenant: 'acme' }),
      ]);
      expect(accessLines()[0]['durationMs']).toEqual(expect.any(Number));
      // The id comes from the log context, not a child binding as well: the key is written once.
      expect(raw.every((line) => line.split('"requestId"').length === 2)).toBe(true);
    });

    it('redacts secrets by name: the authorization header, cookies, x-api-key and any key, secret or token field', async () => {
      await http()
        .get('/v1/widgets?limit=5&api_key=qs-secret-1&access_token=qs-secret-2&prefix=ok')
        .set('Authorization', `Bearer ${READ_KEY}`)
        .set('Cookie', 'session=cookie-secret')
        .set('X-Api-Key', 'header-secret-1')
        .set('X-Upload-Token', 'header-secret-2')
        .set('X-Client-Secret', 'header-secret-3')
        .expect(200);
      const [line] = accessLines();
      const text = JSON.stringify(line);
      for (const secret of [READ_KEY, 'cookie-secret', 'header-secret-1', 'header-secret-2', 'header-secret-3', 'qs-secret-1', 'qs-secret-2']) expect(text).not.toContain(secret);
      expect(line['headers']).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]', 'x-upload-token': '[redacted]', 'x-client-secret': '[redacted]' });
      expect(line['url']).toBe('/v1/widgets?limit=5&api_key=%5Bredacted%5D&access_token=%5Bredacted%5D&prefix=ok');
    });

    it('logs refused requests (no tenant yet) at info and probes at debug', async () => {
      await http().get('/v1/widgets/w-1').expect(401);
      await http().get('/health/live').expect(200);
      expect(accessLines()).toEqual([
        expect.objectContaining({ level: 'info', status: 401, route: '/v1/widgets/:id' }),
        expect.objectContaining({ level: 'debug', status: 200, route: '/health/live' }),
      ]);
      expect(accessLines()[0]).not.toHaveProperty('tenant');
    });
  });

  describe('JSON bodies', () => {
    const post = (path = '/v1/widgets') => http().post(path).set('Authorization', `Bearer ${WRITE_KEY}`);

    it('parses and validates a JSON body for a @Body() route, gzip or not', async () => {
      await post().send({ name: 'bolt', size: 3 }).expect(201, { name: 'bolt', size: 3, tenant: 'acme' });
      await post()
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(asIs)
        .send(gzipSync(JSON.stringify({ name: 'nut', size: 1 })))
        .expect((res) => expect(res.body).toEqual({ name: 'nut', size: 1, tenant: 'acme' }));
    });

    it('answers 413 problem+json past the limit, counted once inflated', async () => {
      const big = { name: 'x', size: 1, pad: ' '.repeat(5000) };
      const plain = await post().send(big);
      expect(plain.status).toBe(413);
      expect(plain.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(plain.body).toMatchObject({ status: 413, title: 'Payload Too Large', detail: expect.stringContaining('the limit is 1024') });
      const bomb = await post().set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').serialize(asIs).send(gzipSync(JSON.stringify(big)));
      expect(bomb.status).toBe(413);
      expect(bomb.body.detail).toBe('body exceeds 1024 bytes once inflated');
    });

    it('lets a route raise its own limit', async () => {
      const widgets = Array.from({ length: 100 }, (_, i) => ({ name: `widget-${i}`, size: i + 1 }));
      await post('/v1/widgets/bulk').send(widgets).expect(200, { count: 100 });
    });

    it('answers 415 for an unsupported Content-Encoding or media type, 400 for broken JSON', async () => {
      const br = await post().set('Content-Type', 'application/json').set('Content-Encoding', 'br').send('{}');
      expect(br.status).toBe(415);
      expect(br.body.detail).toBe('Content-Encoding "br" is not supported (gzip, deflate or none)');
      const form = await post().type('form').send('name=x&size=1');
      expect(form.status).toBe(415);
      const broken = await post().set('Content-Type', 'application/json').send('{"name": ');
      expect(broken.status).toBe(400);
      expect(broken.body.detail).toMatch(/^body is not valid JSON/);
    });

    it('refuses an unauthenticated request before reading its body', async () => {
      const res = await http().post('/v1/widgets').send({ name: 'x', size: 1 });
      expect(res.status).toBe(401);
      // The connection stays usable: the unread body was drained.
      await post().send({ name: 'after', size: 2 }).expect(201);
    });

    it('lists every invalid field of the parsed body', async () => {
      const res = await post().send({ name: '', size: -1, colour: 'red' });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['', 'name', 'size']);
    });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendChannelRequest } from './channel-sender';

describe('sendChannelRequest', () => {
  let server: Server;
  let url: string;
  let connections = 0;
  const seen: { url: string; method: string; body: string; authorization?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', method: req.method ?? '', body, authorization: req.headers.authorization });
        if (req.url === '/endless') {
          // Answers 200, then streams a body that never ends.
          res.writeHead(200);
          res.write('x'.repeat(10_000));
        } else if (req.url === '/moved') {
          res.writeHead(307, { location: '/ok' }).end();
        } else if (req.url === '/ok') {
          res.writeHead(200).end('{"id":"T-1"}');
        } else {
          res.writeHead(429, { 'retry-after': '7' }).end('slow down');
        }
      });
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (seen.length = 0));

  it('keeps the start of an endless body and returns without waiting for its end', async () => {
    const started = Date.now();
    const outcome = await sendChannelRequest('hook', { method: 'POST', url: `${url}/endless`, headers: {}, body: '{}' }, 3_000);
    expect(outcome).toMatchObject({ ok: true, status: 200 });
    expect(outcome.ok && outcome.body.length).toBe(4_000);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('says a 429 is worth retrying, after its Retry-After', async () => {
    const outcome = await sendChannelRequest('hook', { method: 'POST', url: `${url}/busy`, headers: {}, body: '{}' }, 3_000);
    expect(outcome).toEqual({ ok: false, status: 429, reason: 'hook answered 429', retriable: true, retryAfterMs: 7_000 });
  });

  it('follows a redirect with the same request, as fetch did', async () => {
    const outcome = await sendChannelRequest('hook', { method: 'POST', url: `${url}/moved`, headers: { authorization: 'Bearer t' }, body: '{"a":1}' }, 3_000);
    expect(outcome).toEqual({ ok: true, status: 200, body: '{"id":"T-1"}' });
    expect(seen.map((request) => [request.url, request.method, request.body, request.authorization])).toEqual([
      ['/moved', 'POST', '{"a":1}', 'Bearer t'],
      ['/ok', 'POST', '{"a":1}', 'Bearer t'],
    ]);
  });

  it('sends one after another over one kept-alive connection once each answer is read', async () => {
    const before = connections;
    for (let i = 0; i < 5; i += 1) {
      expect(await sendChannelRequest('hook', { method: 'POST', url: `${url}/ok`, headers: {}, body: '{}' }, 3_000)).toMatchObject({ ok: true });
    }
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it('says an unreachable receiver is worth retrying', async () => {
    const outcome = await sendChannelRequest('hook', { method: 'POST', url: 'http://127.0.0.1:1/x', headers: {}, body: '{}' }, 3_000);
    expect(outcome).toMatchObject({ ok: false, status: null, retriable: true });
    expect(!outcome.ok && outcome.reason).toMatch(/^hook unreachable: /);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendChannelRequest } from './channel-sender';

describe('sendChannelRequest', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Answers 200, then streams a body that never ends.
    server = createServer((req, res) => {
      req.resume();
      res.writeHead(req.url === '/endless' ? 200 : 429, { 'retry-after': '7' });
      if (req.url === '/endless') res.write('x'.repeat(10_000));
      else res.end('slow down');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

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
});

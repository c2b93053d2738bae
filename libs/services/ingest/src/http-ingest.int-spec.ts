import { gzipSync } from 'node:zlib';
import { IngestHarness } from './test/ingest-harness';

type Answer = { accepted: number; rejected: number; results: { index: number; status: string; id?: string; reason?: string }[] };

describe('POST /v1/events against the real broker', () => {
  const harness = new IngestHarness();

  beforeAll(async () => {
    await harness.start({
      INGEST_MAX_BODY_BYTES: '4096',
      INGEST_MAX_EVENT_BYTES: '512',
      INGEST_MAX_EVENTS: '5',
      INGEST_RATE_EVENTS_PER_SEC: '20',
    });
  }, 60_000);
  afterAll(() => harness.stop(), 30_000);

  function post(body: string | Buffer, headers: Record<string, string> = {}, query = ''): Promise<Response> {
    return fetch(`${harness.url}/v1/events${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer acme-key', ...headers },
      body,
    });
  }

  it('accepts an array, answers per entry, and every accepted entry is already on the raw topic', async () => {
    const response = await post(JSON.stringify([{ message: 'one', host: { name: 'web-1' } }, 42, { message: 'two' }]));
    expect(response.status).toBe(202);
    const answer = (await response.json()) as Answer;
    expect(answer).toMatchObject({ accepted: 2, rejected: 1 });
    expect(answer.results[1]).toEqual({ index: 1, status: 'rejected', reason: 'an event must be a JSON object' });
    const ids = answer.results.filter((r) => r.status === 'accepted').map((r) => r.id);
    const raws = await harness.waitForRaw(2, (raw) => ids.includes(raw.id));
    expect(raws.every((raw) => raw.tenant === 'acme' && raw.format === 'json')).toBe(true);
    expect(JSON.parse(raws.find((r) => r.id === ids[0])!.payload.toString())).toEqual({ message: 'one', host: { name: 'web-1' } });
  });

  it('reads gzip NDJSON and rejects only the bad or oversized line', async () => {
    const lines = [JSON.stringify({ message: 'a' }), '{not json', JSON.stringify({ message: 'x'.repeat(600) })].join('\n');
    const response = await post(gzipSync(lines), { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as Answer;
    expect(answer.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(answer.results[1].reason).toMatch(/not valid JSON/);
    expect(answer.results[2].reason).toMatch(/limit is 512/);
  });

  it('takes text lines in a declared format and resolves syslog per line', async () => {
    const text = '<34>Oct 11 22:14:15 mymachine su: su root failed\n<165>1 2003-10-11T22:14:15.003Z host app - ID47 - hi\n';
    const response = await post(text, { 'content-type': 'text/plain' }, '?format=syslog&source=fw');
    const answer = (await response.json()) as Answer;
    expect(response.status).toBe(202);
    const ids = answer.results.map((r) => r.id);
    const raws = await harness.waitForRaw(2, (raw) => ids.includes(raw.id));
    expect(raws.map((r) => r.format).sort()).toEqual(['syslog3164', 'syslog5424']);
    expect(raws[0].source).toEqual({ type: 'http', name: 'fw', host: null });
    const missing = await post(text, { 'content-type': 'text/plain' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { detail: string }).detail).toMatch(/format query parameter, e.g. \/v1\/events\?format=syslog/);
  });

  it('refuses an unknown query parameter with a 400 naming it, and takes every documented one together', async () => {
    for (const query of ['?zz=1', '?format=json&formt=kv']) {
      const refused = await post('{"message":"m"}', { 'content-type': 'text/plain' }, query);
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/Unrecognized key: "(zz|formt)"/);
    }
    const all = await post('{"message":"m"}', { 'content-type': 'text/plain' }, '?tenant=acme&source=fw&format=json');
    expect(all.status).toBe(202);
    expect(await all.json()).toMatchObject({ accepted: 1, rejected: 0 });
  });

  it('answers 401 without a valid key and 403 when naming another tenant', async () => {
    expect((await post('{}', { authorization: '' })).status).toBe(401);
    const unknown = await post('{}', { authorization: 'Bearer wrong' });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer');
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const forbidden = await post('{}', { 'x-quell-tenant': 'globex' });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ status: 403, title: 'Forbidden' });
    expect((await post('{}', {}, '?tenant=globex')).status).toBe(403);
    expect((await post('{"a":1}', { 'x-quell-tenant': 'acme' })).status).toBe(202);
  });

  it('answers 413 for a large body, a gzip bomb and too many events', async () => {
    const big = await post(JSON.stringify([{ message: 'y'.repeat(5000) }]));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ status: 413, detail: expect.stringMatching(/limit is 4096/) });
    const bomb = gzipSync(Buffer.from(`[${'{"a":1},'.repeat(100_000)}{}]`));
    expect(bomb.length).toBeLessThan(4096);
    const inflated = await post(bomb, { 'content-encoding': 'gzip' });
    expect(inflated.status).toBe(413);
    expect(((await inflated.json()) as { detail: string }).detail).toMatch(/once inflated/);
    const many = await post(JSON.stringify(Array.from({ length: 6 }, () => ({}))));
    expect(many.status).toBe(413);
  });

  it('answers 429 with Retry-After when a tenant exceeds its rate, and other tenants are unaffected', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 10 && !limited; i++) {
      const response = await post(JSON.stringify([{}, {}, {}, {}, {}]));
      if (response.status === 429) limited = response;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited!.json()).toMatchObject({ status: 429 });
    expect((await post('{}', { authorization: 'Bearer globex-key' })).status).toBe(202);
  });

  it('serves its OpenAPI document without a key, and echoes the request id on every answer', async () => {
    const document = await fetch(`${harness.url}/openapi.json`, { headers: { 'x-request-id': 'ingest-doc-1' } });
    expect(document.status).toBe(200);
    expect(document.headers.get('x-request-id')).toBe('ingest-doc-1');
    const paths = ((await document.json()) as { paths: Record<string, object> }).paths;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/v1/events', '/openapi.json', '/health/ready']));
    const refused = await post('{}', { authorization: 'Bearer unknown-key', 'x-request-id': 'ingest-401' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toBe('ingest-401');
    expect((await post('{}')).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

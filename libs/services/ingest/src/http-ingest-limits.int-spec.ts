import { randomUUID } from 'node:crypto';
import { normalizeRecord, stableId } from '@quell/normalize';
import { IngestHarness } from './test/ingest-harness';

type Answer = { accepted: number; rejected: number; results: { index: number; status: string; id?: string; reason?: string }[] };

/** One realistic event of exactly `bytes` bytes of JSON. */
function eventOf(index: number, bytes: number): string {
  const base = { '@timestamp': '2026-12-02T09:00:00Z', event: { category: 'authentication', outcome: 'failure' }, host: { name: `web-${index % 7}` }, message: '' };
  const empty = JSON.stringify({ ...base, seq: index }).length;
  return JSON.stringify({ ...base, seq: index, message: 'm'.repeat(bytes - empty) });
}

describe('POST /v1/events at the documented limits, against the real broker', () => {
  const harness = new IngestHarness();

  beforeAll(() => harness.start({}), 60_000);
  afterAll(() => harness.stop(), 30_000);

  function post(body: string, headers: Record<string, string> = {}, path = '/v1/events'): Promise<Response> {
    return fetch(`${harness.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer acme-key', ...headers },
      body,
    });
  }

  it('accepts 3,000 NDJSON events of 330 bytes (about 1 MB, inside 5 MB / 10,000 events) with a 202, all on the raw topic', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => eventOf(i, 330));
    expect(lines.every((line) => line.length === 330)).toBe(true);
    const started = Date.now();
    const response = await post(lines.join('\n'), { 'content-type': 'application/x-ndjson' });
    const answer = (await response.json()) as Answer;
    process.stdout.write(`3,000 x 330 B NDJSON: ${response.status} in ${Date.now() - started} ms\n`);
    expect(response.status).toBe(202);
    expect(answer).toMatchObject({ accepted: 3000, rejected: 0 });
    const ids = new Set(answer.results.map((r) => r.id));
    const raws = await harness.waitForRaw(3000, (raw) => ids.has(raw.id));
    expect(new Set(raws.map((raw) => raw.id)).size).toBe(3000);
  }, 60_000);

  it('accepts a request at the documented limits: 10,000 events in just under 5 MiB', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => eventOf(i, 520));
    const body = lines.join('\n');
    expect(Buffer.byteLength(body)).toBeGreaterThan(5_200_000);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(5 * 1024 * 1024);
    const response = await post(body, { 'content-type': 'application/x-ndjson' });
    expect(response.status).toBe(202);
    const answer = (await response.json()) as Answer;
    expect(answer).toMatchObject({ accepted: 10_000, rejected: 0 });
    const ids = new Set(answer.results.map((r) => r.id));
    expect((await harness.waitForRaw(10_000, (raw) => ids.has(raw.id))).length).toBe(10_000);
    const over = await post(`${body}\n${eventOf(10_000, 520)}`, { 'content-type': 'application/x-ndjson' });
    expect(over.status).toBe(413);
  }, 60_000);

  it('gives a request retried with the same UUIDv7 Idempotency-Key the same raw ids and identical events', async () => {
    const key = stableId(Date.now(), randomUUID()); // a UUIDv7, as a client would create for its first attempt
    const body = `[${eventOf(1, 200)},${eventOf(2, 200)},{"message":"no timestamp"}]`;
    const first = (await (await post(body, { 'idempotency-key': key })).json()) as Answer;
    const retry = (await (await post(body, { 'idempotency-key': key })).json()) as Answer;
    const other = (await (await post(body, { 'idempotency-key': `${key}-other` })).json()) as Answer;
    expect(retry.results).toEqual(first.results);
    expect(other.results.map((r) => r.id)).not.toContain(first.results[0].id);
    const ids = first.results.map((r) => r.id);
    const raws = await harness.waitForRaw(6, (raw) => ids.includes(raw.id));
    // Both copies reached the raw topic; downstream they are one event (same id, same content).
    expect(raws).toHaveLength(6);
    const byId = new Map<string, string[]>();
    for (const raw of raws) {
      const event = normalizeRecord(raw, 0);
      expect(event.id).toBe(raw.id);
      byId.set(raw.id, [...(byId.get(raw.id) ?? []), JSON.stringify({ ...event, ingestTime: 0 })]);
    }
    expect(byId.size).toBe(3);
    for (const copies of byId.values()) expect(copies[1]).toBe(copies[0]);
  });

  it('keeps the ids for an opaque Idempotency-Key too', async () => {
    const key = `order-${randomUUID()}`;
    const body = `[${eventOf(1, 200)},{"message":"no timestamp"}]`;
    const first = (await (await post(body, { 'idempotency-key': key })).json()) as Answer;
    const retry = (await (await post(body, { 'idempotency-key': key }, '/V1/Events')).json()) as Answer;
    expect(first.accepted).toBe(2);
    expect(retry.results).toEqual(first.results);
  });

  it('refuses the 5,000-deep element of an array alone, keeps its neighbours, and refuses a single too-deep object per entry', async () => {
    const deep = `${'{"x":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const response = await post(`[{"a":1},${deep},{"b":2}]`);
    expect(response.status).toBe(202);
    const answer = (await response.json()) as Answer;
    expect(answer.results.map((r) => r.status)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(answer.results[1].reason).toBe('JSON is nested more than 100 levels deep');
    const single = await post(deep);
    expect(single.status).toBe(202);
    expect(await single.json()).toEqual({ accepted: 0, rejected: 1, results: [{ index: 0, status: 'rejected', reason: 'JSON is nested more than 100 levels deep' }] });
    const ndjson = await post(`{"a":1}\n{"a":${'['.repeat(40_000)}${']'.repeat(40_000)}}`, { 'content-type': 'application/x-ndjson' });
    expect(((await ndjson.json()) as Answer).results.map((r) => r.reason ?? r.status)).toEqual(['accepted', 'JSON is nested more than 100 levels deep']);
  });

  it('treats POST /V1/Events and /v1/events/ like /v1/events', async () => {
    for (const path of ['/V1/Events', '/v1/events/', '/v1/EVENTS?source=case']) {
      const response = await post('{"message":"case"}', {}, path);
      expect({ path, status: response.status }).toEqual({ path, status: 202 });
      expect(await response.json()).toMatchObject({ accepted: 1 });
    }
  });

  it('refuses an unusable Idempotency-Key with a 400 that says why', async () => {
    const response = await post('{}', { 'idempotency-key': 'x'.repeat(200) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/Idempotency-Key must be 1 to 128/);
  });
});

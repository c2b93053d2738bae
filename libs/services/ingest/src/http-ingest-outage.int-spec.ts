import { IngestHarness } from './test/ingest-harness';
import { UnreachableBrokerBus } from './test/unreachable-broker-bus';

/** KAFKA_PUBLISH_TIMEOUT_MS: the publish gives up within it, and the answer follows. */
const PUBLISH_BOUND_MS = 2_000;

describe.each(['refused', 'silent'] as const)('POST /v1/events while the broker is unreachable (%s)', (broker) => {
  const harness = new IngestHarness();

  beforeAll(async () => {
    await harness.start({ BUS: 'memory' }, { bus: await UnreachableBrokerBus.create(PUBLISH_BOUND_MS, broker) });
  }, 60_000);
  afterAll(() => harness.stop(), 30_000);

  async function post(headers: Record<string, string>) {
    const started = Date.now();
    const response = await fetch(`${harness.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: 'Bearer acme-key', ...headers },
      body: '{"message":"one"}\n{"message":"two"}\n',
      signal: AbortSignal.timeout(PUBLISH_BOUND_MS + 10_000),
    });
    return { response, elapsed: Date.now() - started, body: (await response.json()) as unknown };
  }

  it('answers 503 with Retry-After within the publish bound, saying some entries may be stored and how to retry', async () => {
    const { response, elapsed, body } = await post({ 'idempotency-key': 'outage-1' });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'the events could not all be stored (some may have been): retry the request with the same Idempotency-Key, which keeps the same event ids',
    });
    expect(elapsed).toBeLessThan(PUBLISH_BOUND_MS + 1_000);
    process.stdout.write(`broker ${broker}: 503 answered in ${elapsed} ms with KAFKA_PUBLISH_TIMEOUT_MS=${PUBLISH_BOUND_MS}\n`);
  }, 30_000);

  it('tells a client without an Idempotency-Key to send one', async () => {
    const { response, elapsed, body } = await post({});
    expect(response.status).toBe(503);
    expect(body).toMatchObject({ detail: expect.stringMatching(/some may have been.*send an Idempotency-Key/) });
    expect(elapsed).toBeLessThan(PUBLISH_BOUND_MS + 1_000);
  }, 30_000);
});

import { IngestHarness } from './test/ingest-harness';
import { UnreachableBrokerBus } from './test/unreachable-broker-bus';

/** KAFKA_PUBLISH_TIMEOUT_MS's default: the publish gives up within it, and the answer follows. */
const PUBLISH_BOUND_MS = 5_000;

describe('POST /v1/events while the broker is unreachable', () => {
  const harness = new IngestHarness();

  beforeAll(async () => {
    await harness.start({ BUS: 'memory' }, { bus: await UnreachableBrokerBus.create() });
  }, 60_000);
  afterAll(() => harness.stop(), 30_000);

  it('answers 503 with Retry-After within the publish bound, saying some entries may be stored and how to retry', async () => {
    const started = Date.now();
    const response = await fetch(`${harness.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: 'Bearer acme-key', 'idempotency-key': 'outage-1' },
      body: '{"message":"one"}\n{"message":"two"}\n',
      signal: AbortSignal.timeout(PUBLISH_BOUND_MS + 10_000),
    });
    const elapsed = Date.now() - started;
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await response.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'the events could not all be stored (some may have been): retry the request with the same Idempotency-Key, which keeps the same event ids',
    });
    expect(elapsed).toBeLessThan(PUBLISH_BOUND_MS + 2_000);
  }, 30_000);
});

import { connect } from 'node:net';
import { AvroCodec, type RawEvent } from '@quell/contracts';
import { InProcessEventBus, type ConsumerHandle, type InboundRecord } from '@quell/platform-kafka';
import { METRICS, type PipelineMetrics } from '@quell/platform-observability';
import { waitFor } from '@quell/platform-testing';
import { SyslogReceiver } from './syslog/syslog-receiver';
import { IngestHarness } from './test/ingest-harness';

/** INPROCESS_QUEUE_MAX_RECORDS of the bus under test: the raw topic's backlog must never pass it. */
const BOUND = 2_000;
const WAIT_MS = 1_000;
/** The slow downstream stage: 250 records per 200 ms and partition slice, about 1,250 records/s. */
const SLICE = 250;
const SLICE_MS = 200;
const LOAD_MS = 6_000;
const CLIENTS = 8;
const EVENTS_PER_REQUEST = 200;
const SYSLOG_LINES = 3_000;
const SHIPPER_RECORDS = 3_000;

interface Outcome {
  request: string;
  key: string;
  body: string;
  status: number;
  retryAfter: string | null;
  answer: { reason?: string; detail?: string; results?: { id: string }[] };
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

describe('ingest on a full all-in-one pipeline (bounded in-process bus, slow downstream stage)', () => {
  const harness = new IngestHarness();
  const codec = new AvroCodec();
  const bus = new InProcessEventBus({ logger: quiet, queueMaxRecords: BOUND, maxBatchRecords: SLICE });
  /** Times each event id reached the downstream stage, and the payloads in arrival order. */
  const handled = new Map<string, number>();
  const payloads: string[] = [];
  let downstream: ConsumerHandle;

  async function metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const values = (await harness.service.app.get<PipelineMetrics>(METRICS).registry.getSingleMetric(name)?.get())?.values ?? [];
    return values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);
  }

  function post(body: string, key: string): Promise<Response> {
    return fetch(`${harness.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: 'Bearer acme-key', 'idempotency-key': key },
      body,
    });
  }

  beforeAll(async () => {
    await harness.start(
      { BUS: 'memory', LOG_LEVEL: 'error', INGEST_BACKPRESSURE_WAIT_MS: String(WAIT_MS), INGEST_SYSLOG_TCP_PORT: '0', INGEST_SYSLOG_TENANT: 'acme' },
      { bus },
    );
    downstream = await bus.consume({
      groupId: `${harness.prefix}.slow-normalizer`,
      subscriptions: [
        {
          topic: harness.topics.raw,
          decode: (bytes: Buffer) => codec.decode(bytes, 'RawEvent') as RawEvent,
          handle: async (records: InboundRecord<RawEvent>[]) => {
            await new Promise((resolve) => setTimeout(resolve, SLICE_MS));
            for (const { value } of records) {
              handled.set(value.id, (handled.get(value.id) ?? 0) + 1);
              payloads.push(value.payload.toString());
            }
            return [];
          },
        },
      ],
      deadLetterTopic: harness.topics.deadLetters,
      policy: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    });
  }, 60_000);
  afterAll(async () => {
    await downstream?.stop();
    await harness.stop();
  }, 30_000);

  it('refuses with 503 + Retry-After when full, pauses syslog TCP and the shipper consumer, keeps the backlog under its bound, and loses nothing accepted', async () => {
    const memoryAtStart = process.memoryUsage();
    let peakBacklog = 0;
    let peakRss = memoryAtStart.rss;
    let peakHeap = memoryAtStart.heapUsed;
    let shipperTopicHeld = 0;
    /** RSS each second of the load: flat once warm, whatever the input rate. */
    const rssBySecond: number[] = [];
    const started = Date.now();
    const sampler = setInterval(() => {
      const second = Math.floor((Date.now() - started) / 1000);
      if (rssBySecond.length <= second) rssBySecond.push(process.memoryUsage().rss);
      peakBacklog = Math.max(peakBacklog, bus.backlog(harness.topics.raw));
      shipperTopicHeld = Math.max(shipperTopicHeld, bus.backlog(harness.topics.ingest));
      const { rss, heapUsed } = process.memoryUsage();
      peakRss = Math.max(peakRss, rss);
      peakHeap = Math.max(peakHeap, heapUsed);
    }, 20);

    // HTTP: clients send new requests back to back for LOAD_MS, faster than the stage drains.
    const outcomes: Outcome[] = [];
    const until = Date.now() + LOAD_MS;
    const client = async (c: number) => {
      for (let n = 0; Date.now() < until; n += 1) {
        const request = `c${c}n${n}`;
        const body = Array.from({ length: EVENTS_PER_REQUEST }, (_, i) => JSON.stringify({ message: `load ${request} e${i}` })).join('\n');
        const key = `${harness.prefix}-${request}`;
        const response = await post(body, key);
        outcomes.push({ request, key, body, status: response.status, retryAfter: response.headers.get('retry-after'), answer: (await response.json()) as Outcome['answer'] });
      }
    };
    // Syslog TCP: one sender writing as fast as the socket takes it.
    const sender = connect(harness.service.app.get(SyslogReceiver).ports().tcp!, '127.0.0.1');
    const senderDone = new Promise<void>((resolve) => sender.once('connect', () => sender.end(Array.from({ length: SYSLOG_LINES }, (_, i) => `<13>Dec  2 10:00:00 h app: tcp-load ${i}\n`).join(''), resolve)));
    // Shipper records on the ingest topic: its consumer's output waits for room, which holds its batch.
    const shippers = (async () => {
      for (let from = 0; from < SHIPPER_RECORDS; from += 500) {
        const batch = Array.from({ length: 500 }, (_, i) => ({ topic: harness.topics.ingest, key: null, value: Buffer.from(`{"message":"shipper-load ${from + i}"}`), headers: { 'quell.tenant': 'acme' } }));
        await bus.publish(batch);
      }
    })();
    await Promise.all([...Array.from({ length: CLIENTS }, (_, c) => client(c)), senderDone, shippers]);
    const memoryAtLoadEnd = process.memoryUsage();

    const accepted = outcomes.filter((o) => o.status === 202);
    const refused = outcomes.filter((o) => o.status === 503);
    expect(outcomes.filter((o) => o.status !== 202 && o.status !== 503)).toEqual([]);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const { retryAfter, answer } of refused) {
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(3);
      expect(answer).toMatchObject({ reason: 'pipeline_saturated', detail: expect.stringMatching(/pipeline is saturated.*nothing of this request was stored/) });
    }
    expect(await metric('quell_ingest_backpressure_total')).toBe(refused.length);
    expect(await metric('quell_ingest_backpressure_events_total')).toBe(refused.length * EVENTS_PER_REQUEST);
    expect(await metric('quell_syslog_tcp_pauses_total', { reason: 'pipeline_full' })).toBeGreaterThan(0);
    // The bound held while ingest took more than the stage could drain.
    expect(peakBacklog).toBeGreaterThan(BOUND / 2);
    expect(peakBacklog).toBeLessThanOrEqual(BOUND);
    // The shipper consumer did not run ahead into the full raw topic: its output waited for room,
    // which held its batch, so its input piled up on its own (bounded) topic instead.
    expect(shipperTopicHeld).toBeGreaterThanOrEqual(BOUND / 2);

    // After the load: everything accepted reaches the stage, once; nothing of a refused request does.
    const acceptedIds = accepted.flatMap((o) => o.answer.results!.map((r) => r.id));
    await waitFor(() => (acceptedIds.every((id) => handled.has(id)) && payloads.filter((p) => p.includes('tcp-load') || p.includes('shipper-load')).length >= SYSLOG_LINES + SHIPPER_RECORDS ? true : undefined), {
      timeoutMs: 60_000,
      description: 'every accepted event handled downstream',
    });
    clearInterval(sampler);
    expect(acceptedIds.filter((id) => handled.get(id) !== 1)).toEqual([]);
    const refusedRequests = new Set(refused.map((o) => o.request));
    expect(payloads.filter((p) => refusedRequests.has(/load (c\d+n\d+) e/.exec(p)?.[1] ?? ''))).toEqual([]);
    // Syslog TCP: every line, once, in the sender's order (one connection, one key, one partition).
    expect(payloads.filter((p) => p.includes('tcp-load')).map((p) => Number(/tcp-load (\d+)/.exec(p)![1]))).toEqual(Array.from({ length: SYSLOG_LINES }, (_, i) => i));
    expect(payloads.filter((p) => p.includes('shipper-load'))).toHaveLength(SHIPPER_RECORDS);

    // A refused request retried with its Idempotency-Key is taken whole, with the ids it would have had.
    const retry = refused[0];
    const again = await post(retry.body, retry.key);
    expect(again.status).toBe(202);
    const retriedIds = ((await again.json()) as Outcome['answer']).results!.map((r) => r.id);
    await waitFor(() => (retriedIds.every((id) => handled.get(id) === 1) ? true : undefined), { timeoutMs: 30_000, description: 'the retried request handled' });
    expect(await post(retry.body, retry.key).then((r) => r.json())).toMatchObject({ results: retriedIds.map((id) => ({ id })) });

    process.stdout.write(
      `overload: ${outcomes.length} requests in ${LOAD_MS} ms, ${accepted.length} accepted (${acceptedIds.length} events), ${refused.length} refused with 503; ` +
        `raw backlog peak ${peakBacklog} of ${BOUND}; RSS ${mb(memoryAtStart.rss)} MB at start, ${mb(peakRss)} MB peak, ${mb(memoryAtLoadEnd.rss)} MB at load end; ` +
        `heap ${mb(memoryAtStart.heapUsed)} → peak ${mb(peakHeap)} MB; RSS by second ${rssBySecond.map(mb).join(' ')} MB\n`,
    );
  }, 120_000);
});

describe('an HTTP request on a full pipeline waits up to INGEST_BACKPRESSURE_WAIT_MS for room', () => {
  const harness = new IngestHarness();
  const bound = 300;
  const waitMs = 1_500;
  const bus = new InProcessEventBus({ logger: quiet, queueMaxRecords: bound, maxBatchRecords: 100 });
  /** The downstream stage holds every batch until the test opens it. */
  let open: () => void = () => undefined;
  let opened = new Promise<void>((resolve) => (open = resolve));
  let downstream: ConsumerHandle;

  /** One event, or a JSON array of several. */
  function post(message: string | string[]): Promise<{ status: number; elapsed: number; retryAfter: string | null; body: { reason?: string } }> {
    const started = Date.now();
    return fetch(`${harness.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer acme-key' },
      body: JSON.stringify(Array.isArray(message) ? message.map((m) => ({ message: m })) : { message }),
    }).then(async (r) => ({ status: r.status, elapsed: Date.now() - started, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as { reason?: string } }));
  }

  beforeAll(async () => {
    // 1 event/s and a burst of 2 per 10 s: a request of 2 events takes from the burst budget.
    await harness.start({ BUS: 'memory', LOG_LEVEL: 'error', INGEST_BACKPRESSURE_WAIT_MS: String(waitMs), INGEST_RATE_EVENTS_PER_SEC: '1', INGEST_RATE_BURST: '2' }, { bus });
    downstream = await bus.consume({
      groupId: `${harness.prefix}.held-normalizer`,
      subscriptions: [{ topic: harness.topics.raw, decode: (bytes: Buffer) => bytes, handle: () => opened.then(() => []) }],
      deadLetterTopic: harness.topics.deadLetters,
      policy: { maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0 },
    });
    // Fill the raw topic to its bound behind the held stage.
    await bus.publish(Array.from({ length: bound }, (_, i) => ({ topic: harness.topics.raw, key: String(i), value: Buffer.from('{}') })));
  }, 60_000);
  afterAll(async () => {
    open();
    await downstream?.stop();
    await harness.stop();
  }, 30_000);

  it('answers 503 once the wait is over and nothing drained, having stored nothing', async () => {
    const answer = await post('refused');
    expect(answer.status).toBe(503);
    expect(answer.body.reason).toBe('pipeline_saturated');
    expect(answer.retryAfter).toMatch(/^[123]$/);
    expect(answer.elapsed).toBeGreaterThanOrEqual(waitMs - 50);
    expect(answer.elapsed).toBeLessThan(waitMs + 1_000);
    expect(bus.backlog(harness.topics.raw)).toBe(bound);
  });

  it("gives a refused request's events back to the tenant's rate: the same events resent at once are not refused with 429", async () => {
    const events = ['resent 1', 'resent 2'];
    expect(await post(events)).toMatchObject({ status: 503, body: { reason: 'pipeline_saturated' } });
    // Had the 2 events stayed spent, the burst budget (2 per 10 s) would refuse them now with a 429.
    expect(await post(events)).toMatchObject({ status: 503, body: { reason: 'pipeline_saturated' } });
    expect(bus.backlog(harness.topics.raw)).toBe(bound);
  }, 15_000);

  it('answers 202 when the stage drains during the wait', async () => {
    const answer = post('taken');
    setTimeout(() => {
      open();
      opened = Promise.resolve();
    }, 500);
    expect(await answer).toMatchObject({ status: 202 });
    expect((await answer).elapsed).toBeGreaterThanOrEqual(450);
  });
});

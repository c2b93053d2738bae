import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AvroCodec, type Event } from '@quell/contracts';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { EVENT_HISTORY_MIGRATIONS, EventHistoryRepository, eventsTable } from '@quell/platform-event-history';
import { loadConfig } from '@quell/platform-config';
import { createKafka, DEFAULT_DELIVERY_POLICY, KafkaEventBus, type ConsumerHandle, type InboundRecord } from '@quell/platform-kafka';
import { collectTopic, createTopics, requireKafkaBrokers, uniqueName, waitFor } from '@quell/platform-testing';
import { normalizerConfigSchema } from './config';
import { EventHistoryHandler, HISTORY_WRITER_GROUP } from './event-history.handler';
import { testEvent } from './test/test-event';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const brokers = requireKafkaBrokers();

describe('history writer batching over Kafka into ClickHouse (chdb)', () => {
  const codec = new AvroCodec();
  const clickhouse = createClickHouseClient({ dataDir: mkdtempSync(join(tmpdir(), 'quell-hist-')) });
  const database = uniqueName('quell_hist');
  const prefix = uniqueName('hist');
  const config = loadConfig(normalizerConfigSchema, {
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_GROUP_PREFIX: prefix,
    CLICKHOUSE_DATABASE: database,
    HISTORY_BATCH_MAX_RECORDS: '40',
    HISTORY_BATCH_MAX_WAIT_MS: '700',
    HISTORY_BATCH_MIN_BYTES: String(10 * 2 ** 20),
  });
  const bus = new KafkaEventBus(createKafka({ brokers, clientId: 'history-int-spec' }), { logger: silent, sessionTimeoutMs: 6_000 });
  const repository = new EventHistoryRepository(clickhouse, database);
  const topic = `${prefix}.events`;
  const batches: number[] = [];
  let consumer: ConsumerHandle;
  let handler: EventHistoryHandler;

  beforeAll(async () => {
    await new MigrationRunner(clickhouse, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
    await createTopics(brokers, [topic, `${prefix}.dlq`], 1);
    handler = new EventHistoryHandler(repository, config, bus);
    consumer = await bus.consume({
      groupId: `${prefix}.${HISTORY_WRITER_GROUP}`,
      deadLetterTopic: `${prefix}.dlq`,
      policy: DEFAULT_DELIVERY_POLICY,
      subscriptions: [
        {
          topic,
          decode: (bytes) => codec.decode(bytes, 'Event'),
          handle: async (records) => {
            batches.push(records.length);
            return handler.handle(records as InboundRecord<Event>[]);
          },
        },
      ],
    });
    await consumer.ready;
  }, 60_000);

  afterAll(async () => {
    await consumer?.stop();
    await bus.close();
    await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${database}` });
    await clickhouse.close();
  });

  async function publish(events: Event[]): Promise<void> {
    await bus.publish(events.map((e) => ({ topic, key: 'web-1', value: codec.encode('Event', e) })));
  }

  it('inserts no more than HISTORY_BATCH_MAX_RECORDS events at once', async () => {
    batches.length = 0;
    await publish(Array.from({ length: 100 }, () => testEvent({ tenant: 'count-bound' })));
    await waitFor(async () => ((await repository.count('count-bound')) === 100 ? true : undefined), { description: '100 rows' });
    expect(batches.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...batches)).toBeLessThanOrEqual(40);
  }, 60_000);

  it('inserts a batch that never reaches HISTORY_BATCH_MIN_BYTES once HISTORY_BATCH_MAX_WAIT_MS has passed', async () => {
    batches.length = 0;
    const published = Date.now();
    await publish([testEvent({ tenant: 'time-bound' })]);
    await waitFor(async () => ((await repository.count('time-bound')) === 1 ? true : undefined), { description: 'one row', timeoutMs: 10_000 });
    // One fetch waits at most 700 ms; the record may land at the end of a wait begun just before it.
    expect(Date.now() - published).toBeLessThan(5_000);
    expect(batches).toEqual([1]);
  }, 30_000);

  it('gathers a trickle of events into few fetches while HISTORY_BATCH_MIN_BYTES is not reached', async () => {
    batches.length = 0;
    // 40 events, one every 50 ms: without a minimum each would likely be its own fetch; with one,
    // the broker answers once per 700 ms wait, so about three batches arrive.
    for (let i = 0; i < 40; i++) {
      await publish([testEvent({ tenant: 'trickle' })]);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await waitFor(async () => ((await repository.count('trickle')) === 40 ? true : undefined), { description: '40 rows', timeoutMs: 10_000 });
    expect(batches.reduce((a, b) => a + b, 0)).toBe(40);
    expect(batches.length).toBeLessThanOrEqual(8);
  }, 30_000);

  it('splits a larger batch from another bus into bounded inserts that a redelivery does not double', async () => {
    const records = Array.from({ length: 90 }, (_, i) => ({
      topic,
      partition: 0,
      offset: String(i),
      key: 'web-1',
      headers: {},
      timestamp: Date.now(),
      value: testEvent({ tenant: 'in-process' }),
    }));
    await handler.handle(records);
    await handler.handle(records);
    expect(await repository.count('in-process')).toBe(90);
  });

  it('stores the partitions of one fetch handled side by side in one insert', async () => {
    const partitionRecords = (partition: number) =>
      Array.from({ length: 12 }, (_, i) => ({ topic, partition, offset: String(i), key: `host-${partition}`, headers: {}, timestamp: Date.now(), value: testEvent({ tenant: 'side-by-side' }) }));
    const inserts = jest.spyOn(repository, 'insertBatch');
    try {
      await Promise.all([0, 1, 2].map((partition) => handler.handle(partitionRecords(partition))));
      expect(inserts.mock.calls.map(([rows]) => rows.length)).toEqual([36]);
    } finally {
      inserts.mockRestore();
    }
    expect(await repository.count('side-by-side')).toBe(36);
  });

  it('holds a batch while its table is away and stores it once when it is back, instead of dead-lettering it', async () => {
    const dlq = await collectTopic(brokers, `${prefix}.dlq`, { fromBeginning: false });
    await clickhouse.command({ query: `DETACH TABLE ${eventsTable(database)}` });
    const events = Array.from({ length: 30 }, () => testEvent({ tenant: 'table-away' }));
    await publish(events);
    // Longer than the default delivery policy's five attempts would take before dead-lettering.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    await clickhouse.command({ query: `ATTACH TABLE ${eventsTable(database)}` });
    await waitFor(async () => ((await repository.count('table-away')) === 30 ? true : undefined), { description: '30 rows', timeoutMs: 20_000 });
    expect(await repository.countById('table-away', events[0].id)).toBe(1);
    expect(dlq.messages).toEqual([]);
    await dlq.stop();
  }, 60_000);
});

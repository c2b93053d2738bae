import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createKafka, ensureTopics, KafkaEventBus, type TopicSubscription } from '@quell/platform-kafka';
import { createRedisClient, type RedisClient } from '@quell/platform-redis';
import { createControllableRedis, requireKafkaBrokers, waitFor, type ControllableRedis } from '@quell/platform-testing';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

// A Redis of this test's own, paused (SIGSTOP) mid-stream: the shared one must keep answering.
describe('a consumer whose handler writes to Redis, through a Redis pause', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'quell-redis-outage-'));
  let server: ControllableRedis;
  let redis: RedisClient;
  const kafka = createKafka({ brokers: requireKafkaBrokers(), clientId: 'redis-outage-int-spec' });
  const bus = new KafkaEventBus(kafka, { logger: silent, sessionTimeoutMs: 6_000, supervision: { maxBatchMs: 2_000 } });

  beforeAll(async () => {
    server = await createControllableRedis(dataDir, 'none');
    await server.start();
    redis = createRedisClient(server.url, { commandTimeoutMs: 300 });
  }, 60_000);

  afterAll(async () => {
    await bus.close();
    redis?.disconnect();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('waits the outage out: every record handled once it ends, none dead-lettered, stuck (not ready) meanwhile', async () => {
    const [input, dlq] = ['in', 'dlq'].map((r) => `redis-outage-${r}-${randomUUID()}`);
    await ensureTopics(kafka, [{ topic: input, partitions: 1 }, { topic: dlq }]);
    const members = `outage:${randomUUID()}`;
    const counts = { deadLetters: 0, crashes: 0 };
    const subscription: TopicSubscription<number> = {
      topic: input,
      decode: (bytes) => Number(bytes.toString()),
      handle: async (records) => {
        for (const r of records) await redis.sadd(members, String(r.value));
        return [];
      },
    };
    const consumer = await bus.consume({
      groupId: `redis-outage-${randomUUID()}`,
      subscriptions: [subscription as TopicSubscription<unknown>],
      deadLetterTopic: dlq,
      policy: { maxAttempts: 2, backoffMs: 10, maxBackoffMs: 200 },
      observer: {
        recordsFailed: (_topic, reason, count) => (counts.deadLetters += reason === 'dead_letter' ? count : 0),
        consumerCrashed: () => (counts.crashes += 1),
      },
    });
    await consumer.ready;
    const send = (from: number, count: number) =>
      bus.publish(Array.from({ length: count }, (_, i) => ({ topic: input, key: 'k', value: Buffer.from(String(from + i)) })));
    await send(0, 20);
    await waitFor(async () => ((await redis.scard(members)) === 20 ? true : undefined), { description: 'the first 20 records' });

    await server.pause();
    try {
      await send(20, 30);
      const stuck = await waitFor(() => consumer.status().stuck, { description: 'the consumer to report itself stuck', intervalMs: 100 });
      expect(stuck).toMatch(/a batch in hand for \d+ s/);
      await new Promise((r) => setTimeout(r, 3_000));
    } finally {
      await server.resume();
    }
    await waitFor(async () => ((await redis.scard(members)) === 50 ? true : undefined), { description: 'all 50 records after the pause' });
    await waitFor(() => (consumer.status().stuck === undefined ? true : undefined), { description: 'the consumer progressing again' });
    await consumer.stop();
    expect(counts).toEqual({ deadLetters: 0, crashes: 0 });
  }, 90_000);
});

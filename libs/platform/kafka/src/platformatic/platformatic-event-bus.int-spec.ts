import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { requireKafkaBrokers } from '@quell/platform-testing';
import type { InboundRecord, RawRecord } from '../bus/message';
import { DependencyUnavailableError } from '../delivery/dependency-unavailable';
import { describeBusContract } from '../test/bus-contract';
import { forwarding, record, silentLogger } from '../test/bus-fixtures';
import { itHandlesPartitionsAtOnce } from '../test/partitions-at-once';
import { createKafka, ensureTopics } from '../kafka/kafka-client';
import { KafkaEventBus } from '../kafka/kafka-event-bus';
import { platformaticBaseOptions } from './platformatic-client';
import { PlatformaticEventBus } from './platformatic-event-bus';

/** Reads a topic with a kafkajs consumer: what the other client wrote, seen by an independent one. */
async function readAll(kafka: Kafka, topic: string, atLeast: number, timeoutMs = 30_000): Promise<RawRecord[]> {
  const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
  const seen: RawRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = v.toString();
      seen.push({ topic, partition, offset: message.offset, key: message.key, value: message.value, headers, timestamp: Number(message.timestamp) });
    },
  });
  const deadline = Date.now() + timeoutMs;
  while (seen.length < atLeast && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await consumer.disconnect();
  if (seen.length < atLeast) throw new Error(`expected ${atLeast} records on ${topic}, saw ${seen.length}`);
  return seen;
}

const brokers = requireKafkaBrokers();
const kafka = createKafka({ brokers, clientId: 'platformatic-int-spec' });
const buses: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(buses.map((b) => b.close()));
});

function newBus(options: Partial<ConstructorParameters<typeof PlatformaticEventBus>[1]> = {}): PlatformaticEventBus {
  const bus = new PlatformaticEventBus(platformaticBaseOptions({ brokers, clientId: 'platformatic-int-spec' }), {
    logger: silentLogger,
    sessionTimeoutMs: 6_000,
    ...options,
  });
  buses.push(bus);
  return bus;
}

describeBusContract('@platformatic/kafka', () => {
  const bus = newBus();
  return {
    bus,
    topics: async (...roles) => {
      const names = Object.fromEntries(roles.map((r) => [r, `plt-${r}-${randomUUID()}`]));
      await ensureTopics(kafka, Object.values(names).map((topic) => ({ topic })));
      return names;
    },
    group: () => `plt-group-${randomUUID()}`,
    readAll: (topic, atLeast) => readAll(kafka, topic, atLeast),
  };
});

describe('@platformatic/kafka bus', () => {
  itHandlesPartitionsAtOnce(kafka, (options) => newBus(options));

  it('puts each key on the partition kafkajs puts it on, and says so through keyPartitioner', async () => {
    const [viaKafkajs, viaPlatformatic] = [`kp-kjs-${randomUUID()}`, `kp-plt-${randomUUID()}`];
    await ensureTopics(kafka, [viaKafkajs, viaPlatformatic].map((topic) => ({ topic, partitions: 5 })));
    const keys = Array.from({ length: 40 }, (_, i) => JSON.stringify(['acme', 'brute_force', `["10.0.0.${i}"]`]));
    const kafkajsBus = new KafkaEventBus(kafka, { logger: silentLogger });
    buses.push(kafkajsBus);
    const bus = newBus();
    await kafkajsBus.publish(keys.map((key) => ({ topic: viaKafkajs, key, value: Buffer.from(key) })));
    await bus.publish(keys.map((key) => ({ topic: viaPlatformatic, key, value: Buffer.from(key) })));
    const partitionsOf = async (topic: string) =>
      Object.fromEntries((await readAll(kafka, topic, keys.length)).map((r) => [r.key!.toString(), r.partition]));
    const written = await partitionsOf(viaPlatformatic);
    const partitionOf = await bus.keyPartitioner(viaPlatformatic);
    expect(new Set(Object.values(written)).size).toBeGreaterThan(1);
    expect(written).toEqual(await partitionsOf(viaKafkajs));
    expect(Object.fromEntries(keys.map((key) => [key, partitionOf(key)]))).toEqual(written);
  });

  it('compresses with lz4 and zstd in a way kafkajs reads, and reads what kafkajs compressed', async () => {
    for (const compression of ['lz4', 'zstd'] as const) {
      const [fromPlatformatic, fromKafkajs, out, dlq] = ['a', 'b', 'out', 'dlq'].map((r) => `cmp-${compression}-${r}-${randomUUID()}`);
      await ensureTopics(kafka, [fromPlatformatic, fromKafkajs, out, dlq].map((topic) => ({ topic, partitions: 1 })));
      const bus = newBus({ compression });
      const kafkajsBus = new KafkaEventBus(kafka, { logger: silentLogger, compression });
      buses.push(kafkajsBus);
      const values = Array.from({ length: 50 }, (_, n) => JSON.stringify({ n, text: 'repetitive '.repeat(20) }));
      await bus.publish(values.map((v) => record(fromPlatformatic, 'k', v)));
      expect((await readAll(kafka, fromPlatformatic, 50)).map((r) => r.value!.toString())).toEqual(values);

      await kafkajsBus.publish(values.map((v) => record(fromKafkajs, 'k', v)));
      const seen: InboundRecord<{ n: number }>[] = [];
      const consumer = await bus.consume({
        groupId: `cmp-${randomUUID()}`,
        subscriptions: [forwarding(fromKafkajs, out, seen)],
        deadLetterTopic: dlq,
        policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
      });
      await readAll(kafka, out, 50);
      await consumer.stop();
      expect(seen.map((r) => r.value.n)).toEqual(values.map((_, n) => n));
    }
  }, 60_000);

  it('delivers every existing topic matching a pattern subscription, and no other', async () => {
    const prefix = `pltpat${randomUUID().slice(0, 8)}`;
    const topics = [`${prefix}.shipper.a`, `${prefix}.shipper.b`, `${prefix}.other`, `${prefix}.dlq`];
    await ensureTopics(kafka, topics.map((topic) => ({ topic })), 1);
    const bus = newBus();
    await bus.publish(topics.slice(0, 3).map((topic) => ({ topic, key: null, value: Buffer.from(topic) })));
    const seen: InboundRecord<Buffer>[] = [];
    const handle = await bus.consume({
      groupId: `${prefix}-group`,
      subscriptions: [
        {
          topic: 'shippers',
          pattern: new RegExp(`^${prefix}\\.shipper\\.`),
          decode: (bytes) => bytes,
          handle: async (records: InboundRecord<unknown>[]) => {
            seen.push(...(records as InboundRecord<Buffer>[]));
            return [];
          },
        },
      ],
      deadLetterTopic: `${prefix}.dlq`,
      policy: { maxAttempts: 1, backoffMs: 10, maxBackoffMs: 10 },
    });
    const deadline = Date.now() + 30_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    await handle.stop();
    expect(seen.map((r) => r.topic).sort()).toEqual(topics.slice(0, 2));
  }, 60_000);

  it('publishes 3,000 records of 330 B for one key in chunks under the request bound, every record once, in order', async () => {
    const topic = `plt-big-${randomUUID()}`;
    await ensureTopics(kafka, [{ topic }]);
    const value = Buffer.alloc(330, 'e');
    const input = Array.from({ length: 3_000 }, (_, n) => ({ topic, key: 'acme', value, headers: { seq: String(n) } }));
    await newBus().publish(input);
    const out = await readAll(kafka, topic, 3_000);
    expect(out.map((r) => Number(r.headers.seq))).toEqual(input.map((_, n) => n));
  }, 60_000);

  it('refuses a record over the request bound with a non-retriable error naming the bound, writing nothing', async () => {
    const topic = `plt-huge-${randomUUID()}`;
    await ensureTopics(kafka, [{ topic }]);
    const bus = newBus();
    const publishing = bus.publish([record(topic, 'k', 'small'), { topic, key: 'k', value: Buffer.alloc(1_000_000) }]);
    await expect(publishing).rejects.toMatchObject({ name: 'RecordTooLargeError', retriable: false });
    await bus.publish([record(topic, 'k', 'after')]);
    expect((await readAll(kafka, topic, 1)).map((r) => r.value!.toString())).toEqual(['after']);
  });

  it('stops a consumer waiting out a dependency outage promptly, its batch given up uncommitted', async () => {
    const [input, output, dlq] = ['in', 'out', 'dlq'].map((r) => `plt-stop-${r}-${randomUUID()}`);
    await ensureTopics(kafka, [{ topic: input, partitions: 1 }, { topic: output }, { topic: dlq }]);
    const groupId = `plt-stop-${randomUUID()}`;
    const bus = newBus();
    let attempts = 0;
    const away = forwarding(input, output);
    away.handle = async () => {
      attempts += 1;
      throw new DependencyUnavailableError('the store is away');
    };
    const handle = await bus.consume({ groupId, subscriptions: [away], deadLetterTopic: dlq, policy: { maxAttempts: 2, backoffMs: 5, maxBackoffMs: 10 } });
    await handle.ready;
    await bus.publish([record(input, 'k', '{"n":1}')]);
    for (const deadline = Date.now() + 20_000; attempts < 3 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    const stopping = Date.now();
    await handle.stop();
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(Date.now() - stopping).toBeLessThan(5_000);
    // Nothing committed, nothing dead-lettered: the next member of the group gets the record.
    const seen: InboundRecord<{ n: number }>[] = [];
    const next = await newBus().consume({ groupId, subscriptions: [forwarding(input, output, seen)], deadLetterTopic: dlq, policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 } });
    await readAll(kafka, output, 1);
    await next.stop();
    expect(seen.map((r) => r.value.n)).toEqual([1]);
  }, 60_000);

  it('reports the broker lag of its group, and readiness against the broker until closed', async () => {
    const [input, output, dlq] = ['in', 'out', 'dlq'].map((r) => `plt-lag-${r}-${randomUUID()}`);
    await ensureTopics(kafka, [{ topic: input, partitions: 2 }, { topic: output }, { topic: dlq }]);
    const lags = new Map<string, number>();
    const bus = newBus({ supervision: { lagIntervalMs: 300 } });
    expect(await bus.isReady()).toBe(true);
    let hold = true;
    const slow = forwarding(input, output);
    const inner = slow.handle;
    slow.handle = async (records) => {
      while (hold) await new Promise((r) => setTimeout(r, 50));
      return inner(records);
    };
    const handle = await bus.consume({
      groupId: `plt-lag-${randomUUID()}`,
      subscriptions: [slow],
      deadLetterTopic: dlq,
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
      observer: { lag: (topic, partition, lag) => lags.set(`${topic}/${partition}`, lag) },
    });
    await handle.ready;
    await bus.publish(Array.from({ length: 40 }, (_, n) => record(input, `k${n}`, JSON.stringify({ n }))));
    const total = () => [...lags].filter(([k]) => k.startsWith(`${input}/`)).reduce((sum, [, v]) => sum + v, 0);
    for (const deadline = Date.now() + 20_000; total() !== 40 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    expect(total()).toBe(40);
    hold = false;
    await readAll(kafka, output, 40);
    for (const deadline = Date.now() + 20_000; total() !== 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    await handle.stop();
    expect(total()).toBe(0);
    await bus.close();
    expect(await bus.isReady()).toBe(false);
  }, 60_000);
});

import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { requireKafkaBrokers, waitFor } from '@quell/platform-testing';
import { createKafka, ensureTopics } from './kafka-client';
import { KafkaEventBus } from './kafka-event-bus';
import { ConsumerCrash, SimulatedCrash } from '../bus/event-bus.port';
import type { RawRecord } from '../bus/message';
import { describeBusContract } from '../test/bus-contract';
import { forwarding, record, silentLogger } from '../test/bus-fixtures';
import { itHandlesPartitionsAtOnce } from '../test/partitions-at-once';

/** Reads a whole topic from the beginning with a throwaway consumer until `atLeast` records arrived. */
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

/** Waits for a condition on the bus's own state (not time logic: that is tested with a fake clock). */
function until(condition: () => boolean, description: string): Promise<true> {
  return waitFor(() => (condition() ? true : undefined), { description, intervalMs: 50 });
}

const kafka = createKafka({ brokers: requireKafkaBrokers(), clientId: 'bus-int-spec' });
const buses: KafkaEventBus[] = [];
afterAll(async () => {
  await Promise.all(buses.map((b) => b.close()));
});

function newBus(options: { partitionsConsumedConcurrently?: number } = {}): KafkaEventBus {
  const bus = new KafkaEventBus(kafka, { logger: silentLogger, sessionTimeoutMs: 6_000, ...options });
  buses.push(bus);
  return bus;
}

describeBusContract('kafka', () => {
  const bus = newBus();
  return {
    bus,
    topics: async (...roles) => {
      const names = Object.fromEntries(roles.map((r) => [r, `bus-${r}-${randomUUID()}`]));
      await ensureTopics(kafka, Object.values(names).map((topic) => ({ topic })));
      return names;
    },
    group: () => `bus-group-${randomUUID()}`,
    readAll: (topic, atLeast) => readAll(kafka, topic, atLeast),
  };
});

describe('kafka bus', () => {
  itHandlesPartitionsAtOnce(kafka, (options) => newBus(options));

  it('a consumer killed after producing but before committing is replaced and the work is redone', async () => {
    const [input, output, dlq] = ['in', 'out', 'dlq'].map((r) => `crash-${r}-${randomUUID()}`);
    await ensureTopics(kafka, [{ topic: input, partitions: 1 }, { topic: output }, { topic: dlq }]);
    const groupId = `crash-group-${randomUUID()}`;
    const policy = { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 };
    const crashing = newBus();
    const first = await crashing.consume({
      groupId,
      subscriptions: [forwarding(input, output)],
      deadLetterTopic: dlq,
      policy,
      beforeCommit: async () => {
        throw new SimulatedCrash();
      },
    });
    await first.ready;
    await crashing.publish([record(input, 'k', '{"n":7}')]);
    await readAll(kafka, output, 1);
    await first.stop();

    const restarted = newBus();
    const second = await restarted.consume({ groupId, subscriptions: [forwarding(input, output)], deadLetterTopic: dlq, policy });
    await second.ready;
    const outputs = await readAll(kafka, output, 2);
    await second.stop();
    // Redone, not lost: the output is there twice; downstream effects are idempotent by id.
    expect(outputs.map((r) => r.value!.toString())).toEqual(['{"n":70}', '{"n":70}']);
  });

  it('a consumer crashed by kafkajs (restart=false) is re-created in the same handle and handles what follows once', async () => {
    const [input, output, dlq] = ['in', 'out', 'dlq'].map((r) => `heal-${r}-${randomUUID()}`);
    await ensureTopics(kafka, [{ topic: input, partitions: 1 }, { topic: output }, { topic: dlq }]);
    const counts = { crashed: 0, restarted: 0 };
    const bus = new KafkaEventBus(kafka, {
      logger: silentLogger,
      sessionTimeoutMs: 6_000,
      supervision: { backoff: { initialMs: 200, maxMs: 1_000, maxFailedRestarts: 5 } },
    });
    buses.push(bus);
    let crashes = 1;
    const states: string[] = [];
    const handle = await bus.consume({
      groupId: `heal-group-${randomUUID()}`,
      subscriptions: [forwarding(input, output)],
      deadLetterTopic: dlq,
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
      observer: {
        consumerCrashed: () => {
          counts.crashed += 1;
          states.push(handle.status().state);
        },
        consumerRestarted: () => {
          counts.restarted += 1;
          states.push(handle.status().state);
        },
      },
      // The first batch's outputs are acknowledged, then the consumer dies before committing.
      beforeCommit: async () => {
        if (crashes-- > 0) {
          states.push(handle.status().state);
          throw new ConsumerCrash('The coordinator is not aware of this member');
        }
      },
    });
    await handle.ready;
    await bus.publish([record(input, 'k', '{"n":1}')]);
    await readAll(kafka, output, 1);
    await until(() => counts.restarted === 1, 'the crashed consumer to be re-created');
    expect(handle.status().lastError).toMatch(/coordinator is not aware/);
    await until(() => handle.status().state === 'running', 'the consumer to rejoin');
    await bus.publish([2, 3, 4].map((n) => record(input, 'k', JSON.stringify({ n }))));
    const out = await readAll(kafka, output, 5);
    await new Promise((r) => setTimeout(r, 1_000));
    await handle.stop();

    // n=1 was redone after the crash (same output: idempotent downstream); what followed, once.
    expect(out.map((r) => r.value!.toString())).toEqual(['{"n":10}', '{"n":10}', '{"n":20}', '{"n":30}', '{"n":40}']);
    // Running when it died, then restarting (not ready) until the new member joined.
    expect(states).toEqual(['running', 'restarting', 'restarting']);
    expect(counts).toEqual({ crashed: 1, restarted: 1 });
    expect(handle.status().state).toBe('stopped');
  }, 60_000);

  it('reports the broker lag of a group whose consumer stopped working', async () => {
    const [input, output, dlq] = ['in', 'out', 'dlq'].map((r) => `lag-${r}-${randomUUID()}`);
    await ensureTopics(kafka, [{ topic: input, partitions: 2 }, { topic: output }, { topic: dlq }]);
    const groupId = `lag-group-${randomUUID()}`;
    const lags = new Map<string, number>();
    const bus = new KafkaEventBus(kafka, { logger: silentLogger, sessionTimeoutMs: 6_000, supervision: { lagIntervalMs: 300, stallMs: 1_500 } });
    buses.push(bus);
    const handle = await bus.consume({
      groupId,
      subscriptions: [forwarding(input, output)],
      deadLetterTopic: dlq,
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
      observer: { lag: (topic, partition, lag, group) => lags.set(`${group}/${topic}/${partition}`, lag) },
      beforeCommit: async ({ lastOffset }) => {
        // Dead after its first commit: fetches but never handles or commits again.
        if (lastOffset !== '0') throw new SimulatedCrash();
      },
    });
    await handle.ready;
    await bus.publish([record(input, 'k', '{"n":0}')]);
    await readAll(kafka, output, 1);
    await bus.publish(Array.from({ length: 120 }, (_, n) => record(input, `k${n}`, JSON.stringify({ n }))));
    const total = () => [...lags].filter(([k]) => k.startsWith(`${groupId}/${input}/`)).reduce((sum, [, v]) => sum + v, 0);
    await until(() => total() === 120, 'the broker lag of the dead group');
    // Joined, yet its commits stand still under lag: stuck, so not ready.
    await until(() => handle.status().stuck !== undefined, 'the frozen group to be judged stuck');
    const status = handle.status();
    await handle.stop();
    expect(total()).toBe(120);
    expect(status).toMatchObject({ state: 'running', stuck: expect.stringMatching(/committed offsets unchanged for \d+ s while 120 records wait/) });
  }, 60_000);

  it('keeps its group session while a batch takes longer than the session timeout: the batch is handled once', async () => {
    const [input, output, dlq] = ['in', 'out', 'dlq'].map((r) => `slow-${r}-${randomUUID()}`);
    await ensureTopics(kafka, [{ topic: input, partitions: 1 }, { topic: output }, { topic: dlq }]);
    const groupId = `slow-group-${randomUUID()}`;
    let calls = 0;
    const slow = forwarding(input, output);
    const handle = slow.handle;
    // 9 s of work against a 6 s session (e.g. windows rebuilt from history on the first batch).
    slow.handle = async (records) => {
      calls++;
      if (calls === 1) await new Promise((r) => setTimeout(r, 9_000));
      return handle(records);
    };
    const bus = newBus();
    const consumer = await bus.consume({ groupId, subscriptions: [slow], deadLetterTopic: dlq, policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 } });
    await consumer.ready;
    await bus.publish([record(input, 'k', '{"n":1}')]);
    await readAll(kafka, output, 1);
    // Had the member been dropped, its commit would fail and the batch be fetched and handled again.
    await new Promise((r) => setTimeout(r, 3_000));
    const status = consumer.status();
    await consumer.stop();
    expect(calls).toBe(1);
    expect(status).toMatchObject({ state: 'running', failedRestarts: 0, lastError: undefined });
  }, 40_000);

  it('two consumers in one group share the partitions and lose nothing across the rebalance', async () => {
    const [input, output, dlq] = ['in', 'out', 'dlq'].map((r) => `rebal-${r}-${randomUUID()}`);
    await ensureTopics(kafka, [{ topic: input, partitions: 4 }, { topic: output }, { topic: dlq }]);
    const groupId = `rebal-group-${randomUUID()}`;
    const policy = { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 };
    const a = newBus();
    const one = await a.consume({ groupId, subscriptions: [forwarding(input, output)], deadLetterTopic: dlq, policy });
    await one.ready;
    await a.publish(Array.from({ length: 100 }, (_, n) => record(input, `k${n}`, JSON.stringify({ n }))));
    const b = newBus();
    const two = await b.consume({ groupId, subscriptions: [forwarding(input, output)], deadLetterTopic: dlq, policy });
    await a.publish(Array.from({ length: 100 }, (_, n) => record(input, `k${n}`, JSON.stringify({ n: n + 100 }))));
    const out = await readAll(kafka, output, 200);
    await Promise.all([one.stop(), two.stop()]);
    const values = new Set(out.map((r) => JSON.parse(r.value!.toString()).n));
    expect(values.size).toBe(200);
  });

  it('reports readiness against the broker over one admin connection kept between probes, closed with the bus', async () => {
    const own = createKafka({ brokers: requireKafkaBrokers(), clientId: 'bus-int-spec-probe' });
    const admins = jest.spyOn(own, 'admin');
    const bus = new KafkaEventBus(own, { logger: silentLogger });
    const probes = await Promise.all([bus.isReady(), bus.isReady()]);
    probes.push(await bus.isReady(), await bus.isReady());
    expect(probes).toEqual([true, true, true, true]);
    expect(admins).toHaveBeenCalledTimes(1);
    await bus.close();
    expect(await bus.isReady()).toBe(false);
    expect(admins).toHaveBeenCalledTimes(1);
  });

  it('connects the probe afresh after a failed one (nothing kept from a broker that did not answer)', async () => {
    const nowhere = new Kafka({ brokers: ['127.0.0.1:1'], clientId: 'bus-int-spec-probe-away', retry: { retries: 0 }, logLevel: logLevel.NOTHING });
    const admins = jest.spyOn(nowhere, 'admin');
    const bus = new KafkaEventBus(nowhere, { logger: silentLogger });
    expect([await bus.isReady(), await bus.isReady()]).toEqual([false, false]);
    expect(admins).toHaveBeenCalledTimes(2);
    await bus.close();
  });
});

describe('kafka bus publishing', () => {
  it('publishes 3,000 records of 330 B for one tenant (over the broker limit as one batch) in chunks, every record once, in order', async () => {
    const topic = `big-${randomUUID()}`;
    await ensureTopics(kafka, [{ topic }]);
    const value = Buffer.alloc(330, 'e');
    // Ingest keys raw events by tenant: one request of one tenant goes to one partition.
    const input = Array.from({ length: 3_000 }, (_, n) => ({ topic, key: 'acme', value, headers: { seq: String(n) } }));
    // As one batch, the broker refuses them for good (message.max.bytes, 1,048,588 by default).
    const plain = kafka.producer({ retry: { retries: 0 } });
    await plain.connect();
    await expect(plain.sendBatch({ acks: -1, topicMessages: [{ topic, messages: input }] })).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    await plain.disconnect();

    await newBus().publish(input);
    const out = await readAll(kafka, topic, 3_000);
    expect(out).toHaveLength(3_000);
    expect(out.map((r) => Number(r.headers.seq))).toEqual(input.map((_, n) => n));
  }, 60_000);

  it('refuses a record over the request bound with a non-retriable error naming the bound, writing nothing', async () => {
    const topic = `huge-${randomUUID()}`;
    await ensureTopics(kafka, [{ topic }]);
    const bus = newBus();
    const publishing = bus.publish([record(topic, 'k', 'small'), { topic, key: 'k', value: Buffer.alloc(1_000_000) }]);
    await expect(publishing).rejects.toMatchObject({ name: 'RecordTooLargeError', retriable: false });
    await expect(publishing).rejects.toThrow(/exceeds the producer's request bound .* \(KAFKA_MAX_REQUEST_BYTES\)/);
    await bus.publish([record(topic, 'k', 'after')]);
    expect((await readAll(kafka, topic, 1)).map((r) => r.value!.toString())).toEqual(['after']);
  });

  it('dead-letters an output too large to publish (cut) and commits, instead of failing the batch forever', async () => {
    const [input, output, dlq] = ['in', 'out', 'dlq'].map((r) => `oversize-${r}-${randomUUID()}`);
    await ensureTopics(kafka, [{ topic: input, partitions: 1 }, { topic: output }, { topic: dlq }]);
    const bus = newBus();
    const crashes: string[] = [];
    const consumer = await bus.consume({
      groupId: `oversize-group-${randomUUID()}`,
      subscriptions: [
        {
          topic: input,
          decode: (bytes) => bytes.toString(),
          // Inflates "big" into an output over the 900,000-byte bound.
          handle: async (records) =>
            records.map((r) => ({ topic: output, key: r.key, value: r.value === 'big' ? Buffer.alloc(1_200_000, 'x') : Buffer.from(String(r.value)) })),
        },
      ],
      deadLetterTopic: dlq,
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
      observer: { consumerCrashed: (group) => crashes.push(group) },
    });
    await consumer.ready;
    await bus.publish(['one', 'big', 'two'].map((v) => record(input, 'k', v)));
    const out = await readAll(kafka, output, 2);
    const [letter] = await readAll(kafka, dlq, 1);
    await bus.publish([record(input, 'k', 'three')]);
    const after = await readAll(kafka, output, 3);
    await consumer.stop();
    expect(out.map((r) => r.value!.toString())).toEqual(['one', 'two']);
    expect(after.map((r) => r.value!.toString())).toEqual(['one', 'two', 'three']);
    expect(letter.value).toHaveLength(64 * 1024);
    expect(letter.headers).toMatchObject({ 'quell.dlq.stage': 'publish', 'quell.dlq.original.topic': output, 'quell.dlq.truncated.from': '1200000' });
    expect(crashes).toEqual([]);
  }, 60_000);

  it('gives up within the publish timeout with a retriable error when no broker answers', async () => {
    // A real client and producer, pointed at a port where nothing listens (as during an outage).
    const away = new KafkaEventBus(createKafka({ brokers: ['127.0.0.1:1'], clientId: 'bus-int-spec-away' }), {
      logger: silentLogger,
      publishTimeoutMs: 1_500,
    });
    const started = Date.now();
    const error = await away.publish([record('quell.anything', 'k', 'v')]).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ retriable: true });
    expect(elapsed).toBeLessThan(2_500);
    await away.close().catch(() => undefined);
  });
});


import { InProcessEventBus } from './in-process-event-bus';
import { BusFullError } from '../bus/bus-full.error';
import { SimulatedCrash, type ConsumerSpec, type TopicSubscription } from '../bus/event-bus.port';
import type { InboundRecord, OutboundRecord } from '../bus/message';
import { isRetriable } from '../delivery/retriable';
import { decodeJson, record, silentLogger } from '../test/bus-fixtures';

const policy = { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 };
const records = (topic: string, from: number, count: number) =>
  Array.from({ length: count }, (_, i) => record(topic, 'k', JSON.stringify({ n: from + i })));

/** Lets the bus's consumers and settled publishes run (no timers involved). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A subscription whose batches wait for `release()`: its records stay uncommitted until then. */
function held(topic: string, out?: string) {
  let open: () => void = () => undefined;
  let gate = new Promise<void>((resolve) => (open = resolve));
  const seen: number[] = [];
  const subscription: TopicSubscription<{ n: number }> = {
    topic,
    decode: decodeJson,
    handle: async (batch: InboundRecord<{ n: number }>[]): Promise<OutboundRecord[]> => {
      await gate;
      seen.push(...batch.map((r) => r.value.n));
      return out ? batch.map((r) => record(out, 'k', JSON.stringify(r.value))) : [];
    },
  };
  return {
    subscription,
    seen,
    release: () => {
      open();
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    openForGood: () => {
      open();
      gate = Promise.resolve();
    },
  };
}

const spec = (groupId: string, subscriptions: TopicSubscription<unknown>[]): ConsumerSpec => ({
  groupId,
  subscriptions,
  deadLetterTopic: 'dlq',
  policy,
});

describe('in-process bus: bounded topics', () => {
  afterEach(() => jest.useRealTimers());

  it('makes a publish wait while the slowest group has a full backlog, and lets it in once that group commits', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 4 });
    const stage = held('in');
    const consumer = await bus.consume(spec('g', [stage.subscription]));
    await bus.publish(records('in', 1, 4));
    expect(bus.backlog('in')).toBe(4);

    let done = false;
    const waiting = bus.publish(records('in', 5, 1)).then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    expect(bus.waitingPublishers('in')).toBe(1);
    expect(bus.read('in')).toHaveLength(4);

    stage.openForGood();
    await waiting;
    await settle();
    expect(stage.seen).toEqual([1, 2, 3, 4, 5]);
    expect(bus.backlog('in')).toBe(0);
    await consumer.stop();
  });

  it('tells the backlog of the groups a caller counts, leaving a slower one out', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 100 });
    const slow = held('in');
    const fast = held('in');
    fast.openForGood();
    const consumers = [await bus.consume(spec('app.history-writer', [slow.subscription])), await bus.consume(spec('app.correlator', [fast.subscription]))];
    await bus.publish(records('in', 1, 3));
    await settle();
    expect(bus.backlog('in')).toBe(3);
    expect(bus.backlog('in', (groupId) => !groupId.endsWith('.history-writer'))).toBe(0);
    expect(bus.backlog('in', (groupId) => groupId.endsWith('.history-writer'))).toBe(3);
    slow.openForGood();
    await settle();
    expect(bus.backlog('in')).toBe(0);
    for (const consumer of consumers) await consumer.stop();
  });

  it('bounds a topic by approximate bytes too: a few large records fill it where as many small ones would not', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 100, queueMaxBytes: 1_000 });
    const stage = held('in');
    const consumer = await bus.consume(spec('g', [stage.subscription]));
    const large = (n: number) => record('in', 'k', JSON.stringify({ n, pad: 'x'.repeat(400) }));
    await bus.publish(records('in', 1, 10));
    await bus.publish([large(11)]);
    expect(bus.backlog('in')).toBe(11);
    expect(bus.backlogBytes('in')).toBeGreaterThan(600);

    let done = false;
    const waiting = bus.publish([large(12)]).then(() => (done = true));
    await settle();
    expect(done).toBe(false);
    expect(bus.waitingPublishers('in')).toBe(1);
    await expect(bus.publish([large(13)], { waitMs: 0 })).rejects.toThrow(/is full \(11 of 100 records, about 0\.[6-9] KiB of 1\.0 KiB waiting\) after 0 ms/);

    stage.openForGood();
    await waiting;
    await settle();
    expect(stage.seen).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(bus.backlogBytes('in')).toBe(0);
    await consumer.stop();
  });

  it('throws BusFullError (retriable) after waitMs without room, and publishes none of the records', async () => {
    jest.useFakeTimers();
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 3 });
    const stage = held('in');
    const consumer = await bus.consume(spec('g', [stage.subscription]));
    await bus.publish(records('in', 1, 3));

    const outcome = bus.publish(records('in', 4, 2), { waitMs: 500 }).then(
      () => 'published',
      (error: unknown) => error,
    );
    await jest.advanceTimersByTimeAsync(499);
    expect(bus.waitingPublishers('in')).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(BusFullError);
    expect(error).toMatchObject({ topic: 'in', backlog: 3, maxRecords: 3, waitedMs: 500 });
    expect(isRetriable(error)).toBe(true);
    expect(bus.read('in')).toHaveLength(3);
    expect(bus.waitingPublishers('in')).toBe(0);

    // No room at all and no wait allowed: refused at once.
    await expect(bus.publish(records('in', 6, 1), { waitMs: 0 })).rejects.toBeInstanceOf(BusFullError);
    stage.openForGood();
    await consumer.stop();
  });

  it('takes a batch larger than the bound once the topic is empty, and never lets a later small one overtake it', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 5 });
    const stage = held('in');
    const consumer = await bus.consume(spec('g', [stage.subscription]));
    await bus.publish(records('in', 1, 12));
    expect(bus.backlog('in')).toBe(12);

    const order: string[] = [];
    const big = bus.publish(records('in', 13, 8)).then(() => order.push('big'));
    const small = bus.publish(records('in', 21, 1)).then(() => order.push('small'));
    await settle();
    expect(order).toEqual([]);
    stage.openForGood();
    await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
    await settle();
    expect(stage.seen).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    await consumer.stop();
  });

  it('never makes dead letters wait, and keeps only the last records of a topic nobody reads', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 4 });
    const stage = held('in');
    const consumer = await bus.consume(spec('g', [stage.subscription]));
    // Someone reads the dead-letter topic and never commits: dead letters still go through.
    const dlqReader = held('dlq');
    const reader = await bus.consume({ ...spec('dlq-reader', [dlqReader.subscription]), deadLetterTopic: 'dlq' });
    await bus.publish(records('dlq', 1, 10));
    await bus.publish(records('nobody', 1, 10));
    expect(bus.read('dlq').map((r) => JSON.parse(r.value!.toString()).n)).toEqual([7, 8, 9, 10]);
    expect(bus.read('nobody').map((r) => JSON.parse(r.value!.toString()).n)).toEqual([7, 8, 9, 10]);
    stage.openForGood();
    dlqReader.openForGood();
    await Promise.all([consumer.stop(), reader.stop()]);
  });

  it('keeps a topic nobody reads within the byte bound too, whatever the size of its records', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 1_000, queueMaxBytes: 10_000 });
    const big = (n: number) => record('nobody', 'k', JSON.stringify({ n, pad: 'x'.repeat(3_000) }));
    for (let n = 1; n <= 20; n += 1) await bus.publish([big(n)]);
    const kept = bus.read('nobody').map((r) => JSON.parse(r.value!.toString()).n);
    // About 3 KB each: the last three fit in 10,000 bytes, where the record bound alone kept all twenty.
    expect(kept).toEqual([18, 19, 20]);
    // Dead letters keep their count bound only (the dead-letter store may not have read them yet).
    const stage = held('in');
    const consumer = await bus.consume({ ...spec('g', [stage.subscription]), deadLetterTopic: 'dlq' });
    for (let n = 1; n <= 20; n += 1) await bus.publish([record('dlq', 'k', JSON.stringify({ n, pad: 'x'.repeat(3_000) }))]);
    expect(bus.read('dlq')).toHaveLength(20);
    stage.openForGood();
    await consumer.stop();
  });

  it('lets waiting publishers go when the group holding them back dies, and resumes that group after what retention dropped', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 2 });
    const stage = held('in');
    // The process "dies" before committing its batch: the group stops running with records uncommitted.
    const dying = await bus.consume({ ...spec('g', [stage.subscription]), beforeCommit: async () => Promise.reject(new SimulatedCrash()) });
    await bus.publish(records('in', 1, 2));
    const waiting = bus.publish(records('in', 3, 3));
    await settle();
    expect(bus.waitingPublishers('in')).toBe(1);
    stage.release();
    await waiting;
    expect(dying.status().state).toBe('failed');
    expect(bus.backlog('in')).toBe(0);
    // Nobody runs on the topic now: it keeps its last 2 records, as Kafka's retention would.
    expect(bus.read('in').map((r) => JSON.parse(r.value!.toString()).n)).toEqual([4, 5]);

    const again = held('in');
    again.openForGood();
    const restarted = await bus.consume(spec('g', [again.subscription]));
    await settle();
    expect(again.seen).toEqual([4, 5]);
    await restarted.stop();
  });

  it('does not make a consumer wait on a topic it reads itself', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 2 });
    let loops = 0;
    const consumer = await bus.consume(
      spec('g', [
        {
          topic: 'loop',
          decode: decodeJson,
          handle: async (batch: InboundRecord<{ n: number }>[]) =>
            batch.flatMap((r) => (r.value.n < 3 ? records('loop', r.value.n + 1, 3) : [])).map((out) => ((loops += 1), out)),
        },
      ]),
    );
    await bus.publish(records('loop', 1, 1));
    for (let i = 0; i < 50 && bus.backlog('loop') > 0; i += 1) await settle();
    expect(bus.backlog('loop')).toBe(0);
    expect(loops).toBeGreaterThan(2);
    await consumer.stop();
  });

  it('keeps every backlog within its bound when the last stage is slower than the producer, and loses nothing', async () => {
    const bound = 300;
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 3, queueMaxRecords: bound, maxBatchRecords: 100 });
    const forward: TopicSubscription<{ n: number }> = {
      topic: 'a',
      decode: decodeJson,
      handle: async (batch) => batch.map((r) => record('b', String(r.value.n % 7), JSON.stringify(r.value))),
    };
    const slow = held('b');
    const received: number[] = [];
    const sink: TopicSubscription<{ n: number }> = {
      ...slow.subscription,
      handle: async (batch) => {
        // Slower than everything upstream: a few event-loop turns per batch.
        for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
        received.push(...batch.map((r) => r.value.n));
        return [];
      },
    };
    const stageA = await bus.consume(spec('stage-a', [forward]));
    const stageB = await bus.consume(spec('stage-b', [sink]));

    const total = 6_000;
    let peakA = 0;
    let peakB = 0;
    for (let n = 0; n < total; n += 50) {
      await bus.publish(Array.from({ length: 50 }, (_, i) => record('a', String((n + i) % 7), JSON.stringify({ n: n + i }))));
      peakA = Math.max(peakA, bus.backlog('a'));
      peakB = Math.max(peakB, bus.backlog('b'));
    }
    for (let i = 0; i < 10_000 && received.length < total; i += 1) await settle();
    expect(received).toHaveLength(total);
    expect(new Set(received).size).toBe(total);
    // Each topic held at most its bound (plus nothing: reservations count), and both filled up:
    // the slow stage's full topic paused stage A, whose full topic paused the producer.
    expect(peakA).toBeLessThanOrEqual(bound);
    expect(peakB).toBeLessThanOrEqual(bound);
    expect(peakB).toBeGreaterThan(bound / 2);
    expect(peakA).toBeGreaterThan(bound / 2);
    await Promise.all([stageA.stop(), stageB.stop()]);
  });
});

import { InProcessEventBus } from './in-process-event-bus';
import { SimulatedCrash } from '../bus/event-bus.port';
import { describeBusContract } from '../test/bus-contract';
import { forwarding, record, silentLogger } from '../test/bus-fixtures';

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i += 1) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('condition not met');
}

let counter = 0;
describeBusContract('in-process', () => {
  // Restarts sooner than the default 1 s: `until` gives up after about a second.
  const bus = new InProcessEventBus({ logger: silentLogger, restartBackoff: { initialMs: 20, maxMs: 100, maxFailedRestarts: 3 } });
  return {
    bus,
    topics: async (...roles) => Object.fromEntries(roles.map((r) => [r, `${r}-${(counter += 1)}`])),
    group: () => `group-${(counter += 1)}`,
    readAll: (topic, atLeast) => until(() => (bus.read(topic).length >= atLeast ? bus.read(topic) : undefined)),
  };
});

describe('in-process bus', () => {
  it('redelivers a batch whose consumer crashed before committing', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger });
    let crash = true;
    const crashing = await bus.consume({
      groupId: 'g',
      subscriptions: [forwarding('in', 'out')],
      deadLetterTopic: 'dlq',
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
      beforeCommit: async () => {
        if (crash) throw new SimulatedCrash();
      },
    });
    await bus.publish([record('in', 'k', '{"n":1}')]);
    await until(() => (bus.read('out').length === 1 ? true : undefined));
    await crashing.stop();
    crash = false;

    const restarted = await bus.consume({
      groupId: 'g',
      subscriptions: [forwarding('in', 'out')],
      deadLetterTopic: 'dlq',
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
    });
    // At least once: the uncommitted record is handled again, so the output appears twice.
    await until(() => (bus.read('out').length === 2 ? true : undefined));
    await restarted.stop();
  });

  it('reports lag from its own queues, back to 0 once the group has consumed everything', async () => {
    const lag = new Map<string, number>();
    const reported: number[] = [];
    const bus = new InProcessEventBus({
      logger: silentLogger,
      partitions: 1,
      maxBatchRecords: 2,
      observer: {
        lag: (topic, partition, value, group) => {
          lag.set(`${group}/${topic}/${partition}`, value);
          reported.push(value);
        },
      },
    });
    await bus.publish([1, 2, 3, 4, 5].map((n) => record('in', 'k', `{"n":${n}}`)));
    const handle = await bus.consume({
      groupId: 'g',
      subscriptions: [forwarding('in', 'out')],
      deadLetterTopic: 'dlq',
      policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
    });
    await until(() => (bus.read('out').length === 5 ? true : undefined));
    await handle.stop();

    // Before each batch of two: 5, 3, 1 behind; after each commit: 3, 1, 0.
    expect(reported).toEqual([5, 3, 3, 1, 1, 0]);
    expect(lag.get('g/in/0')).toBe(0);
  });

  it('cuts slices per group: one configured with a larger maxBatchRecords takes larger batches', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, maxBatchRecords: 2 });
    bus.configureConsumer('big', { maxBatchRecords: 5 });
    await bus.publish(Array.from({ length: 10 }, (_, n) => record('in', 'k', `{"n":${n}}`)));
    const sizes: Record<string, number[]> = { big: [], small: [] };
    const handles = await Promise.all(
      ['big', 'small'].map((groupId) =>
        bus.consume({
          groupId,
          subscriptions: [{ topic: 'in', decode: (b: Buffer) => b, handle: async (records) => (sizes[groupId].push(records.length), []) }],
          deadLetterTopic: 'dlq',
          policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
        }),
      ),
    );
    await until(() => (sizes.big.length === 2 && sizes.small.length === 5 ? true : undefined));
    await Promise.all(handles.map((h) => h.stop()));
    expect(sizes).toEqual({ big: [5, 5], small: [2, 2, 2, 2, 2] });
  });

  describe('a group with a fill wait (maxWaitTimeInMs)', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    function batchesOf(bus: InProcessEventBus) {
      const sizes: number[] = [];
      const handle = bus.consume({
        groupId: 'writer',
        subscriptions: [{ topic: 'in', decode: (b: Buffer) => b, handle: async (records) => (sizes.push(records.length), []) }],
        deadLetterTopic: 'dlq',
        policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
      });
      return { sizes, handle };
    }

    it('hands a partition over once it holds a whole slice, or once its oldest record waited that long', async () => {
      const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, maxBatchRecords: 2 });
      bus.configureConsumer('writer', { maxBatchRecords: 5, maxWaitTimeInMs: 1_000 });
      const { sizes, handle } = batchesOf(bus);
      await bus.publish(Array.from({ length: 3 }, (_, n) => record('in', 'k', `{"n":${n}}`)));
      await jest.advanceTimersByTimeAsync(500);
      expect(sizes).toEqual([]);
      await bus.publish(Array.from({ length: 4 }, (_, n) => record('in', 'k', `{"n":${n}}`)));
      await jest.advanceTimersByTimeAsync(0);
      expect(sizes).toEqual([5]);
      await jest.advanceTimersByTimeAsync(499);
      expect(sizes).toEqual([5]);
      // The two left over were published 500 ms in: their wait ends at 1,500 ms.
      await jest.advanceTimersByTimeAsync(501);
      expect(sizes).toEqual([5, 2]);
      await (await handle).stop();
    });

    it('takes what there is at once when a publisher waits for room on the topic', async () => {
      const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 4 });
      bus.configureConsumer('writer', { maxBatchRecords: 10, maxWaitTimeInMs: 60_000 });
      const { sizes, handle } = batchesOf(bus);
      await bus.publish(Array.from({ length: 4 }, (_, n) => record('in', 'k', `{"n":${n}}`)));
      const waiting = bus.publish([record('in', 'k', '{"n":4}')]);
      await jest.advanceTimersByTimeAsync(0);
      await waiting;
      expect(sizes).toEqual([4]);
      await (await handle).stop();
    });

    it('takes what there is once the topic is half full, so publishers fill the other half during its write', async () => {
      const bus = new InProcessEventBus({ logger: silentLogger, partitions: 1, queueMaxRecords: 10 });
      bus.configureConsumer('writer', { maxBatchRecords: 100, maxWaitTimeInMs: 60_000 });
      const { sizes, handle } = batchesOf(bus);
      await bus.publish(Array.from({ length: 4 }, (_, n) => record('in', 'k', `{"n":${n}}`)));
      await jest.advanceTimersByTimeAsync(1_000);
      expect(sizes).toEqual([]);
      await bus.publish([record('in', 'k', '{"n":4}')]);
      await jest.advanceTimersByTimeAsync(0);
      expect(sizes).toEqual([5]);
      await (await handle).stop();
    });
  });

  describe('partitions handed over side by side', () => {
    /** The most batches a group's handler held at once, over records spread on 3 partitions. */
    async function mostInHand(configure: (bus: InProcessEventBus) => void): Promise<{ most: number; handled: number }> {
      const bus = new InProcessEventBus({ logger: silentLogger, partitions: 3 });
      configure(bus);
      await bus.publish(Array.from({ length: 30 }, (_, n) => record('in', `host-${n}`, `{"n":${n}}`)));
      let inHand = 0;
      let most = 0;
      let handled = 0;
      const handle = await bus.consume({
        groupId: 'writer',
        subscriptions: [
          {
            topic: 'in',
            decode: (b: Buffer) => b,
            handle: async (records) => {
              most = Math.max(most, ++inHand);
              // Stays in hand for a few turns of the event loop, as an insert would.
              for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
              inHand -= 1;
              handled += records.length;
              return [];
            },
          },
        ],
        deadLetterTopic: 'dlq',
        policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 },
      });
      await until(() => (handled === 30 ? true : undefined));
      await handle.stop();
      return { most, handled };
    }

    it('for a group with a fetch configured, as a Kafka fetch hands them over, so its writer can join them into one insert', async () => {
      expect(await mostInHand((bus) => bus.configureConsumer('writer', { maxBatchRecords: 100 }))).toEqual({ most: 3, handled: 30 });
    });

    it('and one after another for any other group', async () => {
      expect(await mostInHand(() => undefined)).toEqual({ most: 1, handled: 30 });
    });
  });

  it('refuses a second consumer in the same group', async () => {
    const bus = new InProcessEventBus({ logger: silentLogger });
    const spec = { groupId: 'g', subscriptions: [forwarding('in', 'out')], deadLetterTopic: 'dlq', policy: { maxAttempts: 1, backoffMs: 1, maxBackoffMs: 1 } };
    const first = await bus.consume(spec);
    await expect(bus.consume(spec)).rejects.toThrow(/already has a consumer/);
    await first.stop();
  });
});

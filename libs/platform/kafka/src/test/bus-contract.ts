import { ConsumerCrash, notReadyReason, type EventBus, type TopicSubscription } from '../bus/event-bus.port';
import type { InboundRecord, RawRecord } from '../bus/message';
import { DEAD_LETTER_HEADERS } from '../delivery/dead-letter';
import { DependencyUnavailableError } from '../delivery/dependency-unavailable';
import { forwarding, record } from './bus-fixtures';

export interface BusHarness {
  bus: EventBus;
  /** Fresh topic names (created with 3 partitions where the bus needs that). */
  topics(...roles: string[]): Promise<Record<string, string>>;
  group(): string;
  /** Every record on a topic, waiting until at least `atLeast` are there. */
  readAll(topic: string, atLeast: number): Promise<RawRecord[]>;
}

const policy = { maxAttempts: 2, backoffMs: 5, maxBackoffMs: 10 };

/** Polls the bus's own state (the grace before `waiting` is real time here: 2 s by default). */
async function poll<T>(probe: () => T | undefined, description: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The delivery contract both buses keep: per-key order, outputs before commits, poison records
 * to the dead-letter topic without stalling the partition, and resuming from the last commit.
 */
export function describeBusContract(name: string, harness: () => BusHarness): void {
  describe(`${name} bus contract`, () => {
    it('forwards every record, in key order, and dead-letters poison without stalling', async () => {
      const h = harness();
      const t = await h.topics('in', 'out', 'dlq');
      const seen: InboundRecord<{ n: number }>[] = [];
      const consumer = await h.bus.consume({
        groupId: h.group(),
        subscriptions: [forwarding(t.in, t.out, seen)],
        deadLetterTopic: t.dlq,
        policy,
      });
      await consumer.ready;
      const input = [];
      for (let n = 1; n <= 30; n += 1) input.push(record(t.in, `key-${n % 3}`, JSON.stringify({ n })));
      input.splice(10, 0, record(t.in, 'key-1', 'poison'));
      input.splice(20, 0, record(t.in, 'key-2', JSON.stringify({ n: -5 })));
      await h.bus.publish(input);

      const out = await h.readAll(t.out, 30);
      const dead = await h.readAll(t.dlq, 2);
      await consumer.stop();

      expect(out).toHaveLength(30);
      for (const key of ['key-0', 'key-1', 'key-2']) {
        const ns = out.filter((r) => r.key?.toString() === key).map((r) => JSON.parse(r.value!.toString()).n);
        expect(ns).toEqual([...ns].sort((a, b) => a - b));
      }
      expect(dead.map((d) => d.value!.toString()).sort()).toEqual(['poison', '{"n":-5}']);
      const poison = dead.find((d) => d.value!.toString() === 'poison')!;
      expect(poison.headers[DEAD_LETTER_HEADERS.topic]).toBe(t.in);
      expect(poison.headers[DEAD_LETTER_HEADERS.stage]).toBe('decode');
      expect(poison.headers[DEAD_LETTER_HEADERS.offset]).toMatch(/^\d+$/);
    });

    it('restarts a consumer that crashed before committing: the batch is redone, the rest handled once', async () => {
      const h = harness();
      const t = await h.topics('in', 'out', 'dlq');
      let crashes = 1;
      const consumer = await h.bus.consume({
        groupId: h.group(),
        subscriptions: [forwarding(t.in, t.out)],
        deadLetterTopic: t.dlq,
        policy,
        beforeCommit: async () => {
          if (crashes-- > 0) throw new ConsumerCrash();
        },
      });
      await consumer.ready;
      expect(consumer.status()).toMatchObject({ state: 'running', failedRestarts: 0 });
      await h.bus.publish([record(t.in, 'k', JSON.stringify({ n: 1 }))]);
      await h.readAll(t.out, 2);
      await h.bus.publish([2, 3].map((n) => record(t.in, 'k', JSON.stringify({ n }))));
      const out = await h.readAll(t.out, 4);
      const status = consumer.status();
      await consumer.stop();

      expect(out.map((r) => JSON.parse(r.value!.toString()).n)).toEqual([10, 10, 20, 30]);
      expect(status.state).toBe('running');
      expect(status.lastError).toMatch(/simulated consumer crash/);
      expect(consumer.status().state).toBe('stopped');
    });

    it('says a consumer waiting out a dependency outage is not ready, and ready again once its batch goes through', async () => {
      const h = harness();
      const t = await h.topics('in', 'out', 'dlq');
      const inner = forwarding(t.in, t.out);
      let away = true;
      const gated: TopicSubscription<{ n: number }> = {
        ...inner,
        handle: async (records) => {
          if (away) throw new DependencyUnavailableError('the store is away');
          return inner.handle(records);
        },
      };
      const consumer = await h.bus.consume({
        groupId: h.group(),
        subscriptions: [gated],
        deadLetterTopic: t.dlq,
        policy,
      });
      await consumer.ready;
      await h.bus.publish([record(t.in, 'k', JSON.stringify({ n: 1 }))]);
      const waiting = await poll(() => (consumer.status().state === 'waiting' ? consumer.status() : undefined), 'the consumer to wait');
      expect(waiting.waiting).toEqual({ error: 'DependencyUnavailableError: the store is away', since: expect.any(String) });
      expect(notReadyReason(waiting)).toMatch(/^waiting for a dependency since .*: DependencyUnavailableError: the store is away$/);

      away = false;
      const out = await h.readAll(t.out, 1);
      const running = await poll(() => (consumer.status().state === 'running' ? consumer.status() : undefined), 'the consumer to run again');
      await consumer.stop();
      expect(out.map((r) => JSON.parse(r.value!.toString()).n)).toEqual([10]);
      expect(notReadyReason(running)).toBeUndefined();
      expect(running.waiting).toBeUndefined();
    }, 30_000);

    it('resumes after a stop from the last committed offset, redelivering nothing it committed', async () => {
      const h = harness();
      const t = await h.topics('in', 'out', 'dlq');
      const groupId = h.group();
      const first: InboundRecord<{ n: number }>[] = [];
      const one = await h.bus.consume({ groupId, subscriptions: [forwarding(t.in, t.out, first)], deadLetterTopic: t.dlq, policy });
      await one.ready;
      await h.bus.publish([1, 2, 3].map((n) => record(t.in, 'k', JSON.stringify({ n }))));
      await h.readAll(t.out, 3);
      await one.stop();

      await h.bus.publish([4, 5].map((n) => record(t.in, 'k', JSON.stringify({ n }))));
      const second: InboundRecord<{ n: number }>[] = [];
      const two = await h.bus.consume({ groupId, subscriptions: [forwarding(t.in, t.out, second)], deadLetterTopic: t.dlq, policy });
      await two.ready;
      await h.readAll(t.out, 5);
      await two.stop();
      expect(second.map((r) => r.value.n)).toEqual([4, 5]);
    });
  });
}

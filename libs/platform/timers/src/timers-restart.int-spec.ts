import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedisClient } from '@quell/platform-redis';
import { collectTopic, createTopics, requireKafkaBrokers, requireRedisUrl, StageProcess, uniqueName, waitFor } from '@quell/platform-testing';
import { RedisTimerStore } from './redis-timer-store';

interface Fired {
  key: string;
  fireId: string;
  dueAt: number;
  firedAt: number;
  fires: number;
  outcome: string;
  pid: number;
}

const TIMERS = 40;
const LEASE_MS = 1_500;

/**
 * The timer service as a process of its own over the real Redis and Kafka: SIGKILLed with timers
 * pending and some in hand (fired, not acked), then started again. Every timer fires, none before
 * its due time, and every record of one timer on the output topic carries the same fireId: one
 * effect per timer once consumers dedupe by it (at-least-once firing, idempotent effect).
 */
describe('durable timers across a SIGKILL of their service', () => {
  const brokers = requireKafkaBrokers();
  const redisUrl = requireRedisUrl();
  const redis = createRedisClient(redisUrl);
  const prefix = uniqueName('timers-restart');
  const outputTopic = `${prefix}.fired`;
  const store = new RedisTimerStore(redis, { prefix: `${prefix}:timers:` });
  const worker = new StageProcess({
    app: 'timer-worker',
    script: 'libs/platform/timers/test/timer-worker.ts',
    logDir: mkdtempSync(join(tmpdir(), 'quell-timers-')),
    restart: 'never',
    env: { REDIS_URL: redisUrl, KAFKA_BROKERS: brokers.join(','), TIMER_PREFIX: `${prefix}:timers:`, OUTPUT_TOPIC: outputTopic, HOLD_MS: '400', LEASE_MS: String(LEASE_MS) },
  });

  afterAll(async () => {
    await worker.stop();
    await redis.quit();
  });

  it('fires each pending timer once in effect, none early, after a restart', async () => {
    await createTopics(brokers, [outputTopic], 1);
    const output = await collectTopic(brokers, outputTopic);
    const fired = () => output.messages.map((m) => JSON.parse(m.value!.toString()) as Fired);
    const keysFired = () => new Set(fired().map((f) => f.key)).size;

    const due = new Map<string, number>();
    const schedule = async (i: number, dueAt: number) => {
      due.set(`timer-${i}`, dueAt);
      await store.schedule({ key: `timer-${i}`, dueAt, kind: 'test.fire', payload: '', tenant: 'acme' });
    };
    // Half pending before the service starts (due while it boots), half scheduled once it runs.
    const before = Date.now() + 500;
    for (let i = 0; i < TIMERS / 2; i++) await schedule(i, before + i * 50);
    await worker.start();
    await waitFor(() => (worker.logTail().includes('timer worker started') ? true : undefined), { timeoutMs: 60_000, description: 'the worker up' });
    const after = Date.now() + 1_000;
    for (let i = TIMERS / 2; i < TIMERS; i++) await schedule(i, after + (i - TIMERS / 2) * 100);

    await waitFor(() => (keysFired() >= 25 ? true : undefined), { timeoutMs: 30_000, description: 'most of the first timers fired' });
    await worker.kill();
    const atKill = fired().length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    await worker.start();
    await waitFor(() => (keysFired() === TIMERS ? true : undefined), { timeoutMs: 30_000, description: 'every timer fired' });
    // Timers in hand at the kill fire again once their lease runs out; wait for all of it.
    await waitFor(async () => ((await store.size()) === 0 ? true : undefined), { timeoutMs: 15_000, description: 'every timer acked' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await output.stop();

    const all = fired();
    const byKey = new Map<string, Fired[]>();
    for (const f of all) byKey.set(f.key, [...(byKey.get(f.key) ?? []), f]);
    expect([...byKey.keys()].sort()).toEqual([...due.keys()].sort());
    for (const [key, fires] of byKey) {
      expect(new Set(fires.map((f) => f.fireId)).size).toBe(1);
      for (const f of fires) expect(f.firedAt).toBeGreaterThanOrEqual(due.get(key)!);
    }
    expect(all.every((f) => f.outcome === 'fired')).toBe(true);
    expect(new Set(all.map((f) => f.pid)).size).toBe(2);
    const refired = all.length - byKey.size;
    const lateMs = all.map((f) => f.firedAt - f.dueAt).sort((a, b) => a - b);
    process.stdout.write(
      `timers-restart: ${TIMERS} timers, ${atKill} fired before the SIGKILL, ${refired} refired after it (same fireId), lateness p50 ${lateMs[lateMs.length >> 1]} ms, max ${lateMs[lateMs.length - 1]} ms\n`,
    );
  }, 90_000);
});

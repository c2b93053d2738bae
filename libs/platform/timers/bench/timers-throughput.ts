// Durable timer cost over a real Redis: timers/s scheduled beside a bare ZADD round trip, timers/s
// fired and acked by the runner beside the same runner on the in-memory store, timers scheduled
// and fired one at a time (the notifier's pattern: a claim per timer), and what an idle runner
// costs (claims and CPU), all in the same run.
// Run: REDIS_URL=redis://… SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register libs/platform/timers/bench/timers-throughput.ts [timers] [concurrency]
import { randomUUID } from 'node:crypto';
import { createRedisClient } from '@quell/platform-redis';
import { InMemoryTimerStore } from '../src/in-memory-timer-store';
import { RedisTimerStore } from '../src/redis-timer-store';
import { TimerService } from '../src/timer-service';
import type { TimerStore } from '../src/timer-store.port';

const count = Number(process.argv[2] ?? 20_000);
const concurrency = Number(process.argv[3] ?? 64);
const url = process.env['REDIS_URL'];
if (!url) throw new Error('set REDIS_URL to the Redis server to measure against');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function report(name: string, n: number, seconds: number, unit: string): void {
  console.log(`${name.padEnd(40)} ${String(Math.round(n / seconds)).padStart(8)} ${unit}/s  (${n}, ${seconds.toFixed(2)} s)`);
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function schedule(store: TimerStore, dueAt: number): Promise<void> {
  for (let i = 0; i < count; i++) await store.schedule({ key: `timer-${i}`, dueAt, kind: 'bench', payload: '{"attempt":2}', tenant: `t${i % 8}` });
}

/** Fires every (already due) timer of the store through a runner with a no-op handler; returns seconds until the store is empty. */
async function fireAll(store: TimerStore): Promise<number> {
  const timers = new TimerService(store, { logger: silent, concurrency, maxIdleMs: 1_000 });
  timers.register('bench', { fire: async () => undefined, exhausted: async () => undefined });
  const seconds = await timed(async () => {
    timers.start();
    while ((await store.size()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  });
  await timers.stop();
  return seconds;
}

/**
 * A notifier's deliveries as they come: each timer scheduled due now (which wakes the runner) and
 * fired and acked before the next is scheduled, so every fire costs the runner a claim of its own.
 * Returns the process's CPU and the wall time per timer.
 */
async function oneAtATime(store: TimerStore, timers: number): Promise<{ timers: number; claims: number; cpuMicros: number; ms: number }> {
  let claims = 0;
  const counting: TimerStore = Object.assign(Object.create(store) as TimerStore, {
    claim: (leaseMs: number, limit: number) => {
      claims += 1;
      return store.claim(leaseMs, limit);
    },
  });
  const runner = new TimerService(counting, { logger: silent, concurrency });
  let fired: () => void = () => undefined;
  runner.register('trickle', { fire: async () => fired(), exhausted: async () => undefined });
  runner.start();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < timers; i++) {
    const firing = new Promise<void>((resolve) => (fired = resolve));
    await runner.schedule({ key: `trickle-${i}`, dueAt: Date.now(), kind: 'trickle', payload: '' });
    await firing;
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  await runner.stop();
  return { timers, claims, cpuMicros: (used.user + used.system) / timers, ms: ms / timers };
}

async function main(): Promise<void> {
  const redis = createRedisClient(url as string);
  const prefix = `bench-${randomUUID()}:`;

  const zadd = await timed(async () => {
    for (let i = 0; i < count; i++) await redis.zadd(`${prefix}bare`, Date.now(), `timer-${i}`);
  });
  report('baseline: bare ZADD, one at a time', count, zadd, 'timers');
  await redis.del(`${prefix}bare`);

  const store = new RedisTimerStore(redis, { prefix: `${prefix}timers:` });
  report('schedule (Redis, one at a time)', count, await timed(() => schedule(store, Date.now())), 'timers');
  report(`fire + ack (Redis, ${concurrency} at once)`, count, await fireAll(store), 'timers');

  const trickle = await oneAtATime(store, Math.min(count, 2_000));
  console.log(`one at a time (Redis): ${trickle.timers} timers each scheduled due now and fired before the next, ${trickle.claims} claims, ${trickle.cpuMicros.toFixed(0)} µs CPU and ${trickle.ms.toFixed(2)} ms per timer`);

  const memory = new InMemoryTimerStore();
  await schedule(memory, Date.now());
  report(`fire + ack (in memory, ${concurrency} at once)`, count, await fireAll(memory), 'timers');

  // Idle: nothing due for the next minute; count the claims and the CPU of 10 s.
  await store.schedule({ key: 'later', dueAt: Date.now() + 60_000, kind: 'bench', payload: '' });
  let claims = 0;
  const counting: TimerStore = Object.assign(Object.create(store) as TimerStore, {
    claim: (leaseMs: number, limit: number) => {
      claims += 1;
      return store.claim(leaseMs, limit);
    },
  });
  const idle = new TimerService(counting, { logger: silent });
  const cpu = process.cpuUsage();
  idle.start();
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  await idle.stop();
  const used = process.cpuUsage(cpu);
  console.log(`idle runner over 10 s (TIMER_MAX_IDLE_MS 5000)             ${claims} claims, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`);
  await store.cancel('later');
  await redis.quit();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

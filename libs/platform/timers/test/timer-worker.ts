// A service process for timers-restart.int-spec.ts: runs the timers under TIMER_PREFIX and, for
// each one that fires, publishes what fired (key, fireId, dueAt, firedAt) to OUTPUT_TOPIC, then
// holds it HOLD_MS before the ack, so that a SIGKILL lands between firing and ack for some.
import { Kafka, logLevel } from 'kafkajs';
import { createRedisClient } from '@quell/platform-redis';
import { RedisTimerStore } from '../src/redis-timer-store';
import { TimerService, type TimerLogger } from '../src/timer-service';
import type { StoredTimer } from '../src/timer-store.port';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`timer-worker: ${name} is required`);
  return value;
}

const log = (level: string) => (obj: object, msg: string) => process.stdout.write(`${JSON.stringify({ level, msg, ...obj })}\n`);
const logger: TimerLogger = { info: log('info'), warn: log('warn'), error: log('error') };

async function main(): Promise<void> {
  const redis = createRedisClient(env('REDIS_URL'));
  const producer = new Kafka({ clientId: 'timer-worker', brokers: env('KAFKA_BROKERS').split(','), logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  const topic = env('OUTPUT_TOPIC');
  const holdMs = Number(env('HOLD_MS'));
  const publish = async (timer: StoredTimer, outcome: string) => {
    const fired = { key: timer.key, fireId: timer.fireId, dueAt: timer.dueAt, firedAt: Date.now(), fires: timer.fires, outcome, pid: process.pid };
    await producer.send({ topic, acks: -1, messages: [{ key: timer.key, value: JSON.stringify(fired) }] });
  };
  const timers = new TimerService(new RedisTimerStore(redis, { prefix: env('TIMER_PREFIX') }), {
    logger,
    leaseMs: Number(env('LEASE_MS')),
    maxIdleMs: 200,
  });
  timers.register('test.fire', {
    fire: async (timer) => {
      await publish(timer, 'fired');
      await new Promise((resolve) => setTimeout(resolve, holdMs));
    },
    exhausted: (timer) => publish(timer, 'exhausted'),
  });
  timers.start();
  logger.info({ pid: process.pid }, 'timer worker started');
  process.on('SIGTERM', () => {
    void timers
      .stop()
      .then(() => producer.disconnect())
      .then(() => redis.quit())
      .finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  logger.error({ err: String(error) }, 'timer worker failed');
  process.exit(1);
});

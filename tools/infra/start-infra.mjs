// Brings the real services the integration tests need: taken from KAFKA_BROKERS / REDIS_URL when
// set, otherwise started here (Kafka from Maven Central's jars, Redis from Debian's package).
// A failure throws: under CI a missing service fails the run, it never skips tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKafka } from './kafka.mjs';
import { startRedis } from './redis.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE_DIR = join(root, '.cache');

export async function startInfrastructure(env = process.env) {
  const stops = [];
  const out = {};
  try {
    if (env.KAFKA_BROKERS) out.KAFKA_BROKERS = env.KAFKA_BROKERS;
    else {
      const kafka = await startKafka({ cacheDir: CACHE_DIR });
      stops.push(kafka.stop);
      out.KAFKA_BROKERS = kafka.brokers;
      console.error(`[infra] Kafka broker started at ${kafka.brokers}`);
    }
    if (env.REDIS_URL) out.REDIS_URL = env.REDIS_URL;
    else {
      const redis = await startRedis();
      stops.push(redis.stop);
      out.REDIS_URL = redis.url;
      console.error(`[infra] Redis started at ${redis.url}`);
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw error;
  }
  return {
    env: out,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((e) => console.error('[infra] stop failed', e));
    },
  };
}

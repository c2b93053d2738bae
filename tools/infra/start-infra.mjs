// The test infrastructure in one call: a Kafka broker and a Redis server for the jest run, as
// KAFKA_BROKERS / REDIS_URL. Servers the caller already points at are used as they are; the
// rest are started as local processes (jars from Maven Central, Debian's redis-server), unless
// the caller hands in other starters (the jest setup does, for containers when Docker answers).
// Plain Node, no npm deps, so tools/bootstrap can use it before `npm ci`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKafka } from './kafka.mjs';
import { startRedis } from './redis.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @typedef {{ address: string, origin: string, pid?: number, stop: () => Promise<void> }} RunningService
 *   `pid`: the server's process, when it runs on this machine (a benchmark counts its CPU)
 * @typedef {{ kafka?: () => Promise<RunningService>, redis?: () => Promise<RunningService> }} Starters
 */

/**
 * @param {{ env?: Record<string, string | undefined>, cacheDir?: string, starters?: Starters }} [options]
 * @returns {Promise<{ env: { KAFKA_BROKERS: string, REDIS_URL: string }, services: RunningService[],
 *   pids: { kafka?: number, redis?: number }, stop: () => Promise<void> }>}
 *   `services` lists only what was started here (and what `stop` stops). Rejects, after stopping
 *   whatever did start, when either server cannot be provided: tests never run without them.
 */
export async function startInfrastructure({ env = process.env, cacheDir = path.join(ROOT, '.cache'), starters = {} } = {}) {
  const given = { kafka: env.KAFKA_BROKERS?.trim(), redis: env.REDIS_URL?.trim() };
  // Broker and Redis state of this run only; removed by stop().
  let runDir;
  const scratch = (name) => path.join((runDir ??= mkdtempSync(path.join(os.tmpdir(), 'quell-test-infra-'))), name);

  const localKafka = async () => {
    const kafka = await startKafka({ cacheDir, dataDir: scratch('kafka') });
    return { address: kafka.brokers, origin: `local broker (pid ${kafka.pid}, log ${kafka.logFile})`, pid: kafka.pid, stop: kafka.stop };
  };
  const localRedis = async () => {
    const redis = await startRedis({ dataDir: scratch('redis') });
    return { address: redis.url, origin: `local redis-server (pid ${redis.pid})`, pid: redis.pid, stop: redis.stop };
  };

  const [kafka, redis] = await Promise.allSettled([
    given.kafka ? undefined : (starters.kafka ?? localKafka)(),
    given.redis ? undefined : (starters.redis ?? localRedis)(),
  ]);
  const services = [kafka, redis].filter((result) => result.status === 'fulfilled' && result.value).map((result) => result.value);

  const stop = async () => {
    const stopped = await Promise.allSettled(services.map((service) => service.stop()));
    if (runDir) rmSync(runDir, { recursive: true, force: true });
    const errors = stopped.filter((result) => result.status === 'rejected').map((result) => String(result.reason));
    if (errors.length > 0) throw new Error(`could not stop the test infrastructure: ${errors.join('; ')}`);
  };

  const failures = [kafka, redis].filter((result) => result.status === 'rejected').map((result) => String(result.reason));
  if (failures.length > 0) {
    await stop().catch(() => undefined);
    throw new Error(`could not start the test infrastructure:\n${failures.join('\n')}`);
  }
  return {
    env: { KAFKA_BROKERS: given.kafka ?? kafka.value.address, REDIS_URL: given.redis ?? redis.value.address },
    services,
    pids: { kafka: kafka.value?.pid, redis: redis.value?.pid },
    stop,
  };
}

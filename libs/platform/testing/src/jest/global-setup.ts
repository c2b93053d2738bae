// Jest global setup (runs once, in jest's parent process, before any worker starts): provides a
// real Kafka broker and Redis server to every test and publishes their addresses in
// KAFKA_BROKERS / REDIS_URL, which the workers inherit. In order of preference: servers the
// caller already points at, containers when a Docker engine answers, local processes otherwise.
import path from 'node:path';
import { KAFKA_BROKERS_ENV, REDIS_URL_ENV } from '../harness-env';
import { isDockerReachable } from './docker-probe';
import { startLocalKafka, startLocalRedis } from './local-infra';
import { createRunDir } from './run-dir';
import type { RunningService } from './running-service';
import { setStartedInfra } from './started-infra';

const REPO_ROOT = path.resolve(__dirname, '../../../../..');

type Starter = () => Promise<RunningService>;

async function chooseStarters(useDocker: boolean, cacheDir: string): Promise<{ kafka: Starter; redis: Starter; runDir?: string }> {
  if (useDocker) {
    const containers = await import('./container-infra');
    return { kafka: containers.startKafkaContainer, redis: containers.startRedisContainer };
  }
  const runDir = createRunDir(cacheDir);
  return { kafka: () => startLocalKafka({ cacheDir, runDir }), redis: () => startLocalRedis({ cacheDir, runDir }), runDir };
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const onCi = process.env['CI'] === 'true' || process.env['CI'] === '1';
  const wanted = { kafka: !process.env[KAFKA_BROKERS_ENV], redis: !process.env[REDIS_URL_ENV] };
  if (!wanted.kafka && !wanted.redis) return;

  const useDocker = await isDockerReachable(process.env['DOCKER_HOST']);
  const starters = await chooseStarters(useDocker, path.join(REPO_ROOT, '.cache'));
  const [kafka, redis] = await Promise.allSettled([
    wanted.kafka ? starters.kafka() : Promise.resolve(undefined),
    wanted.redis ? starters.redis() : Promise.resolve(undefined),
  ]);
  const services: RunningService[] = [];
  if (kafka.status === 'fulfilled' && kafka.value) {
    services.push(kafka.value);
    process.env[KAFKA_BROKERS_ENV] = kafka.value.address;
  }
  if (redis.status === 'fulfilled' && redis.value) {
    services.push(redis.value);
    process.env[REDIS_URL_ENV] = redis.value.address;
  }
  setStartedInfra({ services, runDir: starters.runDir });

  const failures = [kafka, redis].filter((result) => result.status === 'rejected').map((result) => String(result.reason));
  for (const service of services) console.log(`[test-infra] ${service.address} <- ${service.origin}`);
  if (failures.length === 0) {
    console.log(`[test-infra] ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  const message = `[test-infra] could not start test infrastructure:\n${failures.join('\n')}`;
  if (onCi) {
    // Under CI a missing server is a failed build, never a quietly shorter test run.
    await Promise.allSettled(services.map((service) => service.stop()));
    throw new Error(message);
  }
  // Locally, unit tests still run; integration tests fail with requireKafkaBrokers()/requireRedisUrl()'s error.
  console.error(message);
}

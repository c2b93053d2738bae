// Jest global setup (runs once, in jest's parent process, before any worker starts): provides a
// real Kafka broker and Redis server to every test and publishes their addresses in
// KAFKA_BROKERS / REDIS_URL, which the workers inherit. In order of preference: servers the
// caller already points at, containers when a Docker engine answers, local processes otherwise.
// Any failure fails the run: integration tests never run, or skip, without their servers.
import path from 'node:path';
import { KAFKA_BROKERS_ENV, REDIS_URL_ENV } from '../harness-env';
import { startKafkaContainer, startRedisContainer } from './container-infra';
import { isDockerReachable } from './docker-probe';
import { type InfraStarters, loadInfraModule, REPO_ROOT } from './infra-module';
import { setStartedInfra } from './started-infra';

async function containerStarters(): Promise<InfraStarters> {
  if (!(await isDockerReachable(process.env['DOCKER_HOST']))) return {};
  return { kafka: startKafkaContainer, redis: startRedisContainer };
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const { startInfrastructure } = await loadInfraModule();
  const infra = await startInfrastructure({
    env: process.env,
    cacheDir: path.join(REPO_ROOT, '.cache'),
    starters: await containerStarters(),
  });
  process.env[KAFKA_BROKERS_ENV] = infra.env.KAFKA_BROKERS;
  process.env[REDIS_URL_ENV] = infra.env.REDIS_URL;
  setStartedInfra(infra);
  for (const service of infra.services) console.log(`[test-infra] ${service.address} <- ${service.origin}`);
  console.log(`[test-infra] Kafka ${infra.env.KAFKA_BROKERS}, Redis ${infra.env.REDIS_URL}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

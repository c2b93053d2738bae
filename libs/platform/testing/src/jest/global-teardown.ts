// Jest global teardown: stops whatever the global setup started (nothing, when the tests ran
// against servers given in KAFKA_BROKERS / REDIS_URL) and removes the run's scratch directory.
import { takeStartedInfra } from './started-infra';

export default async function globalTeardown(): Promise<void> {
  const infra = takeStartedInfra();
  if (!infra) return;
  const started = Date.now();
  await infra.stop();
  console.log(`[test-infra] stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

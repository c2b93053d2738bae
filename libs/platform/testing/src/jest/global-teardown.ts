// Jest global teardown: stops whatever the global setup started (nothing, when the tests ran
// against servers given in KAFKA_BROKERS / REDIS_URL) and removes the run's scratch directory.
import { removeRunDir } from './run-dir';
import { takeStartedInfra } from './started-infra';

export default async function globalTeardown(): Promise<void> {
  const infra = takeStartedInfra();
  if (!infra) return;
  const stopped = await Promise.allSettled(infra.services.map((service) => service.stop()));
  const failures = stopped.filter((result) => result.status === 'rejected');
  if (failures.length > 0) {
    throw new Error(`[test-infra] could not stop: ${failures.map((result) => String(result.reason)).join('; ')}`);
  }
  if (infra.runDir) removeRunDir(infra.runDir);
}

// Jest global setup: the real Kafka broker and Redis server every integration test uses.
// Workers inherit process.env, so tests read KAFKA_BROKERS / REDIS_URL like any deployment would.
import { startInfrastructure } from '../../../../../tools/infra/start-infra.mjs';

export default async function globalSetup() {
  const infra = await startInfrastructure(process.env);
  Object.assign(process.env, infra.env);
  globalThis.__QUELL_INFRA__ = infra;
}

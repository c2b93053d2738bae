// The test harness's contract with the tests: the global setup publishes the addresses of the
// real Kafka broker and Redis server in these variables (workers inherit the parent's env), and
// tests read them here. Reading process.env is the point of this file, which is test-only code.
export const KAFKA_BROKERS_ENV = 'KAFKA_BROKERS';
export const REDIS_URL_ENV = 'REDIS_URL';

const HOW_TO_RUN =
  'Run tests with `npm test` (or `npx jest` from the repo root, whose global setup starts Kafka and Redis), ' +
  'or point them at running servers';

/** The brokers of the harness's Kafka. Throws when there are none: an integration test never skips. */
export function requireKafkaBrokers(): string[] {
  const brokers = (process.env[KAFKA_BROKERS_ENV] ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  if (brokers.length === 0) {
    throw new Error(`${KAFKA_BROKERS_ENV} is not set, so there is no Kafka to test against. ${HOW_TO_RUN} with ${KAFKA_BROKERS_ENV}=host:port[,host:port].`);
  }
  return brokers;
}

/** The URL of the harness's Redis. Throws when it is not set: an integration test never skips. */
export function requireRedisUrl(): string {
  const url = process.env[REDIS_URL_ENV]?.trim();
  if (!url) {
    throw new Error(`${REDIS_URL_ENV} is not set, so there is no Redis to test against. ${HOW_TO_RUN} with ${REDIS_URL_ENV}=redis://host:port.`);
  }
  return url;
}

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClickHouseUnavailableError, isClickHouseReady } from '@quell/platform-clickhouse';
import { isRedisReady, RedisUnavailableError } from '@quell/platform-redis';
import { baseServiceSchema, ConfigError, loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { createSharedInfrastructure } from './shared-infrastructure';

const schema = baseServiceSchema({ serviceName: 'probe', httpPort: 0 });
const logger = createLogger({ service: 'probe', level: 'silent' });

function configWith(env: Record<string, string>) {
  const prefix = `infra-${randomUUID().slice(0, 8)}`;
  return loadConfig(schema, { BUS: 'kafka', KAFKA_BROKERS: requireKafkaBrokers().join(','), TOPIC_PREFIX: `${prefix}.`, ...env });
}

describe('createSharedInfrastructure over Kafka', () => {
  it("refuses a producer bound above the topics' max.message.bytes, naming the key", async () => {
    const error = await createSharedInfrastructure(configWith({ KAFKA_MAX_REQUEST_BYTES: '2000000' }), {}, logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^Invalid configuration: KAFKA_MAX_REQUEST_BYTES: 2000000 exceeds max\.message\.bytes of topic .* \(1048588\)/);
  }, 60_000);

  it('accepts the default bound', async () => {
    const infra = await createSharedInfrastructure(configWith({}), {}, logger);
    await infra.close();
  }, 60_000);
});

// The one wiring of ClickHouse and Redis: pinged at start, migrated, closed, checked for readiness.
describe('createSharedInfrastructure storage', () => {
  const memory = (env: Record<string, string>) => loadConfig(schema, { BUS: 'memory', KAFKA_GROUP_PREFIX: `infra-${randomUUID().slice(0, 8)}`, ...env });

  it('pings and migrates the embedded engine and Redis at start, reports them ready, and closes them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'quell-infra-'));
    const database = `quell_infra_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const config = memory({ CLICKHOUSE_DATA_DIR: dataDir, CLICKHOUSE_DATABASE: database, REDIS_URL: requireRedisUrl() });
    const infra = await createSharedInfrastructure(config, { clickhouse: true, state: true }, logger);
    const { clickhouse, redis, documentStore } = infra;
    try {
      expect(await isClickHouseReady(clickhouse!)).toBe(true);
      expect(await isRedisReady(redis!)).toBe(true);
      const applied = await clickhouse!.query({ query: `SELECT count() AS n FROM ${database}.quell_schema_migrations`, format: 'JSONEachRow' });
      expect(Number((await applied.json<{ n: string }>())[0].n)).toBeGreaterThan(0);
      // The document store writes under the group prefix, so apps and tests share one server.
      expect(await documentStore!.put({ tenant: 'acme', key: 'k' }, { a: 1 }, { ttlMs: 60_000 })).toBe(1);
      expect(await redis!.exists(`${config.KAFKA_GROUP_PREFIX}:{acme}:doc:k`)).toBe(1);
      await redis!.del(`${config.KAFKA_GROUP_PREFIX}:{acme}:doc:k`);
      await clickhouse!.command({ query: `DROP DATABASE ${database}` });
    } finally {
      await infra.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(await isClickHouseReady(clickhouse!)).toBe(false);
    // QUIT's reply arrives before the socket closes; the client then ends for good.
    await new Promise<void>((resolve) => (redis!.status === 'end' ? resolve() : redis!.once('end', () => resolve())));
    expect(await isRedisReady(redis!)).toBe(false);
  });

  it('fails to start with a retriable error naming the ClickHouse server but not its password', async () => {
    // Port 1 refuses connections at once.
    const config = memory({ CLICKHOUSE_URL: 'http://127.0.0.1:1', CLICKHOUSE_USER: 'quell', CLICKHOUSE_PASSWORD: 's3cret' });
    const error = await createSharedInfrastructure(config, { clickhouse: true }, logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickHouseUnavailableError);
    expect(error).toMatchObject({ retriable: true, message: expect.stringContaining('http://127.0.0.1:1') });
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('fails to start with a retriable error that masks the password in the Redis URL', async () => {
    const config = memory({ REDIS_URL: 'redis://:s3cret@127.0.0.1:1', REDIS_COMMAND_TIMEOUT_MS: '500' });
    const error = await createSharedInfrastructure(config, { state: true }, logger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnavailableError);
    expect(error).toMatchObject({ retriable: true, message: expect.stringContaining('redis://***@127.0.0.1:1') });
    expect((error as Error).message).not.toContain('s3cret');
  });
});

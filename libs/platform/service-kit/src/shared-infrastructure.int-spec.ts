import { randomUUID } from 'node:crypto';
import { baseServiceSchema, ConfigError, loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { requireKafkaBrokers } from '@quell/platform-testing';
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

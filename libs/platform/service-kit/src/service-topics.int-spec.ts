import { randomUUID } from 'node:crypto';
import { topicsFor } from '@quell/contracts';
import { baseServiceSchema, loadConfig } from '@quell/platform-config';
import { createKafka, KafkajsTopicAdmin, type BusLogger } from '@quell/platform-kafka';
import { requireKafkaBrokers } from '@quell/platform-testing';
import { createSharedInfrastructure } from './shared-infrastructure';

const schema = baseServiceSchema({ serviceName: 'probe', httpPort: 0 });
const brokers = requireKafkaBrokers();

function capturingLogger(): BusLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, error: () => undefined, warn: (_obj, msg) => warnings.push(msg ?? '') };
}

describe.each(['kafkajs', 'platformatic'])('topics created at start with KAFKA_CLIENT=%s', (client) => {
  it('follow the configuration, and a later start that wants more partitions warns, then grows them when told', async () => {
    const prefix = `topics-${randomUUID().slice(0, 8)}.`;
    const env = { BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), KAFKA_CLIENT: client, TOPIC_PREFIX: prefix, KAFKA_TOPIC_DEFAULT_PARTITIONS: '2', KAFKA_TOPIC_SETTINGS: 'raw.partitions=3,deadLetters.retentionMs=-1' };
    const topics = topicsFor(prefix);
    await (await createSharedInfrastructure(loadConfig(schema, env), {}, capturingLogger())).close();

    const admin = new KafkajsTopicAdmin(createKafka({ brokers, clientId: 'topics-probe' }));
    try {
      const found = await admin.describe([topics.raw, topics.events, topics.incidents, topics.deadLetters], ['cleanup.policy', 'retention.ms']);
      expect(found.get(topics.raw)).toMatchObject({ partitions: 3, configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' } });
      expect(found.get(topics.events)).toMatchObject({ partitions: 2 });
      expect(found.get(topics.incidents)).toMatchObject({ partitions: 2, configs: { 'cleanup.policy': 'compact' } });
      expect(found.get(topics.deadLetters)?.configs['retention.ms']).toBe('-1');

      const logger = capturingLogger();
      const wider = { ...env, KAFKA_TOPIC_SETTINGS: 'raw.partitions=4,deadLetters.retentionMs=-1' };
      await (await createSharedInfrastructure(loadConfig(schema, wider), {}, logger)).close();
      expect(logger.warnings).toEqual([expect.stringContaining(`topic ${topics.raw} has 3 partitions, 4 configured`)]);
      expect((await admin.describe([topics.raw], [])).get(topics.raw)?.partitions).toBe(3);

      await (await createSharedInfrastructure(loadConfig(schema, { ...wider, KAFKA_TOPIC_GROW_PARTITIONS: 'true' }), {}, capturingLogger())).close();
      expect((await admin.describe([topics.raw], [])).get(topics.raw)?.partitions).toBe(4);
    } finally {
      await admin.close();
    }
  }, 90_000);

  it('refuse a start whose KAFKA_MAX_REQUEST_BYTES exceeds a topic\'s max.message.bytes, naming the key and the topic', async () => {
    const prefix = `limits-${randomUUID().slice(0, 8)}.`;
    const topics = topicsFor(prefix);
    const admin = new KafkajsTopicAdmin(createKafka({ brokers, clientId: 'topics-probe' }));
    try {
      await admin.create([{ topic: topics.alerts, partitions: 1, configs: { 'max.message.bytes': '200000' } }]);
    } finally {
      await admin.close();
    }
    const env = { BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), KAFKA_CLIENT: client, TOPIC_PREFIX: prefix };
    await expect(createSharedInfrastructure(loadConfig(schema, { ...env, KAFKA_MAX_REQUEST_BYTES: '300000' }), {}, capturingLogger())).rejects.toThrow(
      `KAFKA_MAX_REQUEST_BYTES: 300000 exceeds max.message.bytes of topic ${topics.alerts} (200000)`,
    );
    await (await createSharedInfrastructure(loadConfig(schema, { ...env, KAFKA_MAX_REQUEST_BYTES: '150000' }), {}, capturingLogger())).close();
  }, 90_000);
});

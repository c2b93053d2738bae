import { randomUUID } from 'node:crypto';
import { requireKafkaBrokers } from '@quell/platform-testing';
import { createKafka } from '../kafka/kafka-client';
import { KafkajsTopicAdmin } from '../kafka/kafkajs-topic-admin';
import { platformaticBaseOptions } from '../platformatic/platformatic-client';
import { PlatformaticTopicAdmin } from '../platformatic/platformatic-topic-admin';
import type { BusLogger } from '../bus/event-bus.port';
import { reconcileTopics, type TopicAdmin } from './topic-admin.port';
import type { TopicSpec } from './topic-plan';

const brokers = requireKafkaBrokers();
const connection = { brokers, clientId: 'topic-admin-int-spec' };

const adapters: [string, () => TopicAdmin][] = [
  ['kafkajs', () => new KafkajsTopicAdmin(createKafka(connection))],
  ['@platformatic/kafka', () => new PlatformaticTopicAdmin(platformaticBaseOptions(connection))],
];

function recordingLogger(): BusLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info: () => undefined, error: () => undefined, warn: (_obj, msg) => warnings.push(msg ?? '') };
}

describe.each(adapters)('topic admin over %s', (_name, newAdmin) => {
  let admin: TopicAdmin;
  beforeEach(() => (admin = newAdmin()));
  afterEach(() => admin.close());

  it('creates topics with their partitions and configs, then finds them as created', async () => {
    const [stream, state] = [`ta-stream-${randomUUID()}`, `ta-state-${randomUUID()}`];
    const specs: TopicSpec[] = [
      { topic: stream, partitions: 4, replicationFactor: 1, configs: { 'cleanup.policy': 'delete', 'retention.ms': '86400000' } },
      { topic: state, partitions: 2, configs: { 'cleanup.policy': 'compact' } },
    ];
    const plan = await reconcileTopics(admin, specs);
    expect(plan.create.map((s) => s.topic)).toEqual([stream, state]);
    const found = await admin.describe([stream, state, `ta-missing-${randomUUID()}`], ['cleanup.policy', 'retention.ms']);
    expect(Object.fromEntries(found)).toEqual({
      [stream]: { partitions: 4, replicationFactor: 1, configs: { 'cleanup.policy': 'delete', 'retention.ms': '86400000' } },
      [state]: { partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'compact', 'retention.ms': expect.any(String) } },
    });
    // A second start changes nothing and has nothing to say.
    const logger = recordingLogger();
    expect(await reconcileTopics(admin, specs, { logger })).toEqual({ create: [], grow: [], differences: [] });
    expect(logger.warnings).toEqual([]);
  });

  it('warns about an existing topic with fewer partitions, and adds them when configured to', async () => {
    const topic = `ta-grow-${randomUUID()}`;
    await reconcileTopics(admin, [{ topic, partitions: 2 }]);
    const logger = recordingLogger();
    await reconcileTopics(admin, [{ topic, partitions: 5 }], { logger });
    expect(logger.warnings).toEqual([expect.stringContaining(`topic ${topic} has 2 partitions, 5 configured`)]);
    expect((await admin.describe([topic], [])).get(topic)?.partitions).toBe(2);

    await reconcileTopics(admin, [{ topic, partitions: 5 }], { growPartitions: true, logger });
    expect((await admin.describe([topic], [])).get(topic)?.partitions).toBe(5);
  });
});

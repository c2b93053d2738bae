import { TOPIC_ROLES, type Topics } from '@quell/contracts';
import { resolveTopicSettings, type BaseServiceConfig, type ResolvedTopicSettings } from '@quell/platform-config';
import { createTopicAdmin, reconcileTopics, smallestMessageLimit, type BusLogger, type KafkaConnectionOptions, type TopicSpec } from '@quell/platform-kafka';

/** A topic's settings in Kafka's terms. */
export function topicSpecOf(topic: string, settings: ResolvedTopicSettings): TopicSpec {
  const configs: Record<string, string> = { 'cleanup.policy': settings.cleanupPolicy };
  if (settings.retentionMs !== undefined) configs['retention.ms'] = String(settings.retentionMs);
  return { topic, partitions: settings.partitions, replicationFactor: settings.replicationFactor, configs };
}

/** Every Quell topic as the configuration wants it (KAFKA_TOPIC_* over the contracts' table). */
export function serviceTopicSpecs(config: BaseServiceConfig, topics: Topics): TopicSpec[] {
  const settings = resolveTopicSettings(config);
  return TOPIC_ROLES.map((role) => topicSpecOf(topics[role], settings[role]));
}

/**
 * Creates the missing topics at start (a fresh cluster is usable at once) through the client the bus
 * uses; an existing topic that differs is warned about, or grown when KAFKA_TOPIC_GROW_PARTITIONS.
 * Returns the smallest max.message.bytes among them (see smallestMessageLimit).
 */
export async function ensureServiceTopics(
  config: BaseServiceConfig,
  connection: KafkaConnectionOptions,
  topics: Topics,
  logger: BusLogger,
): Promise<{ topic: string; bytes: number } | undefined> {
  const admin = createTopicAdmin(config.KAFKA_CLIENT, connection);
  try {
    await reconcileTopics(admin, serviceTopicSpecs(config, topics), { growPartitions: config.KAFKA_TOPIC_GROW_PARTITIONS, logger });
    // A producer bound above what the broker accepts would turn large publishes into errors forever.
    return await smallestMessageLimit(admin, TOPIC_ROLES.map((role) => topics[role]));
  } finally {
    await admin.close();
  }
}

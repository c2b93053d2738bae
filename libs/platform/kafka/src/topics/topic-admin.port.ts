import type { BusLogger } from '../bus/event-bus.port';
import { planTopics, type ExistingTopic, type PartitionGrowth, type TopicPlan, type TopicSpec } from './topic-plan';

/** Topic administration, one adapter per Kafka client (kafkajs, @platformatic/kafka). */
export interface TopicAdmin {
  /** The named topics that exist, with the configs named in `configNames`. */
  describe(topics: string[], configNames: string[]): Promise<Map<string, ExistingTopic>>;
  /** Creates the topics and returns once every partition has a leader. */
  create(specs: TopicSpec[]): Promise<void>;
  addPartitions(growth: PartitionGrowth[]): Promise<void>;
  close(): Promise<void>;
}

export interface ReconcileOptions {
  growPartitions?: boolean;
  logger?: BusLogger;
}

/** Brings the broker's topics to the specs as far as planTopics allows, and warns about the rest. */
export async function reconcileTopics(admin: TopicAdmin, specs: TopicSpec[], options: ReconcileOptions = {}): Promise<TopicPlan> {
  const configNames = [...new Set(specs.flatMap((s) => Object.keys(s.configs ?? {})))];
  const existing = await admin.describe(
    specs.map((s) => s.topic),
    configNames,
  );
  const plan = planTopics(specs, existing, options.growPartitions ?? false);
  if (plan.create.length > 0) {
    await admin.create(plan.create);
    options.logger?.info({ topics: plan.create.map((s) => s.topic) }, 'created topics');
  }
  if (plan.grow.length > 0) {
    await admin.addPartitions(plan.grow);
    options.logger?.warn({ grown: plan.grow }, 'added partitions: keys written before and after may be handled out of order once');
  }
  for (const difference of plan.differences) options.logger?.warn({}, difference);
  return plan;
}

/**
 * The smallest max.message.bytes among `topics` (the broker's message.max.bytes unless a topic
 * overrides it), with the topic that sets it: a producer batch larger than this is refused for good.
 */
export async function smallestMessageLimit(admin: TopicAdmin, topics: string[]): Promise<{ topic: string; bytes: number } | undefined> {
  if (topics.length === 0) return undefined;
  let smallest: { topic: string; bytes: number } | undefined;
  for (const [topic, { configs }] of await admin.describe(topics, ['max.message.bytes'])) {
    const bytes = Number(configs['max.message.bytes']);
    if (Number.isFinite(bytes) && (!smallest || bytes < smallest.bytes)) smallest = { topic, bytes };
  }
  return smallest;
}

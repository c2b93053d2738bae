/** A topic as Quell wants it. Unset fields are left to the broker (num.partitions, default.replication.factor). */
export interface TopicSpec {
  topic: string;
  partitions?: number;
  replicationFactor?: number;
  /** Topic-level configs by Kafka's names, e.g. cleanup.policy, retention.ms. */
  configs?: Record<string, string>;
}

/** A topic as the broker has it. */
export interface ExistingTopic {
  partitions: number;
  replicationFactor: number;
  /** The values of the configs the specs name (undefined: the broker did not say). */
  configs: Record<string, string | undefined>;
}

export interface PartitionGrowth {
  topic: string;
  from: number;
  to: number;
}

/** What to do to bring the broker to the specs, and what differs that is only reported. */
export interface TopicPlan {
  create: TopicSpec[];
  grow: PartitionGrowth[];
  /** One sentence per difference left in place, for a warning at start. */
  differences: string[];
}

/**
 * Compares the specs with the broker's topics. Missing topics are created; an existing topic with
 * fewer partitions gets more only when `growPartitions` (adding moves keys between partitions);
 * everything else that differs is reported, never changed: partitions cannot shrink, replicas move
 * by reassignment, and retention or compaction changed under running consumers is an operator's call.
 */
export function planTopics(specs: TopicSpec[], existing: ReadonlyMap<string, ExistingTopic>, growPartitions: boolean): TopicPlan {
  const plan: TopicPlan = { create: [], grow: [], differences: [] };
  for (const spec of specs) {
    const found = existing.get(spec.topic);
    if (!found) {
      plan.create.push(spec);
      continue;
    }
    const { topic, partitions } = spec;
    if (partitions !== undefined && found.partitions < partitions) {
      if (growPartitions) plan.grow.push({ topic, from: found.partitions, to: partitions });
      else
        plan.differences.push(
          `topic ${topic} has ${found.partitions} partitions, ${partitions} configured: consumer replicas beyond ${found.partitions} get no work (KAFKA_TOPIC_GROW_PARTITIONS=true adds them at start)`,
        );
    }
    if (partitions !== undefined && found.partitions > partitions) {
      plan.differences.push(`topic ${topic} has ${found.partitions} partitions, more than the ${partitions} configured (partitions cannot be removed): autoscaling bounds derived from the configured count leave some idle`);
    }
    if (spec.replicationFactor !== undefined && found.replicationFactor !== spec.replicationFactor) {
      plan.differences.push(`topic ${topic} has replication factor ${found.replicationFactor}, ${spec.replicationFactor} configured (a partition reassignment changes it)`);
    }
    for (const [name, value] of Object.entries(spec.configs ?? {})) {
      const actual = found.configs[name];
      if (actual !== undefined && actual !== value) plan.differences.push(`topic ${topic} has ${name}=${actual}, ${value} configured (kafka-configs.sh --alter changes it)`);
    }
  }
  return plan;
}

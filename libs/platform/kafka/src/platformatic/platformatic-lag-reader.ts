import { ListOffsetTimestamps, type Admin } from '@platformatic/kafka';
import type { TopicSubscription } from '../bus/event-bus.port';
import type { PartitionLag } from '../supervision/progress-watch';

/** The topics a group reads now: pattern subscriptions match the topics that exist. */
export async function subscribedTopics(admin: Admin, subscriptions: TopicSubscription<unknown>[]): Promise<string[]> {
  const named = subscriptions.filter((s) => !s.pattern).map((s) => s.topic);
  const patterns = subscriptions.flatMap((s) => (s.pattern ? [s.pattern] : []));
  if (patterns.length === 0) return named;
  const existing = await admin.listTopics({ includeInternals: false });
  return [...new Set([...named, ...existing.filter((t) => patterns.some((p) => p.test(t)))])];
}

async function offsetsAt(admin: Admin, topics: Map<string, number[]>, timestamp: bigint): Promise<Map<string, bigint>> {
  const listed = await admin.listOffsets({
    topics: [...topics].map(([name, partitions]) => ({ name, partitions: partitions.map((partitionIndex) => ({ partitionIndex, timestamp })) })),
  });
  const out = new Map<string, bigint>();
  for (const topic of listed) for (const p of topic.partitions) out.set(`${topic.name}:${p.partitionIndex}`, p.offset);
  return out;
}

/**
 * The group's lag as the broker sees it (committed offsets against the high watermarks), as
 * BrokerLagReader does for kafkajs: it keeps telling the truth while the group's consumer is dead.
 */
export async function readPlatformaticLag(admin: Admin, groupId: string, subscriptions: TopicSubscription<unknown>[]): Promise<PartitionLag[]> {
  const topics = await subscribedTopics(admin, subscriptions);
  if (topics.length === 0) return [];
  const metadata = await admin.metadata({ topics });
  const partitions = new Map(topics.map((t) => [t, Array.from({ length: metadata.topics.get(t)?.partitionsCount ?? 0 }, (_, i) => i)]));
  const [groups, ends, starts] = await Promise.all([
    admin.listConsumerGroupOffsets({ groups: [{ groupId, topics: [...partitions].map(([name, ps]) => ({ name, partitionIndexes: ps })) }] }),
    offsetsAt(admin, partitions, ListOffsetTimestamps.LATEST),
    offsetsAt(admin, partitions, ListOffsetTimestamps.EARLIEST),
  ]);
  const committed = new Map<string, bigint>();
  for (const topic of groups[0]?.topics ?? []) for (const p of topic.partitions) committed.set(`${topic.name}:${p.partitionIndex}`, p.committedOffset);
  const lags: PartitionLag[] = [];
  for (const [topic, ps] of partitions) {
    for (const partition of ps) {
      const key = `${topic}:${partition}`;
      const high = ends.get(key);
      if (high === undefined) continue;
      const offset = committed.get(key) ?? -1n;
      // Never committed: the group starts from the log start, so all of it waits.
      const from = offset < 0n ? (starts.get(key) ?? 0n) : offset;
      lags.push({ topic, partition, committed: offset.toString(), lag: high > from ? Number(high - from) : 0 });
    }
  }
  return lags;
}

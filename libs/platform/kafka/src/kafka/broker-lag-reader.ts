import type { Admin, Kafka } from 'kafkajs';
import type { TopicSubscription } from '../bus/event-bus.port';
import type { PartitionLag } from '../supervision/progress-watch';

/**
 * Reads a group's lag the way the broker sees it: committed offsets (admin.fetchOffsets) against
 * the high watermarks (admin.fetchTopicOffsets). Unlike a fetched batch's offsetLag(), this keeps
 * telling the truth while the group's consumer is dead. One admin connection per bus, reopened
 * after an error.
 */
export class BrokerLagReader {
  private admin?: Promise<Admin>;

  constructor(private readonly kafka: Kafka) {}

  async read(groupId: string, subscriptions: TopicSubscription<unknown>[]): Promise<PartitionLag[]> {
    const admin = await this.connected();
    try {
      const topics = await this.topicsOf(admin, subscriptions);
      if (topics.length === 0) return [];
      const committed = await admin.fetchOffsets({ groupId, topics });
      const lags: PartitionLag[] = [];
      for (const { topic, partitions } of committed) {
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((end) => [end.partition, end]));
        for (const { partition, offset } of partitions) {
          const end = ends.get(partition);
          if (!end) continue;
          // Never committed: the group starts from the log start (fromBeginning), so all of it waits.
          const from = BigInt(offset === '-1' ? end.low : offset);
          const high = BigInt(end.high);
          lags.push({ topic, partition, committed: offset, lag: high > from ? Number(high - from) : 0 });
        }
      }
      return lags;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect().catch(() => undefined);
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }

  /** Pattern subscriptions match the topics that exist now. */
  private async topicsOf(admin: Admin, subscriptions: TopicSubscription<unknown>[]): Promise<string[]> {
    const named = subscriptions.filter((s) => !s.pattern).map((s) => s.topic);
    const patterns = subscriptions.flatMap((s) => (s.pattern ? [s.pattern] : []));
    if (patterns.length === 0) return named;
    const existing = await admin.listTopics();
    return [...new Set([...named, ...existing.filter((t) => patterns.some((p) => p.test(t)))])];
  }
}

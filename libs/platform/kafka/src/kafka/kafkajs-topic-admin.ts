import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import type { TopicAdmin } from '../topics/topic-admin.port';
import type { ExistingTopic, PartitionGrowth, TopicSpec } from '../topics/topic-plan';

const LEADER_WAIT_MS = 10_000;

/** TopicAdmin over a kafkajs admin client, connected on first use. */
export class KafkajsTopicAdmin implements TopicAdmin {
  private admin?: Promise<Admin>;

  constructor(private readonly kafka: Kafka) {}

  async describe(topics: string[], configNames: string[]): Promise<Map<string, ExistingTopic>> {
    const admin = await this.connected();
    const listed = new Set(await admin.listTopics());
    const present = topics.filter((t) => listed.has(t));
    const found = new Map<string, ExistingTopic>();
    if (present.length === 0) return found;
    const metadata = await admin.fetchTopicMetadata({ topics: present });
    for (const topic of metadata.topics) {
      found.set(topic.name, { partitions: topic.partitions.length, replicationFactor: topic.partitions[0]?.replicas.length ?? 0, configs: {} });
    }
    if (configNames.length > 0) {
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: present.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames })),
      });
      for (const resource of resources) {
        const topic = found.get(resource.resourceName);
        for (const entry of resource.configEntries) if (topic) topic.configs[entry.configName] = entry.configValue;
      }
    }
    return found;
  }

  async create(specs: TopicSpec[]): Promise<void> {
    const admin = await this.connected();
    await admin.createTopics({
      waitForLeaders: true,
      topics: specs.map((s) => ({
        topic: s.topic,
        // -1: the broker's num.partitions / default.replication.factor.
        numPartitions: s.partitions ?? -1,
        replicationFactor: s.replicationFactor ?? -1,
        configEntries: Object.entries(s.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  }

  async addPartitions(growth: PartitionGrowth[]): Promise<void> {
    const admin = await this.connected();
    await admin.createPartitions({ topicPartitions: growth.map((g) => ({ topic: g.topic, count: g.to })) });
    // The controller answers before the brokers' metadata shows the new partitions with leaders.
    const deadline = Date.now() + LEADER_WAIT_MS;
    while (Date.now() < deadline) {
      const { topics } = await admin.fetchTopicMetadata({ topics: growth.map((g) => g.topic) });
      const grown = growth.every((g) => {
        const partitions = topics.find((t) => t.name === g.topic)?.partitions ?? [];
        return partitions.length >= g.to && partitions.every((p) => p.leader >= 0);
      });
      if (grown) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin).disconnect();
  }

  private connected(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }
}

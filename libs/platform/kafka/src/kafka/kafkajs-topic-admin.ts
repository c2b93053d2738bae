import { ConfigResourceTypes, type Admin, type Kafka } from 'kafkajs';
import { waitForLeaders } from '../topics/leader-wait';
import type { TopicAdmin } from '../topics/topic-admin.port';
import type { ExistingTopic, PartitionGrowth, TopicSpec } from '../topics/topic-plan';

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
    // Our own wait, not kafkajs's waitForLeaders: that one fails on a broker that does not know the topic yet.
    await admin.createTopics({
      waitForLeaders: false,
      topics: specs.map((s) => ({
        topic: s.topic,
        // -1: the broker's num.partitions / default.replication.factor.
        numPartitions: s.partitions ?? -1,
        replicationFactor: s.replicationFactor ?? -1,
        configEntries: Object.entries(s.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    await waitForLeaders(new Map(specs.map((s) => [s.topic, s.partitions ?? 1])), (topics) => this.leadersOf(admin, topics));
  }

  async addPartitions(growth: PartitionGrowth[]): Promise<void> {
    const admin = await this.connected();
    await admin.createPartitions({ topicPartitions: growth.map((g) => ({ topic: g.topic, count: g.to })) });
    await waitForLeaders(new Map(growth.map((g) => [g.topic, g.to])), (topics) => this.leadersOf(admin, topics));
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin).disconnect();
  }

  private async leadersOf(admin: Admin, topics: string[]): Promise<Map<string, number[]>> {
    const metadata = await admin.fetchTopicMetadata({ topics });
    return new Map(metadata.topics.map((t) => [t.name, t.partitions.map((p) => p.leader)]));
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

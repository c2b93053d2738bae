import { Admin, ConfigResourceTypes, type BaseOptions } from '@platformatic/kafka';
import type { TopicAdmin } from '../topics/topic-admin.port';
import type { ExistingTopic, PartitionGrowth, TopicSpec } from '../topics/topic-plan';

const LEADER_WAIT_MS = 10_000;

/** TopicAdmin over a @platformatic/kafka admin client. */
export class PlatformaticTopicAdmin implements TopicAdmin {
  private readonly admin: Admin;

  constructor(base: BaseOptions) {
    this.admin = new Admin({ ...base, clientId: `${base.clientId}-topic-admin` });
  }

  async describe(topics: string[], configNames: string[]): Promise<Map<string, ExistingTopic>> {
    const listed = new Set(await this.admin.listTopics());
    const present = topics.filter((t) => listed.has(t));
    const found = new Map<string, ExistingTopic>();
    if (present.length === 0) return found;
    const metadata = await this.admin.metadata({ topics: present, forceUpdate: true });
    for (const [name, topic] of metadata.topics) {
      found.set(name, { partitions: topic.partitionsCount, replicationFactor: topic.partitions[0]?.replicas.length ?? 0, configs: {} });
    }
    if (configNames.length > 0) {
      const described = await this.admin.describeConfigs({
        resources: present.map((resourceName) => ({ resourceType: ConfigResourceTypes.TOPIC, resourceName, configurationKeys: configNames })),
      });
      for (const resource of described) {
        const topic = found.get(resource.resourceName);
        for (const config of resource.configs) if (topic) topic.configs[config.name] = config.value ?? undefined;
      }
    }
    return found;
  }

  async create(specs: TopicSpec[]): Promise<void> {
    // One request per topic: this client's configs apply to every topic of a request.
    for (const spec of specs) {
      await this.admin.createTopics({
        topics: [spec.topic],
        partitions: spec.partitions ?? -1,
        replicas: spec.replicationFactor ?? -1,
        configs: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
      });
    }
    await this.waitForLeaders(new Map(specs.map((s) => [s.topic, 1])));
  }

  async addPartitions(growth: PartitionGrowth[]): Promise<void> {
    await this.admin.createPartitions({ topics: growth.map((g) => ({ name: g.topic, count: g.to })) });
    await this.waitForLeaders(new Map(growth.map((g) => [g.topic, g.to])));
  }

  async close(): Promise<void> {
    await this.admin.close();
  }

  /**
   * As kafkajs's waitForLeaders: until each topic shows at least `count` partitions, each with a
   * leader, so a producer's first send does not race the election (bounded: the send retries anyway).
   */
  private async waitForLeaders(counts: Map<string, number>): Promise<void> {
    const deadline = Date.now() + LEADER_WAIT_MS;
    for (;;) {
      const metadata = await this.admin.metadata({ topics: [...counts.keys()], forceUpdate: true });
      const led = [...counts].every(([topic, count]) => {
        const partitions = metadata.topics.get(topic)?.partitions ?? [];
        return partitions.length >= count && partitions.every((p) => p.leader >= 0);
      });
      if (led || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

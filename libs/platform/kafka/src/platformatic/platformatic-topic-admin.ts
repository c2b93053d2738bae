import { Admin, ConfigResourceTypes, type BaseOptions } from '@platformatic/kafka';
import { waitForLeaders } from '../topics/leader-wait';
import type { TopicAdmin } from '../topics/topic-admin.port';
import type { ExistingTopic, PartitionGrowth, TopicSpec } from '../topics/topic-plan';

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
    await waitForLeaders(new Map(specs.map((s) => [s.topic, s.partitions ?? 1])), (topics) => this.leadersOf(topics));
  }

  async addPartitions(growth: PartitionGrowth[]): Promise<void> {
    await this.admin.createPartitions({ topics: growth.map((g) => ({ name: g.topic, count: g.to })) });
    await waitForLeaders(new Map(growth.map((g) => [g.topic, g.to])), (topics) => this.leadersOf(topics));
  }

  async close(): Promise<void> {
    await this.admin.close();
  }

  private async leadersOf(topics: string[]): Promise<Map<string, number[]>> {
    const metadata = await this.admin.metadata({ topics, forceUpdate: true });
    return new Map([...metadata.topics].map(([name, topic]) => [name, topic.partitions.map((p) => p.leader)]));
  }
}

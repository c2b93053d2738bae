import { AvroCodec, topicsFor, type Alert, type Topics } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import type { ConsumerSpec } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { collectTopic, createTopics, testKafkaClient, uniqueName, type TopicCollector } from '@quell/platform-testing';
import { deduperService } from '../deduper.service';

const codec = new AvroCodec();

/** One alert of a storm: same rule and host (so the same fingerprint), its own id and event time. */
export function stormAlert(id: string, lastSeen: number, fingerprint = 'fp-storm'): Alert {
  return {
    id, tenant: 'acme', rule: { id: 'r-brute', title: 'Failed logons', version: null, level: 'medium', author: null, tags: [] },
    kind: 'detection', entities: [{ type: 'host', value: 'fw-01' }], fingerprint, firstSeen: lastSeen, lastSeen,
    eventCount: 1, sampleEventIds: [], tactics: [], techniques: [], killChainPhase: null, explanation: null, details: {},
    suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
  };
}

/**
 * A deduper in this process over the real broker and a Redis server, with topics and groups of
 * its own, started and stopped as a pod would be; what it publishes is collected for assertions.
 */
export class DeduperRun {
  readonly topics: Topics;
  private readonly env: Record<string, string>;
  private running?: { service: ServiceApp; infra: SharedInfrastructure };
  private collectors: TopicCollector[] = [];
  unique?: TopicCollector;
  deadLetters?: TopicCollector;

  constructor(private readonly brokers: string[], redisUrl: string) {
    const prefix = uniqueName('dedup');
    this.topics = topicsFor(`${prefix}.`);
    this.env = {
      BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), TOPIC_PREFIX: `${prefix}.`, KAFKA_GROUP_PREFIX: `${prefix}-group`,
      REDIS_URL: redisUrl, LOG_LEVEL: 'warn', DELIVERY_MAX_ATTEMPTS: '3', DELIVERY_BACKOFF_MS: '50',
    };
  }

  async prepare(): Promise<void> {
    await createTopics(this.brokers, [this.topics.alertsScreened, this.topics.alertsUnique, this.topics.deadLetters], 1);
    this.unique = await collectTopic(this.brokers, this.topics.alertsUnique);
    this.deadLetters = await collectTopic(this.brokers, this.topics.deadLetters);
    this.collectors.push(this.unique, this.deadLetters);
  }

  async start(beforeCommit?: ConsumerSpec['beforeCommit']): Promise<void> {
    const config = loadConfig(deduperService.configSchema, this.env);
    const logger = createLogger({ service: 'deduper', level: config.LOG_LEVEL });
    const infra = await createSharedInfrastructure(config, deduperService.uses, logger);
    const service = await startServiceApp(deduperService, config, infra, { httpPort: 0, beforeCommit, logger });
    this.running = { service, infra };
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.service.close();
    await running?.infra.close();
  }

  async close(): Promise<void> {
    await this.stop();
    await Promise.all(this.collectors.map((collector) => collector.stop()));
  }

  /** The status of GET /health/ready. */
  async readiness(): Promise<number> {
    const address = this.running?.service.app.getHttpServer().address() as { port: number };
    return (await fetch(`http://127.0.0.1:${address.port}/health/ready`)).status;
  }

  async publish(alerts: Alert[]): Promise<void> {
    const producer = testKafkaClient(this.brokers, 'dedup-test-producer').producer();
    await producer.connect();
    try {
      for (let i = 0; i < alerts.length; i += 1000) {
        const chunk = alerts.slice(i, i + 1000);
        await producer.send({ topic: this.topics.alertsScreened, messages: chunk.map((a) => ({ key: a.fingerprint, value: codec.encode('Alert', a) })) });
      }
    } finally {
      await producer.disconnect();
    }
  }

  /** Every alert published to the unique topic so far, decoded, in order. */
  published(): Alert[] {
    return (this.unique?.messages ?? []).map((m) => codec.decode(m.value as Buffer, 'Alert') as Alert);
  }

  /** The highest dedup count published so far. */
  highestCount(): number {
    return this.published().reduce((max, alert) => Math.max(max, Number(alert.dedup?.count ?? 0)), 0);
  }
}

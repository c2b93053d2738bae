import { AvroCodec, topicsFor, type RawEvent, type Topics } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { collectTopic, requireKafkaBrokers, uniqueName, waitFor, type TopicCollector } from '@quell/platform-testing';
import { ingestConfigSchema, ingestService } from '@quell/service-ingest';

/** The acme and globex tenants' ingest keys. */
export const INGEST_KEYS = { acme: 'cli-replay-acme-key', globex: 'cli-replay-globex-key' };

/**
 * The real ingest service in this process over the real broker, with topics of its own, listening
 * on a free port; a collector on its raw topic shows what it wrote.
 */
export class IngestServer {
  readonly prefix = uniqueName('cli-replay');
  readonly topics: Topics = topicsFor(`${this.prefix}.`);
  readonly brokers = requireKafkaBrokers();
  private readonly codec = new AvroCodec();
  private service?: ServiceApp;
  private infra?: SharedInfrastructure;
  private raw?: TopicCollector;

  async start(): Promise<this> {
    const config = loadConfig(ingestConfigSchema, {
      BUS: 'kafka',
      KAFKA_BROKERS: this.brokers.join(','),
      TOPIC_PREFIX: `${this.prefix}.`,
      KAFKA_GROUP_PREFIX: `${this.prefix}-group`,
      LOG_LEVEL: 'warn',
      INGEST_API_KEYS: `acme:${INGEST_KEYS.acme},globex:${INGEST_KEYS.globex}`,
    });
    const logger = createLogger({ service: 'ingest', level: config.LOG_LEVEL });
    this.infra = await createSharedInfrastructure(config, ingestService.uses, logger);
    this.service = await startServiceApp(ingestService, config, this.infra, { httpPort: 0, logger });
    await this.service.transport.ready();
    this.raw = await collectTopic(this.brokers, this.topics.raw);
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.service!.app.getHttpServer().address() as { port: number }).port}`;
  }

  /** Waits for the raw events `match` picks until there are `count`, and returns them. */
  async waitForRaw(count: number, match: (raw: RawEvent) => boolean): Promise<RawEvent[]> {
    return waitFor(
      () => {
        const found = this.raw!.messages.map((m) => this.codec.decode(m.value!, 'RawEvent') as RawEvent).filter(match);
        return found.length >= count ? found : undefined;
      },
      { timeoutMs: 30_000, description: `${count} raw events` },
    );
  }

  async stop(): Promise<void> {
    await this.raw?.stop();
    await this.service?.close();
    await this.infra?.close();
  }
}

import { AvroCodec, topicsFor, type RawEvent, type Topics } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import type { EventBus } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { collectTopic, requireKafkaBrokers, uniqueName, waitFor, type TopicCollector } from '@quell/platform-testing';
import { ingestConfigSchema } from '../config';
import { ingestService } from '../ingest.service';

/**
 * The ingest service over the real broker, with its own topics, and a collector on its raw topic;
 * or over another bus (`BUS: 'memory'`, or one given), without the collector.
 */
export class IngestHarness {
  readonly prefix = uniqueName('ingest');
  readonly topics: Topics = topicsFor(`${this.prefix}.`);
  readonly brokers = requireKafkaBrokers();
  private readonly codec = new AvroCodec();
  service!: ServiceApp;
  private infra!: SharedInfrastructure;
  private raw?: TopicCollector;
  /** A bus handed in: the infrastructure leaves it open (it did not create it), so the harness closes it. */
  private givenBus?: EventBus;

  async start(env: Record<string, string>, options: { bus?: EventBus } = {}): Promise<this> {
    const config = loadConfig(ingestConfigSchema, {
      BUS: 'kafka',
      KAFKA_BROKERS: this.brokers.join(','),
      TOPIC_PREFIX: `${this.prefix}.`,
      KAFKA_GROUP_PREFIX: `${this.prefix}-group`,
      LOG_LEVEL: 'warn',
      DELIVERY_MAX_ATTEMPTS: '2',
      DELIVERY_BACKOFF_MS: '20',
      INGEST_API_KEYS: 'acme:acme-key,globex:globex-key',
      ...env,
    });
    const logger = createLogger({ service: 'ingest', level: config.LOG_LEVEL });
    this.givenBus = options.bus;
    this.infra = await createSharedInfrastructure(config, { ...ingestService.uses, bus: options.bus }, logger);
    this.service = await startServiceApp(ingestService, config, this.infra, { httpPort: 0, logger });
    await this.service.transport.ready();
    if (config.BUS === 'kafka' && !options.bus) this.raw = await collectTopic(this.brokers, this.topics.raw);
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.service.app.getHttpServer().address() as { port: number }).port}`;
  }

  /** RawEvents on the raw topic so far. */
  rawEvents(): RawEvent[] {
    if (!this.raw) throw new Error('the raw topic is collected only over the real broker');
    return this.raw.messages.map((m) => this.codec.decode(m.value!, 'RawEvent') as RawEvent);
  }

  /** RawEvents on the raw topic so far, with the partition and key each was written with. */
  rawRecords(): { partition: number; key: string | null; raw: RawEvent }[] {
    if (!this.raw) throw new Error('the raw topic is collected only over the real broker');
    return this.raw.messages.map((m) => ({ partition: m.partition, key: m.key?.toString() ?? null, raw: this.codec.decode(m.value!, 'RawEvent') as RawEvent }));
  }

  async waitForRaw(count: number, predicate: (raw: RawEvent) => boolean = () => true): Promise<RawEvent[]> {
    return waitFor(
      () => {
        const found = this.rawEvents().filter(predicate);
        return found.length >= count ? found : undefined;
      },
      { timeoutMs: 30_000, description: `${count} raw events` },
    );
  }

  async stop(): Promise<void> {
    await this.raw?.stop();
    await this.service?.close();
    await this.infra?.close();
    await this.givenBus?.close();
  }
}

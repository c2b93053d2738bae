import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AvroCodec, Topics } from '@quell/contracts';
import { EVENT_BUS, type ConsumerHandle, type EventBus, type InboundRecord, type TopicSubscription } from '@quell/platform-kafka';
import { HealthRegistry, METRICS, type PipelineMetrics } from '@quell/platform-observability';
import { CODEC, metricsObserver, registerConsumerChecks, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import type { IngestConfig } from '../config';
import { wrapShipperRecords } from '../shipper-records.handler';
import { explainMissingTopic } from './missing-topic.error';
import { shipperTopics } from './shipper-topics';

/**
 * Reads the shipper topics beyond the ingest role topic (the transport only knows fixed roles) with
 * one consumer of its own group, under the same delivery policy: outputs acknowledged before the
 * offsets are committed, poison to the dead-letter topic.
 */
@Injectable()
export class ExtraTopicsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private handle?: ConsumerHandle;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: IngestConfig,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(METRICS) private readonly metrics: PipelineMetrics,
    private readonly health: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { extra } = shipperTopics(this.config.INGEST_KAFKA_TOPICS, this.topics.ingest, this.config.INGEST_DEFAULT_TENANT);
    if (extra.length === 0) return;
    const subscriptions: TopicSubscription<Buffer>[] = extra.map((spec) => ({
      topic: String(spec.topic),
      pattern: spec.topic instanceof RegExp ? spec.topic : undefined,
      decode: (bytes) => bytes,
      handle: async (records: InboundRecord<Buffer>[]) =>
        wrapShipperRecords(records, { format: spec.format, tenant: spec.tenant, tenantFromHeader: false }, this.codec, this.topics.raw),
    }));
    this.handle = await this.bus
      .consume({
        groupId: `${this.config.KAFKA_GROUP_PREFIX}.ingest.shippers`,
        subscriptions: subscriptions as TopicSubscription<unknown>[],
        deadLetterTopic: this.topics.deadLetters,
        policy: { maxAttempts: this.config.DELIVERY_MAX_ATTEMPTS, backoffMs: this.config.DELIVERY_BACKOFF_MS, maxBackoffMs: 30_000 },
        observer: metricsObserver(this.metrics),
      })
      .catch((error: unknown) => {
        throw explainMissingTopic(error, extra);
      });
    // Its own group, outside the transport: readiness and liveness must cover it too.
    registerConsumerChecks(this.health, [this.handle]);
  }

  /** Resolves once the consumer has joined its group (at once when there are no extra topics). */
  async ready(): Promise<void> {
    await this.handle?.ready;
  }

  async onModuleDestroy(): Promise<void> {
    await this.handle?.stop();
    this.handle = undefined;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { AvroCodec, Incident, Topics } from '@quell/contracts';
import { notificationKey, webhookPayload } from '@quell/notify';
import { deadLetterFor, EVENT_BUS, type EventBus, type InboundRecord } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { CODEC, SERVICE_CONFIG, TOPICS } from '@quell/platform-service-kit';
import { DOCUMENT_STORE, StaleVersionError, type DocumentRef, type DocumentStore } from '@quell/platform-state';
import { RetryLadder, TimerService, type RetryFailure } from '@quell/platform-timers';
import type { NotifierConfig } from './config';
import { postWebhook, WebhookError } from './webhook.client';

/** WARNING: durable; the timer kind of webhook retries. Renaming it strands pending retries. */
export const WEBHOOK_RETRY_KIND = 'notifier.webhook-retry';

/** WARNING: durable (a pending retry's payload): one notification, with what its dead letter needs. */
interface WebhookJob {
  /** Idempotency key: the receiver's Idempotency-Key header and the delivery log's key. */
  key: string;
  incidentId: string;
  /** The incident's tenant: the delivery log's document lives under it. */
  tenant: string;
  event: 'incident.opened';
  body: unknown;
  /** The incident record, for the dead letter: where it was read, and its bytes (base64). */
  origin: Omit<InboundRecord<unknown>, 'value'>;
  value: string;
}

/**
 * Delivers one notification at most once in effect. The first call is made while the record is
 * handled; a call that fails for a reason that may pass (5xx, 429, timeout, network) becomes a
 * durable retry (NOTIFY_RETRY_DELAYS_MS) and the record is committed at once, so a slow or failing
 * receiver holds no partition. After the last retry, or at once on another 4xx, the incident goes
 * to the dead-letter topic with the reason. The delivery log, written after the receiver accepted
 * the call, makes a replayed record or a refired retry a no-op.
 */
@Injectable()
export class WebhookDelivery {
  private readonly ladder: RetryLadder<WebhookJob>;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: NotifierConfig,
    @Inject(DOCUMENT_STORE) private readonly deliveries: DocumentStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CODEC) private readonly codec: AvroCodec,
    @Inject(LOGGER) private readonly logger: Logger,
    timers: TimerService,
  ) {
    this.ladder = new RetryLadder<WebhookJob>(timers, {
      kind: WEBHOOK_RETRY_KIND,
      delaysMs: config.NOTIFY_RETRY_DELAYS_MS,
      attempt: (job, attempt) => this.attempt(job, attempt),
      deadLetter: (job, failure) => this.deadLetter(job, failure),
    });
  }

  /** Resolves once the notification is delivered, its retry is stored, or it is dead-lettered. */
  async deliver(record: InboundRecord<Incident>, event: 'incident.opened'): Promise<void> {
    const incident = record.value;
    const key = notificationKey(incident, event);
    // A pending retry owns this notification (a replayed record must not start its ladder over).
    if (await this.ladder.pending(retryKey(key))) return;
    const { topic, partition, offset, key: recordKey, headers, timestamp } = record;
    const job: WebhookJob = {
      key,
      incidentId: incident.id,
      tenant: incident.tenant,
      event,
      body: webhookPayload(incident, event),
      origin: { topic, partition, offset, key: recordKey, headers, timestamp },
      value: this.codec.encode('Incident', incident).toString('base64'),
    };
    const outcome = await this.ladder.run(retryKey(key), job, incident.tenant);
    if (outcome === 'retry-scheduled') this.logger.warn({ incidentId: incident.id, event }, 'webhook delivery failed, retry scheduled');
  }

  private async attempt(job: WebhookJob, attempt: number): Promise<void> {
    const logged = deliveryRef(job);
    if ((await this.deliveries.get(logged)) !== null) return;
    const url = this.config.NOTIFY_WEBHOOK_URL;
    const status = url ? await postWebhook(url, job.body, job.key, this.config.NOTIFY_TIMEOUT_MS) : 0;
    const entry = { at: Date.now(), status, channel: url ? 'webhook' : 'log', attempt };
    // Must not exist: a replica that logged the same delivery first already holds the entry, which is all this write wanted.
    await this.deliveries.put(logged, entry, { ifVersion: 0, ttlMs: this.config.NOTIFY_DELIVERY_LOG_TTL_MS }).catch((error: unknown) => {
      if (!(error instanceof StaleVersionError)) throw error;
    });
    this.logger.info({ incidentId: job.incidentId, event: job.event, status, attempt }, url ? 'incident delivered' : 'incident logged (no webhook configured)');
  }

  private async deadLetter(job: WebhookJob, failure: RetryFailure): Promise<void> {
    const letter = deadLetterFor(
      { ...job.origin, value: Buffer.from(job.value, 'base64') },
      { error: new WebhookError(failure.reason, failure.retriable), attempts: failure.attempts, stage: 'handle', groupId: `${this.config.KAFKA_GROUP_PREFIX}.notifier` },
      this.topics.deadLetters,
    );
    await this.bus.publish([letter]);
    this.logger.error({ incidentId: job.incidentId, event: job.event, attempts: failure.attempts, reason: failure.reason }, 'webhook delivery given up: incident sent to the dead-letter topic');
  }
}

/** WARNING: durable; the delivery log's document of a notification. Changing it repeats logged deliveries on a replay. */
function deliveryRef(job: WebhookJob): DocumentRef {
  return { tenant: job.tenant, key: `delivery:${job.key}` };
}

/** WARNING: durable; the timer key of a notification's retry. */
function retryKey(notificationKey: string): string {
  return `webhook:${notificationKey}`;
}

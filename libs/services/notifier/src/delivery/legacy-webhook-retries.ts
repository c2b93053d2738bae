import { Inject, Injectable } from '@nestjs/common';
import type { InboundRecord } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { SERVICE_CONFIG } from '@quell/platform-service-kit';
import { TimerService, type StoredTimer } from '@quell/platform-timers';
import type { NotifierConfig } from '../config';
import { LEGACY_WEBHOOK_CHANNEL } from '../routing/routing-source';
import { ChannelDelivery } from './channel-delivery.service';

/** WARNING: durable; the timer kind the notifier used for webhook retries before routing files. */
const LEGACY_RETRY_KIND = 'notifier.webhook-retry';

/** What such a timer holds (RetryLadder's state around the old WebhookJob). */
interface LegacyRetry {
  attempt: number;
  payload: { key: string; incidentId: string; tenant: string; body: unknown; origin: Omit<InboundRecord<unknown>, 'value'>; value: string };
}

/**
 * Retries pending from before the upgrade are handed to the delivery timers, under their old key
 * (so the old delivery log document still tells a delivered one), instead of being stranded.
 */
@Injectable()
export class LegacyWebhookRetries {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: NotifierConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly delivery: ChannelDelivery,
    timers: TimerService,
  ) {
    timers.register(LEGACY_RETRY_KIND, { fire: (timer) => this.adopt(timer), exhausted: (timer) => this.adopt(timer) });
  }

  private async adopt(timer: StoredTimer): Promise<void> {
    const { attempt, payload } = JSON.parse(timer.payload) as LegacyRetry;
    const url = this.config.NOTIFY_WEBHOOK_URL;
    if (!url) {
      this.logger.warn({ incidentId: payload.incidentId }, 'a webhook retry from before routing files, with NOTIFY_WEBHOOK_URL now unset: dropped');
      return;
    }
    const { key, incidentId, tenant, body, origin, value } = payload;
    const legacy = { url, body, idempotencyKey: key };
    await this.delivery.enqueue({ key, tenant, incidentId, transition: 'opened', transitionKey: key, channel: LEGACY_WEBHOOK_CHANNEL, message: null, legacy, attempt, origin, value }, Date.now());
  }
}

import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { Incident } from '@quell/contracts';
import { notificationFor, notificationKey, webhookPayload } from '@quell/notify';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { LOGGER, type Logger } from '@quell/platform-observability';
import { eachRecord, SERVICE_CONFIG, STATE_STORE, type StateStore } from '@quell/platform-service-kit';
import type { NotifierConfig } from './config';
import { postWebhook } from './webhook.client';

/**
 * Delivers each new incident once. The delivery log is written after the receiver accepted the
 * call; a crash in between repeats the call with the same Idempotency-Key, which receivers use to
 * drop the repeat. A delivery that keeps failing ends on the dead-letter topic, never dropped.
 */
@Controller()
export class IncidentsHandler {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: NotifierConfig,
    @Inject(STATE_STORE) private readonly deliveries: StateStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @ConsumeBatch('incidents')
  async handle(@Payload() records: InboundRecord<Incident>[]): Promise<OutboundRecord[]> {
    await eachRecord(records, async ({ value: incident }) => {
      const event = notificationFor(incident);
      if (!event) return;
      const key = notificationKey(incident, event);
      if ((await this.deliveries.get(`delivery:${key}`)) !== null) return;
      const url = this.config.NOTIFY_WEBHOOK_URL;
      const status = url ? await postWebhook(url, webhookPayload(incident, event), key, this.config.NOTIFY_TIMEOUT_MS) : 0;
      await this.deliveries.set(`delivery:${key}`, JSON.stringify({ at: Date.now(), status, channel: url ? 'webhook' : 'log' }));
      this.logger.info({ incidentId: incident.id, event, status }, url ? 'incident delivered' : 'incident logged (no webhook configured)');
    });
    return [];
  }
}

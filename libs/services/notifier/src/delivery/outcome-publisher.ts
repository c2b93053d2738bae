import { Inject, Injectable } from '@nestjs/common';
import { derivedId, type AvroCodec, type NotificationOutcome, type TicketReference, type Topics } from '@quell/contracts';
import { EVENT_BUS, type EventBus } from '@quell/platform-kafka';
import { CODEC, TOPICS } from '@quell/platform-service-kit';
import type { ChannelType } from '@quell/notify';
import type { DeliveryJob } from './delivery-job';

export interface OutcomeFacts {
  status: 'sent' | 'failed';
  channelType: ChannelType | 'legacy-webhook';
  attempts: number;
  httpStatus: number | null;
  error: string | null;
  /** The ticket the send created (Jira, ServiceNow). */
  ticket: TicketReference | null;
  at: number;
}

/**
 * Publishes what became of a delivery on the notifications topic, keyed by incident id (so one
 * incident's outcomes stay in order); the incident-manager records it on the incident. The id is
 * derived from the delivery key and the status, so a re-publish after a crash is the same outcome.
 */
@Injectable()
export class OutcomePublisher {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(TOPICS) private readonly topics: Topics,
    @Inject(CODEC) private readonly codec: AvroCodec,
  ) {}

  async publish(job: DeliveryJob, facts: OutcomeFacts): Promise<void> {
    const outcome: NotificationOutcome = {
      id: derivedId('notification-outcome', job.key, facts.status),
      tenant: job.tenant,
      incidentId: job.incidentId,
      transition: job.transition,
      transitionKey: job.transitionKey,
      channel: job.channel,
      channelType: facts.channelType,
      status: facts.status,
      attempts: facts.attempts,
      httpStatus: facts.httpStatus,
      error: facts.error,
      ticket: facts.ticket,
      at: facts.at,
    };
    await this.bus.publish([{ topic: this.topics.notifications, key: job.incidentId, value: this.codec.encodable('NotificationOutcome', outcome) }]);
  }
}

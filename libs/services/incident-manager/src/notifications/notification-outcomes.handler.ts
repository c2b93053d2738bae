import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { NotificationOutcome } from '@quell/contracts';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { eachRecord } from '@quell/platform-service-kit';
import { IncidentLifecycle } from '../lifecycle/incident-lifecycle.service';
import { actionsForOutcome } from './notification-outcome-actions';

/**
 * Puts what the notifier reports on the incident's timeline (the notifier never writes incidents):
 * each delivery outcome becomes a `notified` or `notification_failed` entry, and a created ticket
 * the incident's ticket reference, through the lifecycle (conditional write, then publish). An
 * outcome delivered again adds nothing; one for an incident this tenant does not have is
 * dead-lettered with the reason (IncidentNotFound is not retriable).
 */
@Controller()
export class NotificationOutcomesHandler {
  constructor(private readonly lifecycle: IncidentLifecycle) {}

  @ConsumeBatch('notifications')
  async handle(@Payload() records: InboundRecord<NotificationOutcome>[]): Promise<OutboundRecord[]> {
    await eachRecord(records, async ({ value: outcome }) => {
      for (const action of actionsForOutcome(outcome)) await this.lifecycle.act(outcome.tenant, outcome.incidentId, action);
    });
    return [];
  }
}

import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { NotificationOutcome } from '@quell/contracts';
import { ConsumeBatch, type InboundRecord, type OutboundRecord } from '@quell/platform-kafka';
import { IncidentLifecycle } from '../lifecycle/incident-lifecycle.service';
import { actionsForOutcome } from './notification-outcome-actions';

/**
 * Puts what the notifier reports on the incident's timeline (the notifier never writes incidents):
 * each delivery outcome becomes a `notified` or `notification_failed` entry, and a created ticket
 * the incident's ticket reference, through the lifecycle (a conditional write per incident for the
 * batch, then a publish). An outcome delivered again adds nothing; one for an incident this tenant
 * does not have is dead-lettered with the reason (IncidentNotFound is not retriable).
 */
@Controller()
export class NotificationOutcomesHandler {
  constructor(private readonly lifecycle: IncidentLifecycle) {}

  @ConsumeBatch('notifications')
  async handle(@Payload() records: InboundRecord<NotificationOutcome>[]): Promise<OutboundRecord[]> {
    const results = await this.lifecycle.actOnEach(records.map(({ value: outcome }) => ({ tenant: outcome.tenant, id: outcome.incidentId, actions: actionsForOutcome(outcome) })));
    // A refused outcome fails the batch; the delivery policy then takes its records one at a time and
    // dead-letters that one with its reason (the others' entries are on already and add nothing twice).
    const refused = results.find((result) => result instanceof Error);
    if (refused) throw refused;
    return [];
  }
}

import type { NotificationOutcome } from '@quell/contracts';
import { TIMELINE_ACTIONS, type IncidentAction } from '@quell/incidents';

/** Who the timeline says recorded a notification. */
export const NOTIFIER_ACTOR = 'system:notifier';

/**
 * The timeline entries a delivery outcome makes: `notified` or `notification_failed`, and
 * `ticket_linked` when the delivery created a ticket. The detail names the transition key, so the
 * same outcome delivered twice is one entry (the lifecycle skips an entry the timeline holds) and
 * two escalation steps to the same channel are two.
 */
export function actionsForOutcome(outcome: NotificationOutcome): IncidentAction[] {
  const via = `${outcome.transition} to ${outcome.channel} (${outcome.channelType})`;
  const actions: IncidentAction[] = [
    outcome.status === 'sent'
      ? { type: 'record', actor: NOTIFIER_ACTOR, action: TIMELINE_ACTIONS.notified, detail: `${via}, attempt ${outcome.attempts}${httpOf(outcome)} [${outcome.transitionKey}]` }
      : {
          type: 'record',
          actor: NOTIFIER_ACTOR,
          action: TIMELINE_ACTIONS.notificationFailed,
          detail: `${via} failed after ${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}: ${outcome.error ?? 'no reason given'} [${outcome.transitionKey}]`,
        },
  ];
  if (outcome.ticket) actions.push({ type: 'link_ticket', actor: NOTIFIER_ACTOR, provider: outcome.ticket.provider, ref: outcome.ticket.ref });
  return actions;
}

function httpOf(outcome: NotificationOutcome): string {
  return outcome.httpStatus === null ? '' : `, HTTP ${outcome.httpStatus}`;
}

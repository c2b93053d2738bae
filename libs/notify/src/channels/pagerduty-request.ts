import { entityLine, ruleCreditLine, truncate, type IncidentTransition, type NotificationMessage } from '../notification-message';
import { jsonRequest, type ChannelRequest } from './channel-request';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255 } as const;
export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';
export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

/** Quell's five levels onto PagerDuty's four; informational and low both page as info. */
const SEVERITY: Record<string, PagerDutySeverity> = { critical: 'critical', high: 'error', medium: 'warning', low: 'info', informational: 'info' };

/** Re-triggering with the same dedup key updates the open PagerDuty alert, so every raise is a trigger. */
const ACTION: Record<IncidentTransition, PagerDutyAction> = {
  opened: 'trigger', priority_raised: 'trigger', escalated: 'trigger', acknowledged: 'acknowledge', resolved: 'resolve',
};

export interface PagerDutyTarget {
  /** The Events API v2 integration key (32 characters), from the environment. */
  routingKey: string;
  /** Only tests change it (a loopback receiver); defaults to PagerDuty's documented endpoint. */
  url?: string;
}

/** One Events API v2 event; acknowledge and resolve carry only the key, the action and the dedup key, as documented. */
export function pagerDutyRequest(message: NotificationMessage, target: PagerDutyTarget): ChannelRequest {
  if (!/^[A-Za-z0-9]{32}$/.test(target.routingKey)) throw new Error('the PagerDuty routing key must be the 32-character integration key');
  if (message.dedupKey.length > PAGERDUTY_LIMITS.dedupKey) throw new Error(`dedup key of incident ${message.incidentId} is over 255 characters`);
  const action = ACTION[message.transition];
  const common = { routing_key: target.routingKey, event_action: action, dedup_key: message.dedupKey };
  if (action !== 'trigger') return jsonRequest(target.url ?? PAGERDUTY_EVENTS_URL, common);
  const host = message.entities.find((entity) => entity.type === 'host')?.value;
  return jsonRequest(target.url ?? PAGERDUTY_EVENTS_URL, {
    ...common,
    payload: {
      summary: truncate(`P${message.priority} ${message.title} — ${entityLine(message.entities)}`, PAGERDUTY_LIMITS.summary),
      source: host ?? message.entities[0]?.value ?? 'quell',
      severity: SEVERITY[message.severity] ?? 'info',
      timestamp: message.lastSeen,
      component: message.entities[0] ? `${message.entities[0].type} ${message.entities[0].value}` : undefined,
      group: message.tenant,
      class: message.rules[0]?.title ?? 'incident',
      custom_details: {
        priority: `P${message.priority}`,
        why: message.priorityReason,
        factors: message.priorityFactors,
        related_changes: message.relatedChanges,
        status: message.status,
        rules: message.rules.map(ruleCreditLine),
        entities: message.entities.map((entity) => `${entity.type} ${entity.value}`),
        alerts: message.alertCount,
        first_seen: message.firstSeen,
      },
    },
    client: 'Quell',
    client_url: message.url,
    links: [{ href: message.url, text: 'Open the incident in Quell' }],
  });
}

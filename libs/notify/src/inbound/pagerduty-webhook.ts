import { parseJsonObject } from '../channels/channel-request';
import { actorOf, incidentOfDedupKey, InboundPayloadError, type InboundParse } from './inbound-action';

const ACTIONS: Record<string, 'acknowledge' | 'resolve'> = { 'incident.acknowledged': 'acknowledge', 'incident.resolved': 'resolve' };

/**
 * A PagerDuty webhook v3 event (developer.pagerduty.com/docs/webhooks/v3-overview/):
 * `{ event: { event_type, agent: { summary }, data: { incident_key, … } } }`. The incident_key is
 * the dedup key Quell triggered with, so it names the Quell incident; acknowledged and resolved
 * act, every other event type is ignored.
 */
export function parsePagerDutyWebhook(rawBody: string): InboundParse {
  const body = parseJsonObject(rawBody);
  if (!body) throw new InboundPayloadError('the PagerDuty webhook body is not a JSON object');
  const event = body['event'] as Record<string, unknown> | undefined;
  if (!event || typeof event !== 'object') throw new InboundPayloadError('a PagerDuty webhook v3 body has an event object');
  const action = ACTIONS[String(event['event_type'])];
  if (!action) return { ignored: `PagerDuty event ${String(event['event_type'])} asks nothing of Quell` };
  const data = (event['data'] ?? {}) as Record<string, unknown>;
  const incident = incidentOfDedupKey(data['incident_key']);
  if (!incident) throw new InboundPayloadError('the PagerDuty incident names no Quell incident (its incident_key is not a Quell dedup key)');
  const agent = (event['agent'] ?? {}) as Record<string, unknown>;
  return { ...incident, action, actor: actorOf('pagerduty', agent['summary'] ?? agent['id']) };
}

import { signWebhookPayload } from '@quell/calendar';
import type { NotificationMessage } from '../notification-message';
import { jsonRequest, type ChannelRequest } from './channel-request';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, Stripe's scheme, which the receiver verifies. */
export const QUELL_SIGNATURE_HEADER = 'X-Quell-Signature';
/** The same value for every retry of one notification, so the receiver can drop a repeat. */
export const QUELL_DELIVERY_HEADER = 'X-Quell-Delivery';

/** The fields a webhook template may pick; the body carries all of them when none are picked. */
export const WEBHOOK_FIELDS = [
  'transition', 'incidentId', 'tenant', 'title', 'status', 'severity', 'priority', 'priorityReason',
  'priorityFactors', 'relatedChanges', 'rules', 'entities', 'alertCount', 'firstSeen', 'lastSeen', 'url',
] as const satisfies readonly (keyof NotificationMessage)[];
export type WebhookField = (typeof WEBHOOK_FIELDS)[number];

export interface GenericWebhookTarget {
  url: string;
  /** From the environment, never from the routing file. */
  secret: string;
  /** The template: which fields the body carries, in this order. */
  fields?: readonly WebhookField[];
}

export function genericWebhookRequest(message: NotificationMessage, target: GenericWebhookTarget, nowMs: number): ChannelRequest {
  if (!target.secret) throw new Error('the generic webhook needs a signing secret');
  const unknown = (target.fields ?? []).filter((field) => !(WEBHOOK_FIELDS as readonly string[]).includes(field));
  if (unknown.length > 0) throw new Error(`unknown webhook field(s) ${unknown.join(', ')}; known: ${WEBHOOK_FIELDS.join(', ')}`);
  const fields = target.fields?.length ? target.fields : WEBHOOK_FIELDS;
  const payload = { event: `incident.${message.transition}`, ...Object.fromEntries(fields.map((field) => [field, message[field]])) };
  const request = jsonRequest(target.url, payload);
  const signature = signWebhookPayload(request.body, target.secret, Math.floor(nowMs / 1000));
  return { ...request, headers: { ...request.headers, [QUELL_SIGNATURE_HEADER]: signature, [QUELL_DELIVERY_HEADER]: deliveryId(message) } };
}

/** One per transition (receiver-side dedup): the transition's key when the notifier gave it, else incident and transition. */
function deliveryId(message: NotificationMessage): string {
  return message.transitionKey ? `quell/${message.tenant}/${message.transitionKey}` : `${message.dedupKey}/${message.transition}`;
}

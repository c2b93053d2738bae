import type { IncidentTransition, NotificationMessage } from '@quell/notify';
import type { InboundRecord } from '@quell/platform-kafka';

/**
 * WARNING: durable (a pending delivery timer's payload): one transition for one channel, with what
 * its dead letter needs. Add optional fields only.
 */
export interface DeliveryJob {
  /** `<transition key>|<channel>`: the delivery log's key, the receiver's idempotency key. */
  key: string;
  tenant: string;
  incidentId: string;
  transition: IncidentTransition;
  transitionKey: string;
  channel: string;
  /** What the channel is told; the request is built at send time (signatures carry the time). */
  message: NotificationMessage | null;
  /** The NOTIFY_WEBHOOK_URL-only channel: its pre-routing JSON body and idempotency key. */
  legacy?: { url: string; body: unknown; idempotencyKey: string };
  /** The attempt the next send makes (1 = the first). */
  attempt: number;
  /** When the channel first asked to wait (429, Retry-After): such waits spend no attempt until NOTIFY_RATE_LIMITED_DEADLINE_MS after it. */
  askedToWaitSince?: number;
  /** The incident record that led here: where it was read, and its bytes (base64), for the dead letter. */
  origin: Omit<InboundRecord<unknown>, 'value'>;
  value: string;
}

/** WARNING: durable; the delivery key of a transition on a channel. Changing it sends logged deliveries again. */
export function deliveryKey(transitionKey: string, channel: string): string {
  return `${transitionKey}|${channel}`;
}

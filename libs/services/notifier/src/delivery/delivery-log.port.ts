/** One attempt to deliver a transition on a channel, as the delivery log keeps it. */
export interface DeliveryAttempt {
  tenant: string;
  incidentId: string;
  transition: string;
  transitionKey: string;
  channel: string;
  attempt: number;
  /** sent, retry (failed, retry scheduled), failed (given up), rate_limited, deferred (quiet hours), suppressed (quiet hours). */
  status: 'sent' | 'retry' | 'failed' | 'rate_limited' | 'deferred' | 'suppressed';
  httpStatus: number | null;
  error: string | null;
  at: number;
}

export const DELIVERY_LOG = Symbol('DELIVERY_LOG');

/** Where attempts are written for operators (ClickHouse, batched); never on the delivery's path. */
export interface DeliveryLog {
  record(attempt: DeliveryAttempt): void;
}

/** One attempt to deliver an incident transition on a channel, as the delivery log keeps it. */
export interface DeliveryAttempt {
  tenant: string;
  incidentId: string;
  transition: string;
  transitionKey: string;
  channel: string;
  /** 1 for the first send; 0 for a routing decision (deferred, suppressed). */
  attempt: number;
  /** sent, retry (failed, retry scheduled), failed (given up), rate_limited, deferred or suppressed (quiet hours). */
  status: 'sent' | 'retry' | 'failed' | 'rate_limited' | 'deferred' | 'suppressed';
  httpStatus: number | null;
  error: string | null;
  at: number;
}

export const DELIVERY_LOG = Symbol('DELIVERY_LOG');

/** Where attempts are kept for operators; never on a delivery's path (recording does not wait). */
export interface DeliveryLog {
  record(attempt: DeliveryAttempt): void;
  /** Writes what is buffered; resolves once it is stored. */
  flush(): Promise<void>;
}

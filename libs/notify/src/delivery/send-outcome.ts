/** What one send of a ChannelRequest came to; the notifier retries, dead-letters or logs from it. */
export type SendOutcome =
  | { ok: true; status: number; body: string }
  | { ok: false; status: number | null; reason: string; retriable: boolean; retryAfterMs: number | null };

/**
 * Worth retrying: no answer (network, timeout), 408, 425, 429 and 5xx. Any other 4xx says the
 * request or the channel's configuration is wrong, and repeating it cannot help.
 */
export function isRetriableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408 || status === 425;
}

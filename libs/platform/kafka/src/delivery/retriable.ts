/**
 * An error is retried unless it says otherwise (`retriable: false`, as kafkajs and Quell's own
 * errors do): infrastructure errors (a broker or database briefly away) are the common case, and a
 * bounded number of retries costs little for the rest.
 */
export function isRetriable(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && 'retriable' in error) {
    return (error as { retriable: unknown }).retriable !== false;
  }
  return true;
}

/** An error that retrying cannot fix: the record goes straight to the dead-letter topic. */
export class PermanentError extends Error {
  readonly retriable = false;
}

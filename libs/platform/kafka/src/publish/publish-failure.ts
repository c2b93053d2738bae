/** A publish the broker or the client refused for now (broker away, no leader, retries spent): retry later. */
export class PublishFailedError extends Error {
  readonly retriable = true;
  /** A broker away: a handler that publishes waits it out (see isDependencyUnavailable). */
  readonly dependencyUnavailable = true;

  constructor(cause: unknown) {
    super(`publish failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PublishFailedError';
  }
}

/** The broker refused a batch as too large: the same send fails again, whatever the wait. */
export class BatchTooLargeError extends Error {
  readonly retriable = false;

  constructor(maxRequestBytes: number, cause: unknown) {
    super(
      `the broker refused a batch under ${maxRequestBytes} bytes as too large: lower KAFKA_MAX_REQUEST_BYTES below the topics' max.message.bytes`,
      { cause },
    );
    this.name = 'BatchTooLargeError';
  }
}

const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/**
 * What a failed send means to the caller. kafkajs marks an exhausted retry as not retriable
 * (KafkaJSNumberOfRetriesExceeded), but for a publisher a broker away is the textbook retriable
 * failure; only a batch the broker refuses for its size is not.
 */
export function publishFailure(error: unknown, maxRequestBytes: number): Error {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if (TOO_LARGE.has((cause as { type?: string }).type ?? '')) return new BatchTooLargeError(maxRequestBytes, error);
  }
  return new PublishFailedError(error);
}

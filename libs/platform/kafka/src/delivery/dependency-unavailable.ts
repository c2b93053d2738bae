/**
 * A store, database or broker the handler needs is away (stopped, paused, unreachable). The record
 * is not at fault: dead-lettering it would lose good data to an outage, so the delivery policy
 * keeps retrying the batch (the partition waits, readiness shows the consumer waiting) until the
 * dependency answers again or the consumer stops.
 */
export class DependencyUnavailableError extends Error {
  readonly retriable = true;
  readonly dependencyUnavailable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DependencyUnavailableError';
  }
}

// Socket errors of a peer that is down or unreachable (Node's codes, as ioredis, the ClickHouse
// HTTP client and kafkajs report them).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// ioredis: a command cut by commandTimeout (a paused server), or given up after its reconnects.
const REDIS_OUTAGE = /^(Command timed out|Connection is closed\.?|Reached the max retries per request limit)/;

/** True when the error, or one of its causes, says a dependency is away rather than the record bad. */
export function isDependencyUnavailable(error: unknown): boolean {
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 10; cause = cause.cause, depth += 1) {
    const marked = cause as Error & { dependencyUnavailable?: unknown; code?: unknown };
    if (marked.dependencyUnavailable === true) return true;
    if (typeof marked.code === 'string' && NETWORK_CODES.has(marked.code)) return true;
    if (marked.name === 'MaxRetriesPerRequestError' || REDIS_OUTAGE.test(marked.message)) return true;
  }
  return false;
}

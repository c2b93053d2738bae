import type { RetryOptions } from 'kafkajs';

/** A publish that did not complete in time (broker away, no leader): the caller may retry later. */
export class PublishTimeoutError extends Error {
  readonly retriable = true;
  /** A broker away: a handler that publishes waits it out (see isDependencyUnavailable). */
  readonly dependencyUnavailable = true;

  constructor(readonly timeoutMs: number) {
    super(`publish not acknowledged within ${timeoutMs} ms`);
    this.name = 'PublishTimeoutError';
  }
}

const INITIAL_RETRY_MS = 100;

/**
 * kafkajs producer retries that give up within about half the publish timeout, so the send
 * itself stops (not only the caller's wait): retries 100, 200, 400… ms (±20 %), as many as fit.
 * The default (8 retries from 200 ms) keeps a send alive for about a minute of broker outage.
 */
export function producerRetryFor(timeoutMs: number): RetryOptions {
  const budget = timeoutMs / 2;
  let retries = 0;
  let spent = 0;
  for (let delay = INITIAL_RETRY_MS; spent + delay * 1.2 <= budget; delay *= 2) {
    spent += delay * 1.2;
    retries += 1;
  }
  return { initialRetryTime: INITIAL_RETRY_MS, retries: Math.max(1, retries), maxRetryTime: Math.max(INITIAL_RETRY_MS, budget) };
}

/** Settles with `work` or rejects with PublishTimeoutError after `timeoutMs`, whichever is first. */
export async function withinTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PublishTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

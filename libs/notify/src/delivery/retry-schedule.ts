/** How failed sends are retried: the configured ladder, each step stretched by up to `jitter`. */
export interface RetrySchedule {
  /** Delay before retry n (index n - 1), e.g. 30 s, 2 min, 10 min; the list's length bounds the retries. */
  delaysMs: readonly number[];
  /** 0.2 waits 100–120 % of a step, so the receivers that failed together do not retry together. */
  jitter: number;
  /** The longest Retry-After honoured; a longer one counts as this. */
  maxRetryAfterMs: number;
}

/**
 * The delay before the retry after failed attempt `attempt` (1-based), or null when the ladder is
 * done. A receiver's Retry-After (429, 503) is honoured when it asks for longer than the step:
 * sending earlier would only be refused again.
 */
export function retryDelay(schedule: RetrySchedule, attempt: number, retryAfterMs: number | null, random: () => number = Math.random): number | null {
  const step = schedule.delaysMs[attempt - 1];
  if (step === undefined) return null;
  const jittered = Math.round(step * (1 + schedule.jitter * random()));
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, schedule.maxRetryAfterMs));
}

/** The shortest wait a receiver is granted, so a `Retry-After: 0` does not turn into a busy loop. */
const MIN_ASKED_WAIT_MS = 1_000;

/**
 * The wait before sending again to a receiver that asked to wait (a 429, or Retry-After on another
 * retriable answer), which spends no attempt: being rate limited is not failing, and counting it
 * would dead-letter what the receiver would take a moment later. Null when the answer did not ask,
 * or when `waitedMs` since the first such answer reached `deadlineMs`: from then on it counts as a
 * failed attempt, so a receiver that never stops asking still ends on the ladder. Without
 * Retry-After, the ladder's first step.
 */
export function askedWaitMs(
  schedule: RetrySchedule,
  answer: { status: number | null; retriable: boolean; retryAfterMs: number | null },
  waitedMs: number,
  deadlineMs: number,
  random: () => number = Math.random,
): number | null {
  if (!answer.retriable || (answer.status !== 429 && answer.retryAfterMs === null) || waitedMs >= deadlineMs) return null;
  const asked = answer.retryAfterMs ?? Math.round((schedule.delaysMs[0] ?? 0) * (1 + schedule.jitter * random()));
  return Math.max(MIN_ASKED_WAIT_MS, Math.min(asked, schedule.maxRetryAfterMs));
}

/**
 * A Retry-After header in ms from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null
 * when absent or unreadable. A date in the past means at once (0).
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  const text = header?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

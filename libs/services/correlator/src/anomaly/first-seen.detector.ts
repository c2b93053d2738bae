import { FirstSeenEvaluator, type FirstSeenOptions, type FirstSeenRule, type PairHistory } from '@quell/anomaly';
import type { Alert, Event } from '@quell/contracts';

/** What stage 1 calls per batch of events: the first-seen alerts the batch raises. */
export type FirstSeenDetector = (events: Event[]) => Promise<Alert[]>;

export const FIRST_SEEN_DETECTOR = Symbol('FIRST_SEEN_DETECTOR');

/**
 * One history query per batch at most (none when every pair is cached). A query failure rejects
 * the promise, so the caller's delivery policy retries the batch; the alert ids are deterministic,
 * so a retried batch repeats the same alerts rather than new ones. Given a function, the rules are
 * read per batch: a reload that changes them starts a new evaluator (and an empty pair cache).
 */
export function createFirstSeenDetector(
  rules: readonly FirstSeenRule[] | (() => readonly FirstSeenRule[]),
  history: PairHistory,
  options: FirstSeenOptions = {},
): FirstSeenDetector {
  const current = typeof rules === 'function' ? rules : () => rules;
  let built = current();
  let evaluator = new FirstSeenEvaluator(built, history, options);
  return (events) => {
    const now = current();
    if (now !== built) {
      built = now;
      evaluator = new FirstSeenEvaluator(now, history, options);
    }
    return evaluator.evaluate(events);
  };
}

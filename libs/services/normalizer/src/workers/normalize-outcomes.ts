import type { Event, RawEvent } from '@quell/contracts';
import { NormalizeError, normalizeRecord } from '@quell/normalize';
import type { NormalizeFailure, NormalizeOutcome } from './normalize-protocol';

/** Each record normalized, or why it could not be: the same on a worker and on the main thread. */
export function normalizeOutcomes(raws: readonly RawEvent[], now: number): NormalizeOutcome[] {
  return raws.map((raw) => {
    try {
      return { event: normalizeRecord(raw, now) };
    } catch (error) {
      return { failure: failureOf(error) };
    }
  });
}

function failureOf(error: unknown): NormalizeFailure {
  const retriable = !(typeof error === 'object' && error !== null && 'retriable' in error && error.retriable === false);
  return { message: error instanceof Error ? error.message : String(error), retriable };
}

/** The Event, or the error the inline path would have thrown for this record. */
export function eventOf(outcome: NormalizeOutcome): Event {
  if ('event' in outcome) return outcome.event;
  const { message, retriable } = outcome.failure;
  // A NormalizeError is permanent: the delivery policy dead-letters this record alone.
  throw retriable ? new Error(message) : new NormalizeError(message);
}

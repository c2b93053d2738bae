import { backOff } from 'exponential-backoff';
import { encodeRecords, isEncodable, type DeliveredRecord, type InboundRecord, type OutboundRecord, type OutboundValue } from '../bus/message';
import type { TopicSubscription } from '../bus/event-bus.port';
import { DEAD_LETTER_HEADERS, deadLetterFor, type DeadLetterCause } from './dead-letter';
import { isRetriable, PermanentError } from './retriable';
import { isDependencyUnavailable } from './dependency-unavailable';

export interface DeliveryPolicy {
  /** Attempts per record (or batch) for retriable errors, first attempt included. */
  maxAttempts: number;
  /** First backoff delay; doubles each attempt, with full jitter, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 5, backoffMs: 200, maxBackoffMs: 5_000 };

export interface BatchOutcome {
  outputs: OutboundRecord[];
  deadLetters: OutboundRecord[];
  /** Records that reached the handler and succeeded. */
  handled: number;
  /** Undecodable records left to another group's dead letter (TopicSubscription.skipUndecodable). */
  skipped?: { record: DeliveredRecord; error: unknown }[];
}

interface Attempted {
  outputs?: OutboundRecord[];
  error?: unknown;
  attempts: number;
}

/** Pause between two rounds of attempts while a dependency is away. */
const OUTAGE_ROUND_PAUSE_MS = 5_000;

/**
 * Attempts under the policy; while the failure is a dependency outage (not the records' fault),
 * round after round until it ends or `keepWaiting` says the consumer is stopping.
 */
async function attempt<T>(
  handle: (records: InboundRecord<T>[]) => Promise<OutboundRecord[]>,
  records: InboundRecord<T>[],
  policy: DeliveryPolicy,
  onRetry: (error: unknown, attempt: number) => void,
  keepWaiting: () => boolean,
): Promise<Attempted> {
  let attempts = 0;
  for (;;) {
    const round = await attemptRound(handle, records, policy, onRetry);
    attempts += round.attempts;
    if (round.outputs || !isDependencyUnavailable(round.error) || !keepWaiting()) return { ...round, attempts };
    onRetry(round.error, attempts + 1);
    await new Promise((resolve) => setTimeout(resolve, Math.min(policy.maxBackoffMs, OUTAGE_ROUND_PAUSE_MS)));
    if (!keepWaiting()) return { ...round, attempts };
  }
}

async function attemptRound<T>(
  handle: (records: InboundRecord<T>[]) => Promise<OutboundRecord[]>,
  records: InboundRecord<T>[],
  policy: DeliveryPolicy,
  onRetry: (error: unknown, attempt: number) => void,
): Promise<Attempted> {
  let attempts = 0;
  try {
    const outputs = await backOff(
      () => {
        attempts += 1;
        return handle(records);
      },
      {
        numOfAttempts: policy.maxAttempts,
        startingDelay: policy.backoffMs,
        maxDelay: policy.maxBackoffMs,
        jitter: 'full',
        retry: (error: unknown, next: number) => {
          if (!isRetriable(error)) return false;
          onRetry(error, next);
          return true;
        },
      },
    );
    return { outputs, attempts };
  } catch (error) {
    return { error, attempts };
  }
}

/**
 * Runs one fetched batch of one topic partition through a subscription.
 *
 * Undecodable records are dead-lettered at once. The rest go to the handler as one batch, retried
 * with backoff while the error is retriable. If the batch still fails, each record is retried on
 * its own so that one poison record cannot take its neighbours down with it; a record that fails
 * alone is dead-lettered. Either way the partition moves on: the caller commits past the batch.
 * A dependency outage (isDependencyUnavailable) is never the record's fault: it is retried for as
 * long as it lasts, and never dead-lettered.
 */
export async function processBatch<T>(
  raw: DeliveredRecord[],
  subscription: TopicSubscription<T>,
  policy: DeliveryPolicy,
  context: {
    groupId: string;
    deadLetterTopic: string;
    onRetry?: (error: unknown, attempt: number) => void;
    /** False once the consumer is stopping or lost the partition: an outage then aborts the batch. */
    keepWaiting?: () => boolean;
    /**
     * What the handler's outputs become before they count as handled (default: encoded, as a bus
     * that crosses a process needs them). Runs inside each attempt, so an output that breaks its
     * contract fails the record that produced it, which is dead-lettered as the handler's bug.
     */
    prepareOutputs?: (outputs: OutboundRecord[]) => OutboundRecord[];
  },
): Promise<BatchOutcome> {
  const deadLetters: OutboundRecord[] = [];
  const skipped: { record: DeliveredRecord; error: unknown }[] = [];
  const decoded: { raw: DeliveredRecord; record: InboundRecord<T> }[] = [];
  const letter = (record: DeliveredRecord, cause: DeadLetterCause, value?: T) => {
    if (cause.stage === 'decode' && subscription.skipUndecodable) {
      skipped.push({ record, error: cause.error });
      return;
    }
    const source = value === undefined ? record : unwrappedRecord(record, value, subscription);
    deadLetters.push(deadLetterFor(source, { ...cause, groupId: context.groupId }, context.deadLetterTopic));
  };

  for (const record of raw) {
    try {
      if (record.value === null) throw new PermanentError('record has no value (tombstone)');
      if (subscription.wants && !wanted(record.value, subscription.wants)) continue;
      // A value handed over in one process is the producer's object: no bytes to decode.
      const value = isEncodable(record.value) ? (record.value.object as T) : subscription.decode(record.value);
      const key = typeof record.key === 'string' ? record.key : (record.key?.toString() ?? null);
      decoded.push({ raw: record, record: { ...record, key, value } });
    } catch (error) {
      letter(record, { error, attempts: 0, stage: 'decode' });
    }
  }
  if (decoded.length === 0) return { outputs: [], deadLetters, handled: 0, skipped };

  const onRetry = context.onRetry ?? (() => undefined);
  const keepWaiting = context.keepWaiting ?? (() => true);
  const prepare = context.prepareOutputs ?? encodeRecords;
  const handle = async (records: InboundRecord<T>[]) => prepare(await subscription.handle(records));
  const whole = await attempt(handle, decoded.map((d) => d.record), policy, onRetry, keepWaiting);
  if (whole.outputs) return { outputs: whole.outputs, deadLetters, handled: decoded.length, skipped };
  // Still an outage, and the consumer is stopping: nothing is dead-lettered or committed; the
  // batch is redone by whoever owns the partition next.
  if (isDependencyUnavailable(whole.error)) throw whole.error;

  if (decoded.length === 1) {
    letter(decoded[0].raw, { error: whole.error, attempts: whole.attempts, stage: 'handle' }, decoded[0].record.value);
    return { outputs: [], deadLetters, handled: 0, skipped };
  }

  const outputs: OutboundRecord[] = [];
  let handled = 0;
  for (const { raw: rawRecord, record } of decoded) {
    const single = await attempt(handle, [record], policy, onRetry, keepWaiting);
    if (!single.outputs && isDependencyUnavailable(single.error)) throw single.error;
    if (single.outputs) {
      outputs.push(...single.outputs);
      handled += 1;
    } else {
      letter(rawRecord, { error: single.error, attempts: whole.attempts + single.attempts, stage: 'handle' }, record.value);
    }
  }
  return { outputs, deadLetters, handled, skipped };
}

function wanted(value: OutboundValue, wants: NonNullable<TopicSubscription<unknown>['wants']>): boolean {
  return isEncodable(value) ? wants.object(value.object) : wants.bytes(value);
}

/**
 * The record as its dead letter carries it: the subscription's payload instead of the envelope and,
 * when that payload came from another topic, that topic's position as the origin.
 */
function unwrappedRecord<T>(record: DeliveredRecord, value: T, subscription: TopicSubscription<T>): DeliveredRecord {
  const unwrapped = subscription.deadLetterValue?.(value);
  if (!unwrapped) return record;
  const headers = { ...record.headers, ...subscription.deadLetterHeaders?.(value), [DEAD_LETTER_HEADERS.unwrapped]: 'true' };
  const origin = subscription.deadLetterOrigin?.(value);
  if (!origin) return { ...record, value: unwrapped, headers };
  return {
    ...record,
    ...origin,
    value: unwrapped,
    headers: {
      ...headers,
      [DEAD_LETTER_HEADERS.viaTopic]: record.topic,
      [DEAD_LETTER_HEADERS.viaPartition]: String(record.partition),
      [DEAD_LETTER_HEADERS.viaOffset]: record.offset,
    },
  };
}

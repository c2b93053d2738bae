import { valueBytes, type DeliveredRecord, type OutboundRecord, type OutboundValue } from '../bus/message';
import { isRetriable } from './retriable';

/**
 * Dead-letter header names. Operators' tooling reads these; never rename one silently.
 */
export const DEAD_LETTER_HEADERS = {
  error: 'quell.dlq.error',
  errorClass: 'quell.dlq.error.class',
  retriable: 'quell.dlq.error.retriable',
  stage: 'quell.dlq.stage',
  attempts: 'quell.dlq.attempts',
  topic: 'quell.dlq.original.topic',
  partition: 'quell.dlq.original.partition',
  offset: 'quell.dlq.original.offset',
  timestamp: 'quell.dlq.original.timestamp',
  groupId: 'quell.dlq.consumer.group',
  failedAt: 'quell.dlq.failed.at',
  /** 'true' when the value is the payload taken out of the topic's envelope (e.g. a RawEvent's bytes). */
  unwrapped: 'quell.dlq.unwrapped',
  /** On an unwrapped dead letter whose origin is a shipper topic: the topic, partition and offset it was read from here. */
  viaTopic: 'quell.dlq.via.topic',
  viaPartition: 'quell.dlq.via.partition',
  viaOffset: 'quell.dlq.via.offset',
  /** Set on an output too large to publish: its size in bytes (the value is then only its first part). */
  truncatedFrom: 'quell.dlq.truncated.from',
} as const;

export interface DeadLetterCause {
  error: unknown;
  attempts: number;
  /** decode: the bytes were not a valid record; handle: the handler failed on it. */
  stage: 'decode' | 'handle';
  groupId?: string;
}

const MAX_ERROR_TEXT = 2_000;

function describe(error: unknown): { message: string; name: string } {
  if (error instanceof Error) return { message: error.message, name: error.name };
  return { message: String(error), name: typeof error };
}

/**
 * A value handed over in one process is written as it would have been on the topic. One that
 * cannot be (only an in-process bus that does not verify contracts lets it through) leaves an
 * empty value: the headers still say what failed, and the dead letter must not fail too.
 */
function bytesOf(value: OutboundValue | null): Buffer {
  if (value === null) return Buffer.alloc(0);
  try {
    return valueBytes(value);
  } catch {
    return Buffer.alloc(0);
  }
}

/** The original bytes and key, unchanged, with headers that say what went wrong and where it came from. */
export function deadLetterFor(record: DeliveredRecord, cause: DeadLetterCause, deadLetterTopic: string): OutboundRecord {
  const { message, name } = describe(cause.error);
  return {
    topic: deadLetterTopic,
    key: record.key?.toString() ?? null,
    value: bytesOf(record.value),
    headers: {
      ...record.headers,
      [DEAD_LETTER_HEADERS.error]: message.slice(0, MAX_ERROR_TEXT),
      [DEAD_LETTER_HEADERS.errorClass]: name,
      // Undecodable bytes never become decodable by retrying.
      [DEAD_LETTER_HEADERS.retriable]: String(cause.stage === 'handle' && isRetriable(cause.error)),
      [DEAD_LETTER_HEADERS.stage]: cause.stage,
      [DEAD_LETTER_HEADERS.attempts]: String(cause.attempts),
      [DEAD_LETTER_HEADERS.topic]: record.topic,
      [DEAD_LETTER_HEADERS.partition]: String(record.partition),
      [DEAD_LETTER_HEADERS.offset]: record.offset,
      [DEAD_LETTER_HEADERS.timestamp]: String(record.timestamp),
      [DEAD_LETTER_HEADERS.groupId]: cause.groupId ?? '',
      [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
    },
  };
}

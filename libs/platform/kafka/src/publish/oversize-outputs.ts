import { valueBytes, type OutboundRecord } from '../bus/message';
import { DEAD_LETTER_HEADERS } from '../delivery/dead-letter';
import { encodedSize, recordBudget } from './size-chunks';

/** What an operator gets of an output too large to publish: enough to see what it was. */
const KEPT_BYTES = 64 * 1024;

export interface OversizeSplit {
  fitting: OutboundRecord[];
  deadLetters: OutboundRecord[];
}

/**
 * Outputs a handler produced that exceed the request bound can never be published: left in the
 * batch they would fail it for good, and the consumer would crash and redo it in a loop, blocking
 * the partition. Each goes to the dead-letter topic instead, cut to its first 64 KiB, with headers
 * saying why, where it was going and how large it was; the batch then commits as usual.
 */
export function splitOversizeOutputs(records: OutboundRecord[], maxBytes: number, deadLetterTopic: string, groupId: string): OversizeSplit {
  const budget = recordBudget(maxBytes);
  const fitting: OutboundRecord[] = [];
  const deadLetters: OutboundRecord[] = [];
  for (const record of records) {
    const bytes = encodedSize(record);
    if (bytes <= budget) {
      fitting.push(record);
      continue;
    }
    deadLetters.push({
      topic: deadLetterTopic,
      key: record.key,
      value: valueBytes(record.value).subarray(0, KEPT_BYTES),
      headers: {
        ...record.headers,
        [DEAD_LETTER_HEADERS.error]: `output of ${bytes} bytes exceeds the producer's request bound of ${budget} bytes (KAFKA_MAX_REQUEST_BYTES)`,
        [DEAD_LETTER_HEADERS.errorClass]: 'RecordTooLargeError',
        [DEAD_LETTER_HEADERS.retriable]: 'false',
        [DEAD_LETTER_HEADERS.stage]: 'publish',
        [DEAD_LETTER_HEADERS.attempts]: '1',
        [DEAD_LETTER_HEADERS.topic]: record.topic,
        [DEAD_LETTER_HEADERS.groupId]: groupId,
        [DEAD_LETTER_HEADERS.failedAt]: new Date().toISOString(),
        [DEAD_LETTER_HEADERS.truncatedFrom]: String(valueBytes(record.value).length),
      },
    });
  }
  return { fitting, deadLetters };
}

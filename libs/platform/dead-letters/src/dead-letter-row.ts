import { createHash } from 'node:crypto';
import { DEAD_LETTER_HEADERS, type InboundRecord } from '@quell/platform-kafka';
import { whyNotReplayable } from './dead-letter-replay';

/** Bytes of a value shown in the list (the rest is counted in `size`). */
export const PREVIEW_BYTES = 2048;
const TENANT_HEADER = 'quell.tenant';

/** How a letter is kept: the row of quell_dead_letters (see DEAD_LETTERS_0001). */
export interface DeadLetterRow {
  id: string;
  tenant: string;
  reason: string;
  error_class: string | null;
  stage: string;
  consumer_group: string;
  attempts: number | null;
  origin_topic: string | null;
  origin_partition: number | null;
  origin_offset: string | null;
  failed_at: string;
  dlq_partition: number;
  dlq_offset: string;
  record_key: string | null;
  headers: Record<string, string>;
  size: number;
  stored_bytes: number;
  value_base64: string;
  preview: string;
  not_replayable: string | null;
}

/**
 * The id of a letter: the group that gave up on a record and the record's origin coordinates (or,
 * without an origin, the letter's own place on the dead-letter topic), so a letter redelivered to
 * the store, or published twice by a stage that retried its batch, is one letter.
 */
export function deadLetterIdOf(record: InboundRecord<Buffer>): string {
  const h = record.headers;
  const origin = h[DEAD_LETTER_HEADERS.topic];
  const coordinates = origin
    ? [h[DEAD_LETTER_HEADERS.groupId] ?? '', origin, h[DEAD_LETTER_HEADERS.partition] ?? '', h[DEAD_LETTER_HEADERS.offset] ?? '']
    : ['', record.topic, String(record.partition), record.offset];
  return createHash('sha256').update(coordinates.join('\u0000')).digest('hex').slice(0, 24);
}

/** The row of a letter read from `record.topic`; a value over `maxStoredBytes` keeps its first part and cannot be replayed. */
export function deadLetterRowOf(record: InboundRecord<Buffer>, maxStoredBytes: number, toDateTime: (ms: number) => string): DeadLetterRow {
  const h = record.headers;
  const stored = record.value.subarray(0, maxStoredBytes);
  const cut = stored.length < record.value.length ? `the store kept only the first ${stored.length} of its ${record.value.length} bytes` : null;
  const failedAt = Date.parse(h[DEAD_LETTER_HEADERS.failedAt] ?? '');
  const originTopic = h[DEAD_LETTER_HEADERS.topic] ?? null;
  const attempts = Number(h[DEAD_LETTER_HEADERS.attempts]);
  return {
    id: deadLetterIdOf(record),
    tenant: h[TENANT_HEADER] ?? '',
    reason: h[DEAD_LETTER_HEADERS.error] ?? 'unknown',
    error_class: h[DEAD_LETTER_HEADERS.errorClass] ?? null,
    stage: h[DEAD_LETTER_HEADERS.stage] ?? '',
    consumer_group: h[DEAD_LETTER_HEADERS.groupId] ?? '',
    attempts: Number.isInteger(attempts) && attempts >= 0 ? attempts : null,
    origin_topic: originTopic,
    origin_partition: originTopic ? Number(h[DEAD_LETTER_HEADERS.partition] ?? 0) || 0 : null,
    origin_offset: originTopic ? (h[DEAD_LETTER_HEADERS.offset] ?? '') : null,
    // A letter that does not say when it failed: when it reached the dead-letter topic.
    failed_at: toDateTime(Number.isNaN(failedAt) ? record.timestamp : failedAt),
    dlq_partition: record.partition,
    dlq_offset: record.offset,
    record_key: record.key,
    headers: h,
    size: record.value.length,
    stored_bytes: stored.length,
    value_base64: stored.toString('base64'),
    preview: record.value.subarray(0, PREVIEW_BYTES).toString('utf8'),
    not_replayable: whyNotReplayable(h, record.topic) ?? cut,
  };
}

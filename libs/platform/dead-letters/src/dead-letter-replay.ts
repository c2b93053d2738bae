import { DEAD_LETTER_HEADERS, type OutboundRecord } from '@quell/platform-kafka';

const ADDED_HEADERS = new Set<string>(Object.values(DEAD_LETTER_HEADERS));

/**
 * Why a dead letter cannot go back to its origin as it is, or null when it can: the record must be
 * whole (not cut to fit), name the topic it came from, and carry that topic's own bytes — a raw
 * record read from ingest's RawEvent topic is dead-lettered as the shipper's payload without its
 * envelope (source, format, received time), which that topic would not take back.
 */
export function whyNotReplayable(headers: Readonly<Record<string, string>>, deadLetterTopic: string): string | null {
  const origin = headers[DEAD_LETTER_HEADERS.topic];
  if (!origin) return 'the letter does not say which topic it came from';
  if (origin === deadLetterTopic) return 'the letter came from the dead-letter topic itself';
  if (headers[DEAD_LETTER_HEADERS.truncatedFrom] !== undefined) return `the letter holds only the first part of a ${headers[DEAD_LETTER_HEADERS.truncatedFrom]}-byte record`;
  if (headers[DEAD_LETTER_HEADERS.unwrapped] === 'true' && headers[DEAD_LETTER_HEADERS.viaTopic] === undefined) {
    return `the letter holds the payload taken out of its ${origin} envelope, which that topic would not take back; send the payload to ingest again`;
  }
  return null;
}

/** The original record again: its bytes, key and headers, without the headers the dead letter added. */
export function replayRecordOf(letter: { key: string | null; value: Buffer; headers: Readonly<Record<string, string>> }): OutboundRecord {
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !ADDED_HEADERS.has(name)));
  return { topic: letter.headers[DEAD_LETTER_HEADERS.topic], key: letter.key, value: letter.value, headers };
}

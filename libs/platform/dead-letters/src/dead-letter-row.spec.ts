import { DEAD_LETTER_HEADERS, type InboundRecord } from '@quell/platform-kafka';
import { deadLetterIdOf, deadLetterRowOf } from './dead-letter-row';

const origin = { [DEAD_LETTER_HEADERS.topic]: 'quell.events.v1', [DEAD_LETTER_HEADERS.partition]: '1', [DEAD_LETTER_HEADERS.offset]: '7', [DEAD_LETTER_HEADERS.groupId]: 'quell.correlator' };
const letter = (headers: Record<string, string>, offset = '3', value = Buffer.from('v')): InboundRecord<Buffer> => ({ topic: 'quell.dlq.v1', partition: 0, offset, key: null, value, headers, timestamp: Date.parse('2026-12-01T10:00:00Z') });
const iso = (ms: number) => new Date(ms).toISOString();

describe('deadLetterIdOf', () => {
  it('is the same for a letter read again at another offset, and differs per group and origin', () => {
    expect(deadLetterIdOf(letter(origin, '3'))).toBe(deadLetterIdOf(letter(origin, '9')));
    expect(deadLetterIdOf(letter({ ...origin, [DEAD_LETTER_HEADERS.groupId]: 'quell.history' }))).not.toBe(deadLetterIdOf(letter(origin)));
    expect(deadLetterIdOf(letter({ ...origin, [DEAD_LETTER_HEADERS.offset]: '8' }))).not.toBe(deadLetterIdOf(letter(origin)));
    expect(deadLetterIdOf(letter(origin))).toMatch(/^[0-9a-f]{24}$/);
  });

  it('falls back to the letter’s own place on the dead-letter topic when it names no origin', () => {
    expect(deadLetterIdOf(letter({}, '3'))).not.toBe(deadLetterIdOf(letter({}, '4')));
  });
});

describe('deadLetterRowOf', () => {
  it('takes reason, stage, attempts and origin from the headers; a letter without them says unknown and when it reached the topic', () => {
    expect(deadLetterRowOf(letter({ ...origin, [DEAD_LETTER_HEADERS.error]: 'boom', [DEAD_LETTER_HEADERS.attempts]: '5', [DEAD_LETTER_HEADERS.stage]: 'handle', 'quell.tenant': 'acme' }), 1024, iso)).toMatchObject({
      tenant: 'acme', reason: 'boom', attempts: 5, stage: 'handle', consumer_group: 'quell.correlator', origin_topic: 'quell.events.v1', origin_partition: 1, origin_offset: '7', not_replayable: null,
    });
    expect(deadLetterRowOf(letter({ [DEAD_LETTER_HEADERS.attempts]: 'many' }), 1024, iso)).toMatchObject({
      tenant: '', reason: 'unknown', attempts: null, origin_topic: null, failed_at: '2026-12-01T10:00:00.000Z', not_replayable: 'the letter does not say which topic it came from',
    });
  });

  it('keeps the first bytes of a value over the bound and says it cannot be replayed', () => {
    const row = deadLetterRowOf(letter(origin, '3', Buffer.from('0123456789')), 4, iso);
    expect(row).toMatchObject({ size: 10, stored_bytes: 4, value_base64: Buffer.from('0123').toString('base64'), preview: '0123456789', not_replayable: 'the store kept only the first 4 of its 10 bytes' });
  });
});

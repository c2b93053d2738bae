import { DEAD_LETTER_HEADERS } from '../delivery/dead-letter';
import { splitOversizeOutputs } from './oversize-outputs';

describe('splitOversizeOutputs', () => {
  it('keeps outputs under the bound and turns each larger one into a cut dead letter saying why and where it was going', () => {
    const small = { topic: 'quell.events.v1', key: 'a', value: Buffer.from('ok') };
    const big = { topic: 'quell.events.v1', key: 'b', value: Buffer.alloc(1_000_000, 'x'), headers: { trace: 't' } };
    const { fitting, deadLetters } = splitOversizeOutputs([small, big], 900_000, 'quell.dlq.v1', 'quell.normalizer');
    expect(fitting).toEqual([small]);
    expect(deadLetters).toHaveLength(1);
    const [letter] = deadLetters;
    expect(letter).toMatchObject({ topic: 'quell.dlq.v1', key: 'b' });
    expect(letter.value).toHaveLength(64 * 1024);
    expect(letter.headers).toMatchObject({
      trace: 't',
      [DEAD_LETTER_HEADERS.stage]: 'publish',
      [DEAD_LETTER_HEADERS.topic]: 'quell.events.v1',
      [DEAD_LETTER_HEADERS.groupId]: 'quell.normalizer',
      [DEAD_LETTER_HEADERS.retriable]: 'false',
      [DEAD_LETTER_HEADERS.truncatedFrom]: '1000000',
    });
    expect(letter.headers?.[DEAD_LETTER_HEADERS.error]).toMatch(/^output of \d+ bytes exceeds .*\(KAFKA_MAX_REQUEST_BYTES\)$/);
  });
});

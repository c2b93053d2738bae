import { DEAD_LETTER_HEADERS } from '@quell/platform-kafka';
import { replayRecordOf, whyNotReplayable } from './dead-letter-replay';

describe('whyNotReplayable', () => {
  const origin = { [DEAD_LETTER_HEADERS.topic]: 'quell.events.v1' };
  it.each([
    [{}, 'the letter does not say which topic it came from'],
    [{ [DEAD_LETTER_HEADERS.topic]: 'quell.dlq.v1' }, 'the letter came from the dead-letter topic itself'],
    [{ ...origin, [DEAD_LETTER_HEADERS.truncatedFrom]: '2000000' }, 'the letter holds only the first part of a 2000000-byte record'],
    [{ [DEAD_LETTER_HEADERS.topic]: 'quell.raw.v1', [DEAD_LETTER_HEADERS.unwrapped]: 'true' }, expect.stringContaining('payload taken out of its quell.raw.v1 envelope')],
    [{ [DEAD_LETTER_HEADERS.topic]: 'shipper.syslog', [DEAD_LETTER_HEADERS.unwrapped]: 'true', [DEAD_LETTER_HEADERS.viaTopic]: 'quell.raw.v1' }, null],
    [origin, null],
  ])('%j → %s', (headers, reason) => {
    expect(whyNotReplayable(headers, 'quell.dlq.v1')).toEqual(reason);
  });

  it('replays the value and key with the headers the record had, none the dead letter added', () => {
    const letter = { key: 'k', value: Buffer.from('v'), headers: { ...origin, [DEAD_LETTER_HEADERS.error]: 'boom', 'quell.tenant': 't', traceparent: 'x' } };
    expect(replayRecordOf(letter)).toEqual({ topic: 'quell.events.v1', key: 'k', value: Buffer.from('v'), headers: { 'quell.tenant': 't', traceparent: 'x' } });
  });
});

import type { RawRecord } from '../bus/message';
import { processBatch, type DeliveryPolicy } from './delivery-policy';
import { DEAD_LETTER_HEADERS } from './dead-letter';
import { forwarding } from '../test/bus-fixtures';
import { parsePattern } from '../nest/consume-batch.decorator';

const policy: DeliveryPolicy = { maxAttempts: 2, backoffMs: 1, maxBackoffMs: 2 };
const context = { groupId: 'history', deadLetterTopic: 'dlq' };

function raw(offset: number, value: string): RawRecord {
  return { topic: 'quell.raw.v1', partition: 1, offset: String(offset), key: null, value: Buffer.from(value), headers: {}, timestamp: 1000 };
}

describe('dead letters of a topic read by several groups, and of unwrapped shipper records', () => {
  it('a group marked skipUndecodable reports an undecodable record as skipped instead of dead-lettering it a second time', async () => {
    const out = await processBatch([raw(0, 'poison'), raw(1, '{"n":1}')], { ...forwarding('quell.raw.v1', 'out'), skipUndecodable: true }, policy, context);
    expect(out.deadLetters).toHaveLength(0);
    expect(out.skipped?.map((s) => s.record.offset)).toEqual(['0']);
    expect(out.handled).toBe(1);
    // A record its handler rejects is still this group's to dead-letter.
    const rejected = await processBatch([raw(2, '{"n":-1}')], { ...forwarding('quell.raw.v1', 'out'), skipUndecodable: true }, policy, context);
    expect(rejected.deadLetters).toHaveLength(1);
  });

  it("an unwrapped dead letter names the shipper's topic, partition and offset as origin, and the raw topic as via", async () => {
    const subscription = {
      ...forwarding('quell.raw.v1', 'out'),
      deadLetterValue: (v: { n: number }) => Buffer.from(`line ${v.n}`),
      deadLetterOrigin: (v: { n: number }) => (v.n === -1 ? { topic: 'syslog-shipper', partition: 4, offset: '77' } : undefined),
    };
    const out = await processBatch([raw(5, '{"n":-1}'), raw(6, '{"n":-2}')], subscription, policy, context);
    const [fromShipper, fromHttp] = out.deadLetters;
    expect(fromShipper.value.toString()).toBe('line -1');
    expect(fromShipper.headers).toMatchObject({
      [DEAD_LETTER_HEADERS.topic]: 'syslog-shipper',
      [DEAD_LETTER_HEADERS.partition]: '4',
      [DEAD_LETTER_HEADERS.offset]: '77',
      [DEAD_LETTER_HEADERS.viaTopic]: 'quell.raw.v1',
      [DEAD_LETTER_HEADERS.viaPartition]: '1',
      [DEAD_LETTER_HEADERS.viaOffset]: '5',
      [DEAD_LETTER_HEADERS.unwrapped]: 'true',
    });
    // No upstream topic (HTTP, syslog): the raw topic stays the origin.
    expect(fromHttp.headers).toMatchObject({ [DEAD_LETTER_HEADERS.topic]: 'quell.raw.v1', [DEAD_LETTER_HEADERS.offset]: '6' });
    expect(fromHttp.headers?.[DEAD_LETTER_HEADERS.viaTopic]).toBeUndefined();
  });

  it('ConsumeBatch patterns carry the skip flag with or without a group', () => {
    expect(parsePattern('events|history-writer|skip-undecodable')).toEqual({ role: 'events', group: 'history-writer', skipUndecodable: true });
    expect(parsePattern('events||skip-undecodable')).toEqual({ role: 'events', group: undefined, skipUndecodable: true });
    expect(parsePattern('events|history-writer')).toEqual({ role: 'events', group: 'history-writer', skipUndecodable: false });
    expect(parsePattern('raw')).toEqual({ role: 'raw', group: undefined, skipUndecodable: false });
  });
});

import { DeadLetterInbox } from './dead-letter-inbox';

const record = (offset: number) => ({ topic: 'quell.dlq.v1', partition: 0, offset: String(offset), key: null, value: Buffer.from('v'), headers: { 'quell.tenant': 't' }, timestamp: 0 });

describe('DeadLetterInbox', () => {
  it('keeps the newest past its capacity and counts the ones it dropped; a letter without a reason says unknown', () => {
    const inbox = new DeadLetterInbox(2);
    for (const offset of [1, 2, 3]) inbox.add(record(offset));
    expect(inbox.list('t', 10)).toMatchObject({ total: 2, dropped: 1, items: [{ id: '0:3', reason: 'unknown', origin: null }, { id: '0:2' }] });
    expect(inbox.list('other', 10).items).toEqual([]);
  });
});

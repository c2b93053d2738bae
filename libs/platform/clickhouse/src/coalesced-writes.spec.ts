import { CoalescedWrites } from './coalesced-writes';

describe('CoalescedWrites', () => {
  it('sends the rows of callers within the linger as one write, and settles each caller with it', async () => {
    const writes: number[][] = [];
    const coalesced = new CoalescedWrites<number>(async (rows) => void writes.push(rows), { lingerMs: 20, maxRows: 100 });
    await Promise.all([coalesced.add([1, 2]), coalesced.add([3]), coalesced.add([4, 5])]);
    expect(writes).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('sends at once when the rows reach the bound, and starts a new write after it', async () => {
    const writes: number[][] = [];
    const coalesced = new CoalescedWrites<number>(async (rows) => void writes.push(rows), { lingerMs: 60_000, maxRows: 3 });
    const first = coalesced.add([1, 2]);
    const second = coalesced.add([3]);
    await Promise.all([first, second]);
    expect(writes).toEqual([[1, 2, 3]]);
    const later = coalesced.add([4, 5, 6]);
    await later;
    expect(writes).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('sends the open write first when a caller\'s rows would take it past the bound, never splitting a caller\'s rows', async () => {
    const writes: number[][] = [];
    const coalesced = new CoalescedWrites<number>(async (rows) => void writes.push(rows), { lingerMs: 20, maxRows: 4 });
    await Promise.all([coalesced.add([1, 2, 3]), coalesced.add([4, 5]), coalesced.add([6, 7, 8, 9, 10])]);
    expect(writes).toEqual([[1, 2, 3], [4, 5], [6, 7, 8, 9, 10]]);
  });

  it('rejects every caller of a failed write, and the next write goes on', async () => {
    let fail = true;
    const writes: number[][] = [];
    const coalesced = new CoalescedWrites<number>(
      async (rows) => {
        if (fail) throw new Error('ClickHouse away');
        writes.push(rows);
      },
      { lingerMs: 5, maxRows: 100 },
    );
    const outcomes = await Promise.allSettled([coalesced.add([1]), coalesced.add([2])]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await coalesced.add([1, 2]);
    expect(writes).toEqual([[1, 2]]);
  });

  it('resolves an empty add at once without writing', async () => {
    const write = jest.fn(async () => undefined);
    await new CoalescedWrites<number>(write, { lingerMs: 5, maxRows: 10 }).add([]);
    expect(write).not.toHaveBeenCalled();
  });
});

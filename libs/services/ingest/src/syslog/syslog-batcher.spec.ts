import { SyslogBatcher } from './syslog-batcher';

describe('SyslogBatcher', () => {
  it('flushes by size and by time, in order', async () => {
    const batches: number[][] = [];
    const batcher = new SyslogBatcher<number>(async (items) => void batches.push(items), () => undefined, 2, 20);
    batcher.add(1);
    batcher.add(2);
    batcher.add(3);
    await batcher.flush();
    expect(batches).toEqual([[1, 2], [3]]);
    batcher.add(4);
    await new Promise((r) => setTimeout(r, 60));
    expect(batches).toEqual([[1, 2], [3], [4]]);
  });

  it('reports a failed batch and keeps going', async () => {
    const failed: number[] = [];
    let calls = 0;
    const batcher = new SyslogBatcher<number>(
      async () => {
        if (calls++ === 0) throw new Error('broker down');
      },
      (_e, count) => failed.push(count),
      10,
      1000,
    );
    batcher.add(1);
    await batcher.flush();
    batcher.add(2);
    await batcher.flush();
    expect(failed).toEqual([1]);
    expect(calls).toBe(2);
  });
});

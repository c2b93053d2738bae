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

  it('retries a failed batch with backoff before giving up on it', async () => {
    const delivered: number[][] = [];
    let calls = 0;
    const batcher = new SyslogBatcher<number>(
      async (items) => {
        if (calls++ < 2) throw new Error('broker failing over');
        delivered.push(items);
      },
      () => undefined,
      10,
      1000,
      { attempts: 5, firstDelayMs: 1, maxDelayMs: 2 },
    );
    batcher.add(1);
    await batcher.flush();
    expect(calls).toBe(3);
    expect(delivered).toEqual([[1]]);
  });

  it('reports a batch that still fails after its retries, and keeps going', async () => {
    const failed: number[] = [];
    let calls = 0;
    const batcher = new SyslogBatcher<number>(
      async () => {
        if (calls++ < 3) throw new Error('broker down');
      },
      (_e, count) => failed.push(count),
      10,
      1000,
      { attempts: 3, firstDelayMs: 1, maxDelayMs: 2 },
    );
    batcher.add(1);
    await batcher.flush();
    batcher.add(2);
    await batcher.flush();
    expect(failed).toEqual([1]);
    expect(calls).toBe(4);
  });
});

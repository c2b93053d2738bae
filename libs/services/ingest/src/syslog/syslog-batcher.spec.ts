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

  it('by default waits out a failure that lasts longer than any fixed number of attempts', async () => {
    const delivered: number[][] = [];
    let calls = 0;
    const batcher = new SyslogBatcher<number>(
      async (items) => {
        if (calls++ < 25) throw new Error('broker away');
        delivered.push(items);
      },
      () => undefined,
      10,
      1000,
      { attempts: Number.POSITIVE_INFINITY, firstDelayMs: 1, maxDelayMs: 1 },
    );
    batcher.add(1, 10);
    await batcher.flush();
    expect(calls).toBe(26);
    expect(delivered).toEqual([[1]]);
    expect(batcher.backlogBytes).toBe(0);
  });

  it('gives up at once on an error that retrying cannot fix', async () => {
    const failed: string[] = [];
    let calls = 0;
    const batcher = new SyslogBatcher<number>(
      async () => {
        calls++;
        throw Object.assign(new Error('record over the request bound'), { retriable: false });
      },
      (error) => failed.push((error as Error).message),
      10,
      1000,
      { attempts: Number.POSITIVE_INFINITY, firstDelayMs: 1, maxDelayMs: 1, retryWhile: (e) => (e as { retriable?: boolean }).retriable !== false },
    );
    batcher.add(1);
    await batcher.flush();
    expect(calls).toBe(1);
    expect(failed).toEqual(['record over the request bound']);
  });
});

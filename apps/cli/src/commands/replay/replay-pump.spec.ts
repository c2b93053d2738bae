import type { ReplayLine } from './replay-lines';
import { pumpLines } from './replay-pump';
import { ReplayTally } from './replay-tally';
import type { ReplayTarget } from './replay-target';
import { TokenBucket, type Clock } from './token-bucket';

/** A clock that moves only when slept on. */
function fakeClock(): Clock & { sleeps: number } {
  let now = 0;
  return {
    sleeps: 0,
    now: () => now,
    async sleep(ms) {
      this.sleeps += 1;
      now += ms;
    },
  };
}

/** A target that notes when (on the clock) each batch came and how big it was. */
function recordingTarget(clock: Clock, refuseFrom = Infinity) {
  const batches: { at: number; size: number; bytes: number }[] = [];
  const target: ReplayTarget = {
    name: 'recorder',
    open: async () => undefined,
    close: async () => undefined,
    async send(lines) {
      if (batches.length >= refuseFrom) throw new Error('refused');
      batches.push({ at: clock.now(), size: lines.length, bytes: lines.reduce((sum, l) => sum + l.text.length + 1, 0) });
      return { accepted: lines.length - 1, rejected: [{ line: lines[0].line, reason: 'first of batch' }] };
    },
  };
  return { batches, target };
}

async function* numbered(count: number): AsyncGenerator<ReplayLine> {
  for (let i = 1; i <= count; i++) yield { line: i, text: `{"n":${i}}` };
}

describe('TokenBucket', () => {
  it('lets a tenth of a second through at once, then one token per 1/rate second', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(50, clock);
    const times: number[] = [];
    for (let i = 0; i < 105; i++) {
      await bucket.take();
      times.push(clock.now());
    }
    expect(times.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(times[5]).toBe(20);
    expect(times.at(-1)).toBe(2_000);
    // Never more than the rate in any second (plus the initial burst of 5).
    for (const start of times) expect(times.filter((t) => t >= start && t < start + 1_000).length).toBeLessThanOrEqual(55);
  });

  it('holds at least one token, so a rate under 10/s still passes one event at a time', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket(0.5, clock);
    await bucket.take();
    await bucket.take();
    expect(clock.now()).toBe(2_000);
  });
});

describe('pumpLines', () => {
  it('unpaced: full batches without a single wait, every line counted', async () => {
    const clock = fakeClock();
    const { batches, target } = recordingTarget(clock);
    const tally = new ReplayTally();
    await pumpLines(numbered(2_345), target, { batchSize: 1_000, maxBatchBytes: 1 << 20, clock, tally, onBatch: () => undefined });
    expect(batches.map((b) => b.size).sort((a, b) => b - a)).toEqual([1_000, 1_000, 345]);
    expect(clock.sleeps).toBe(0);
    expect(tally.summary('t', 0)).toMatchObject({ sent: 2_345, accepted: 2_342, rejected: 3, reasons: [{ reason: 'first of batch', count: 3, firstLine: 1 }] });
  });

  it('cuts batches by bytes too', async () => {
    const clock = fakeClock();
    const { batches, target } = recordingTarget(clock);
    await pumpLines(numbered(100), target, { batchSize: 1_000, maxBatchBytes: 100, clock, tally: new ReplayTally(), onBatch: () => undefined });
    // Each batch within 100 bytes, and full: the next line (10 bytes at most) would not have fitted.
    expect(batches.every((b) => b.bytes <= 100)).toBe(true);
    expect(batches.slice(0, -1).every((b) => b.bytes > 90)).toBe(true);
    expect(batches.reduce((sum, b) => sum + b.size, 0)).toBe(100);
  });

  it('paced: batches of a fifth of a second, the events in each second within the rate', async () => {
    const clock = fakeClock();
    const { batches, target } = recordingTarget(clock);
    await pumpLines(numbered(300), target, { batchSize: 1_000, maxBatchBytes: 1 << 20, rate: 50, clock, tally: new ReplayTally(), onBatch: () => undefined });
    expect(batches.every((b) => b.size === 10)).toBe(true);
    expect(batches.at(-1)!.at).toBe(5_900);
    for (const { at } of batches) {
      const inSecond = batches.filter((b) => b.at >= at && b.at < at + 1_000).reduce((sum, b) => sum + b.size, 0);
      expect(inSecond).toBeLessThanOrEqual(55);
    }
  });

  it('reads ahead of the target by at most the batches in flight, so an input of any size streams', async () => {
    const clock = fakeClock();
    let read = 0;
    let answered = 0;
    let mostAhead = 0;
    async function* counted() {
      for await (const line of numbered(50_000)) {
        read += 1;
        mostAhead = Math.max(mostAhead, read - answered);
        yield line;
      }
    }
    const target: ReplayTarget = {
      name: 'slow',
      open: async () => undefined,
      close: async () => undefined,
      async send(lines) {
        await new Promise((done) => setImmediate(done));
        answered += lines.length;
        return { accepted: lines.length, rejected: [] };
      },
    };
    await pumpLines(counted(), target, { batchSize: 100, maxBatchBytes: 1 << 20, clock, tally: new ReplayTally(), onBatch: () => undefined });
    expect(answered).toBe(50_000);
    // Four batches in flight and the one being filled.
    expect(mostAhead).toBeLessThanOrEqual(500);
  });

  it('stops reading at the first batch the target cannot take and throws its failure', async () => {
    const clock = fakeClock();
    const { batches, target } = recordingTarget(clock, 2);
    let read = 0;
    async function* counted() {
      for await (const line of numbered(100_000)) {
        read += 1;
        yield line;
      }
    }
    const tally = new ReplayTally();
    await expect(pumpLines(counted(), target, { batchSize: 10, maxBatchBytes: 1 << 20, clock, tally, onBatch: () => undefined })).rejects.toThrow('refused');
    expect(batches).toHaveLength(2);
    expect(read).toBeLessThan(100);
    expect(tally.accepted).toBe(18);
  });
});

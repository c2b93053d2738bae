import { NativeMemoryTrim, runsOnGlibc, type TrimNativeMemory } from './native-memory-trim';

const MiB = 2 ** 20;

describe('NativeMemoryTrim', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function trimmer(rssAt: () => number) {
    const pending: ((error: unknown) => void)[] = [];
    const trim: TrimNativeMemory = (done) => pending.push(done);
    const errors: unknown[] = [];
    const subject = new NativeMemoryTrim({ intervalMs: 100, minGrowthBytes: 32 * MiB, onError: (error) => errors.push(error), trim, rss: rssAt }).start();
    return { subject, pending, errors };
  }

  it('makes no call while RSS stays within the growth from its lowest (an idle process)', () => {
    const { subject, pending } = trimmer(() => 500 * MiB);
    jest.advanceTimersByTime(10_000);
    expect(pending).toHaveLength(0);
    subject.stop();
  });

  it('trims once RSS grew by the threshold, one call at a time, and measures growth from after the trim', () => {
    let rss = 500 * MiB;
    const { subject, pending } = trimmer(() => rss);
    rss = 540 * MiB;
    jest.advanceTimersByTime(100);
    expect(pending).toHaveLength(1);
    jest.advanceTimersByTime(1_000);
    expect(pending).toHaveLength(1); // still running: no second call
    rss = 520 * MiB;
    pending.shift()!(null);
    expect(subject.count).toBe(1);
    rss = 545 * MiB; // 25 MiB above the 520 left after the trim
    jest.advanceTimersByTime(1_000);
    expect(pending).toHaveLength(0);
    rss = 553 * MiB;
    jest.advanceTimersByTime(100);
    expect(pending).toHaveLength(1);
    subject.stop();
  });

  it('follows RSS down, so growth counts from the lowest it saw', () => {
    let rss = 600 * MiB;
    const { subject, pending } = trimmer(() => rss);
    rss = 400 * MiB;
    jest.advanceTimersByTime(100);
    rss = 440 * MiB;
    jest.advanceTimersByTime(100);
    expect(pending).toHaveLength(1);
    subject.stop();
  });

  it('stops and reports when the trim fails', () => {
    let rss = 500 * MiB;
    const { pending, errors } = trimmer(() => rss);
    rss = 600 * MiB;
    jest.advanceTimersByTime(100);
    pending.shift()!(new Error('no malloc_trim'));
    rss = 700 * MiB;
    jest.advanceTimersByTime(1_000);
    expect(pending).toHaveLength(0);
    expect(errors).toEqual([new Error('no malloc_trim')]);
  });
});

describe("glibc's malloc_trim through koffi", () => {
  it('is called on another thread and completes without an error', async () => {
    expect(runsOnGlibc()).toBe(true); // the CI machines run Debian's glibc
    const errors: unknown[] = [];
    const subject = new NativeMemoryTrim({ intervalMs: 10, minGrowthBytes: 0, onError: (error) => errors.push(error) }).start();
    while (subject.count === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    subject.stop();
    expect(errors).toEqual([]);
  });
});

import { bucketStarts, sourceRates } from './event-rate';

const MINUTE = 60_000;
const T = Date.UTC(2026, 11, 4, 5, 0);

describe('event-rate buckets', () => {
  it('aligns buckets to multiples of the bucket and covers the range, partial edges included', () => {
    expect(bucketStarts({ from: T + 30_000, to: T + 3 * MINUTE }, MINUTE)).toEqual([T, T + MINUTE, T + 2 * MINUTE]);
    expect(bucketStarts({ from: T, to: T + 3 * MINUTE }, MINUTE)).toEqual([T, T + MINUTE, T + 2 * MINUTE]);
  });

  it('gives every source every bucket, 0 where it sent nothing, sources by name', () => {
    const rows = [
      { source: 'syslog', at: T + MINUTE, count: 2 },
      { source: 'fw', at: T, count: 3 },
      { source: 'fw', at: T + 2 * MINUTE, count: 1 },
    ];
    expect(sourceRates(rows, { from: T, to: T + 3 * MINUTE }, MINUTE)).toEqual([
      { source: 'fw', points: [{ at: T, count: 3 }, { at: T + MINUTE, count: 0 }, { at: T + 2 * MINUTE, count: 1 }] },
      { source: 'syslog', points: [{ at: T, count: 0 }, { at: T + MINUTE, count: 2 }, { at: T + 2 * MINUTE, count: 0 }] },
    ]);
  });

  it('has no series when no event arrived', () => {
    expect(sourceRates([], { from: T, to: T + MINUTE }, MINUTE)).toEqual([]);
  });
});

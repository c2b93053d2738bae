import type { SourceRate, StatsRange } from './pipeline-stats.port';

/** One row of the per-source bucket query: a bucket's start (epoch ms) and its events. */
export interface RateRow {
  source: string;
  at: number;
  count: number;
}

/** Bucket starts aligned to multiples of the bucket (so two reads of one hour agree), covering [from, to). */
export function bucketStarts(range: StatsRange, bucketMs: number): number[] {
  const starts: number[] = [];
  for (let at = Math.floor(range.from / bucketMs) * bucketMs; at < range.to; at += bucketMs) starts.push(at);
  return starts;
}

/** One series per source with every bucket of the range, 0 where it sent nothing (a chart must not bridge gaps). */
export function sourceRates(rows: readonly RateRow[], range: StatsRange, bucketMs: number): SourceRate[] {
  const bySource = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const buckets = bySource.get(row.source) ?? new Map<number, number>();
    buckets.set(row.at, (buckets.get(row.at) ?? 0) + row.count);
    bySource.set(row.source, buckets);
  }
  const starts = bucketStarts(range, bucketMs);
  return [...bySource]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, buckets]) => ({ source, points: starts.map((at) => ({ at, count: buckets.get(at) ?? 0 })) }));
}

import { fromDateTime64, toDateTime64 } from '@quell/platform-clickhouse';
import type { EventHistory } from '@quell/platform-event-history';
import type { RateHistory, RateRow, RateRule, TimeWindow } from '@quell/anomaly';
import { attributeSql, filterSql, QueryParams, timeRangesSql } from './history-sql';

interface Row {
  tenant: string;
  entity: string;
  observed: number;
  first_seen: string;
  last_seen: string;
  sample_ids: string[];
  sample_windows: number[];
  samples: number[];
  mean: number;
  std: number;
}

/**
 * Per-entity counts for a rate rule, computed in ClickHouse in one query: the evaluated window is
 * window 1 and the baseline windows 2…N+1 (`arrayFirstIndex` over the bound window bounds). A
 * baseline window is a sample when the tenant has any event in it; an entity absent from such a
 * window counts 0 there. Mean and sample standard deviation come back with the samples. Entities
 * below `minObserved` are dropped in the query, since they can never alert.
 */
export class ClickHouseRateHistory implements RateHistory {
  constructor(private readonly history: EventHistory) {}

  async rateRows(rule: RateRule, window: TimeWindow, baseline: readonly TimeWindow[]): Promise<RateRow[]> {
    const params = new QueryParams();
    const all = [window, ...baseline];
    const starts = params.bind(all.map((w) => toDateTime64(w.from)), "Array(DateTime64(3, 'UTC'))");
    const ends = params.bind(all.map((w) => toDateTime64(w.to)), "Array(DateTime64(3, 'UTC'))");
    const windowIndex = `arrayFirstIndex((s, e) -> time >= s AND time < e, ${starts}, ${ends})`;
    const entity = attributeSql(rule.entity, params);
    const tenantOnly = filterSql({ className: [], action: [], outcome: [] }, rule.tenants, params);
    const query = (table: string) => `
      SELECT tenant, entity, observed, first_seen, last_seen, sample_ids,
        arrayFilter(i -> i > 1, covered) AS baseline_windows,
        arrayMap(i -> i - 2, baseline_windows) AS sample_windows,
        arrayMap(i -> arraySum(arrayMap(p -> if(p.1 = i, p.2, 0), counts)), baseline_windows) AS samples,
        if(length(samples) = 0, 0, arrayAvg(samples)) AS mean,
        if(length(samples) < 2, 0, sqrt(arraySum(x -> (x - mean) * (x - mean), samples) / (length(samples) - 1))) AS std
      FROM (
        SELECT tenant, entity,
          sumIf(n, w = 1) AS observed,
          minIf(first, w = 1) AS first_seen,
          maxIf(last, w = 1) AS last_seen,
          anyIf(ids, w = 1) AS sample_ids,
          groupArrayIf((w, n), w > 1) AS counts
        FROM (
          SELECT tenant, ${entity} AS entity, ${windowIndex} AS w,
            uniqExact(id) AS n, min(time) AS first, max(time) AS last, groupUniqArray(10)(id) AS ids
          FROM ${table}
          WHERE ${timeRangesSql(all, params)}${filterSql(rule.filter, rule.tenants, params)} AND ${entity} != ''
          GROUP BY tenant, entity, w
        )
        GROUP BY tenant, entity
        HAVING observed >= ${params.bind(rule.threshold.minObserved, 'UInt64')}
      ) AS e
      LEFT JOIN (
        SELECT tenant, arraySort(groupUniqArray(${windowIndex})) AS covered
        FROM ${table}
        WHERE ${timeRangesSql(baseline, params)}${tenantOnly}
        GROUP BY tenant
      ) AS c USING tenant
      ORDER BY tenant, entity`;
    const rows = await this.history.select<Row>(query, params.values);
    return rows.map((row) => ({
      tenant: row.tenant,
      entity: row.entity,
      observed: Number(row.observed),
      baseline: { samples: row.samples.map(Number), mean: Number(row.mean), std: Number(row.std) },
      sampleWindows: row.sample_windows.map(Number),
      firstSeen: fromDateTime64(row.first_seen),
      lastSeen: fromDateTime64(row.last_seen),
      sampleEventIds: row.sample_ids,
    }));
  }
}


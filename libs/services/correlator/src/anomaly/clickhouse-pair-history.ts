import { TupleParam } from '@clickhouse/client';
import { candidateKey, pairKey, type FirstSeenRule, type PairCandidate, type PairHistory } from '@quell/anomaly';
import { fromDateTime64 } from '@quell/platform-clickhouse';
import type { EventHistory } from '@quell/platform-event-history';
import { attributeSql, filterSql, QueryParams } from './history-sql';

interface Row {
  rule: string;
  tenant: string;
  entity: string;
  value: string;
  last_seen: string;
}

/**
 * When each candidate pair was last seen in history, for a whole batch in one query: a UNION ALL
 * branch per rule, each matching its pairs as bound tuples. The `IN` lists on tenant, entity and
 * value let the sort key (tenant, host_name) and the bloom-filter indexes skip granules; the
 * batch's own event ids are left out, since the history writer may have stored them already.
 */
export class ClickHousePairHistory implements PairHistory {
  constructor(private readonly history: EventHistory) {}

  async lastSeen(candidates: readonly PairCandidate[], batchEventIds: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    if (candidates.length === 0) return found;
    const params = new QueryParams();
    const excluded = params.bind(batchEventIds, 'Array(String)');
    const byRule = new Map<FirstSeenRule, PairCandidate[]>();
    for (const c of candidates) byRule.set(c.rule, [...(byRule.get(c.rule) ?? []), c]);
    const branches = (table: string) => [...byRule].map(([rule, pairs]) => this.branch(table, rule, pairs, params, excluded));
    const rows = await this.history.select<Row>((table) => branches(table).join('\nUNION ALL\n'), params.values);
    for (const row of rows) found.set(pairKey(row.rule, row.tenant, row.entity, row.value), fromDateTime64(row.last_seen));
    // Only asked pairs are answered: a stray row (none expected) cannot mark another pair as seen.
    const asked = new Set(candidates.map(candidateKey));
    for (const key of found.keys()) if (!asked.has(key)) found.delete(key);
    return found;
  }

  private branch(table: string, rule: FirstSeenRule, pairs: PairCandidate[], params: QueryParams, excluded: string): string {
    const entity = attributeSql(rule.entity, params);
    const value = attributeSql(rule.value, params);
    const since = Math.min(...pairs.map((p) => p.firstTime)) - rule.lookbackMs;
    const unique = (xs: string[]) => [...new Set(xs)];
    return `SELECT ${params.bind(rule.id, 'String')} AS rule, tenant, ${entity} AS entity, ${value} AS value, max(time) AS last_seen
      FROM ${table}
      WHERE time >= ${params.time(since)}
        AND tenant IN ${params.bind(unique(pairs.map((p) => p.tenant)), 'Array(String)')}
        AND ${entity} IN ${params.bind(unique(pairs.map((p) => p.entity)), 'Array(String)')}
        AND ${value} IN ${params.bind(unique(pairs.map((p) => p.value)), 'Array(String)')}
        AND (tenant, ${entity}, ${value}) IN ${params.bind(
          pairs.map((p) => new TupleParam([p.tenant, p.entity, p.value])),
          'Array(Tuple(String, String, String))',
        )}${filterSql(rule.filter, [], params)}
        AND id NOT IN ${excluded}
      GROUP BY tenant, entity, value`;
  }
}

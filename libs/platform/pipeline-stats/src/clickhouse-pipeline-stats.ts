import { SUPPRESSED_ALERTS_TABLE } from '@quell/platform-change-history';
import { assertIdentifier, DEFAULT_DATABASE, selectRows, type ClickHouseClient } from '@quell/platform-clickhouse';
import { DELIVERIES_TABLE } from '@quell/platform-delivery-log';
import { eventsTable } from '@quell/platform-event-history';
import { ALERTS_TABLE, INCIDENT_VERSIONS_TABLE } from '@quell/platform-incident-history';
import { sourceRates, type RateRow } from './event-rate';
import { funnelStages } from './funnel-stages';
import type { FunnelCounts, PipelineStats, RuleHit, StatsRange } from './pipeline-stats.port';

const FROM = `fromUnixTimestamp64Milli({from:Int64}, 'UTC')`;
const TO = `fromUnixTimestamp64Milli({to:Int64}, 'UTC')`;

/**
 * Per alert id with a state recorded in the range: how many raised alerts the range added to it.
 * The deduper folds repeats into their episode's alert and counts each raised alert id once
 * (dedup_count), so the count the range added is the latest count minus the count before the range.
 * No FINAL: a state stored twice changes no max or min.
 */
const alertEpisodes = (table: string) => `
  SELECT id, any(rule_id) AS rule, argMax(rule_title, recorded_at) AS latest_title,
    max(dedup_count) - maxIf(dedup_count, recorded_at < ${FROM}) AS raised,
    min(recorded_at) AS first_recorded,
    countIf(suppression_state != 'suppressed') > 0 AS unsuppressed,
    max(last_seen) AS latest_sighting
  FROM ${table}
  WHERE tenant = {tenant:String} AND recorded_at < ${TO}
  GROUP BY id
  HAVING max(recorded_at) >= ${FROM}`;

/**
 * The PipelineStats port over the ClickHouse history the stages write. Every stage is counted by
 * when Quell processed it (ingest time, recorded time, delivery time), so one range compares the
 * same traffic at every stage; values are bound as `{name:Type}` parameters.
 */
export class ClickHousePipelineStats implements PipelineStats {
  private readonly tables: { events: string; alerts: string; suppressed: string; incidents: string; deliveries: string };

  constructor(
    private readonly client: ClickHouseClient,
    database = DEFAULT_DATABASE,
  ) {
    const db = assertIdentifier(database, 'database');
    this.tables = {
      events: eventsTable(db),
      alerts: `${db}.${ALERTS_TABLE}`,
      suppressed: `${db}.${SUPPRESSED_ALERTS_TABLE}`,
      incidents: `${db}.${INCIDENT_VERSIONS_TABLE}`,
      deliveries: `${db}.${DELIVERIES_TABLE}`,
    };
  }

  async funnel(tenant: string, range: StatsRange, bucketSeconds: number): Promise<FunnelCounts> {
    const params = { tenant, from: range.from, to: range.to };
    const bucketMs = bucketSeconds * 1000;
    const [rates, [alerts], suppressed, incidents, notifications] = await Promise.all([
      this.eventRates(params, bucketMs),
      selectRows<{ raised: number; passed: number }>(
        this.client,
        `SELECT sum(raised) AS raised, countIf(first_recorded >= ${FROM} AND unsuppressed) AS passed FROM (${alertEpisodes(this.tables.alerts)})`,
        params,
      ),
      // An alert is suppressed once, whatever its later updates: counted by its first recording.
      this.count(`SELECT alert_id FROM ${this.tables.suppressed} WHERE tenant = {tenant:String} AND state = 'suppressed' AND recorded_at < ${TO} GROUP BY alert_id HAVING min(recorded_at) >= ${FROM}`, params),
      this.count(`SELECT id FROM ${this.tables.incidents} WHERE tenant = {tenant:String} AND recorded_at < ${TO} GROUP BY id HAVING min(recorded_at) >= ${FROM}`, params),
      this.count(
        `SELECT DISTINCT incident_id, transition_key, channel FROM ${this.tables.deliveries} WHERE tenant = {tenant:String} AND status = 'sent' AND at >= ${FROM} AND at < ${TO}`,
        params,
      ),
    ]);
    const raised = Number(alerts?.raised ?? 0);
    const series = sourceRates(rates, range, bucketMs);
    const events = series.reduce((sum, s) => sum + s.points.reduce((n, p) => n + p.count, 0), 0);
    return {
      stages: funnelStages({
        events,
        alerts: raised,
        // The suppressed alert and the alert states are recorded by two consumers: never below 0 at a range's edge.
        screened: Math.max(0, raised - suppressed),
        deduplicated: Number(alerts?.passed ?? 0),
        incidents,
        notifications,
      }),
      eventRate: { bucketSeconds, series },
    };
  }

  async ruleHits(tenant: string, range: StatsRange): Promise<RuleHit[]> {
    const rows = await selectRows<{ ruleId: string; title: string; hits: number; lastHit: number }>(
      this.client,
      `SELECT rule AS ruleId, argMax(latest_title, latest_sighting) AS title, sum(raised) AS hits, toUnixTimestamp64Milli(max(latest_sighting)) AS lastHit
       FROM (${alertEpisodes(this.tables.alerts)})
       GROUP BY rule HAVING hits > 0
       ORDER BY hits DESC, ruleId`,
      { tenant, from: range.from, to: range.to },
    );
    return rows.map((row) => ({ ruleId: row.ruleId, title: row.title, hits: Number(row.hits), lastHit: row.lastHit === null ? null : Number(row.lastHit) }));
  }

  /** Events per source and bucket; FINAL so that a replayed event counts once. */
  private eventRates(params: Record<string, unknown>, bucketMs: number): Promise<RateRow[]> {
    return selectRows<RateRow>(
      this.client,
      `SELECT if(source_name = '', source_type, source_name) AS source,
         intDiv(toUnixTimestamp64Milli(ingest_time), {bucketMs:Int64}) * {bucketMs:Int64} AS at,
         count() AS count
       FROM ${this.tables.events} FINAL
       WHERE tenant = {tenant:String} AND ingest_time >= ${FROM} AND ingest_time < ${TO}
       GROUP BY source, at`,
      { ...params, bucketMs },
    );
  }

  private async count(query: string, params: Record<string, unknown>): Promise<number> {
    const [row] = await selectRows<{ n: number }>(this.client, `SELECT count() AS n FROM (${query})`, params);
    return Number(row?.n ?? 0);
  }
}

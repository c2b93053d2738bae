import type { Alert } from '@quell/contracts';
import { insertJsonRows, type ClickHouseClient, toDateTime64 } from '@quell/platform-clickhouse';
import type { SuppressedAlertPage, SuppressedAlertQuery } from './change-history.port';

/** WARNING: the table of SUPPRESSED_ALERTS_BY_ALERT_0003 (0002's, keyed by first seen too, is no longer read); renaming it loses the audit. */
export const SUPPRESSED_ALERTS_TABLE = 'quell_suppressed_alerts_v2';

/** The suppressed-alert half of the ChangeHistory port; every value bound as a `{name:Type}` parameter. */
export class SuppressedAlertsRepository {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly table: string,
  ) {}

  /** One insert per batch; alerts no change covers are not stored (there is nothing to list them by). */
  async record(alerts: readonly Alert[], recordedAt: number): Promise<void> {
    const rows = alerts.filter((alert) => alert.suppression.changeId !== null).map((alert) => rowOf(alert, recordedAt));
    if (rows.length === 0) return;
    await insertJsonRows(this.client, { table: this.table, rows });
  }

  async page(tenant: string, changeId: string, query: SuppressedAlertQuery): Promise<SuppressedAlertPage> {
    const result = await this.client.query({
      // FINAL: an alert stored twice (a batch handled again, replayed with another first seen) is listed once, as last recorded.
      query: `SELECT alert FROM ${this.table} FINAL
        WHERE tenant = {tenant:String} AND change_id = {changeId:String}
          AND first_seen >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND first_seen < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
          AND (first_seen, alert_id) > (fromUnixTimestamp64Milli({afterAt:Int64}, 'UTC'), {afterId:String})
        ORDER BY first_seen, alert_id
        LIMIT {limit:UInt32}`,
      query_params: {
        tenant,
        changeId,
        from: query.from ?? 0,
        to: query.to ?? MAX_TIME,
        afterAt: query.after?.firstSeen ?? 0,
        afterId: query.after?.id ?? '',
        // One more than asked: whether a next page exists.
        limit: query.limit + 1,
      },
      format: 'JSONEachRow',
    });
    const alerts = (await result.json<{ alert: string }>()).map((row) => JSON.parse(row.alert) as Alert);
    const page = alerts.slice(0, query.limit);
    const last = page[page.length - 1];
    return { alerts: page, next: alerts.length > query.limit && last ? { firstSeen: last.firstSeen, id: last.id } : null };
  }
}

/** The end of an open time range (DateTime64 reads up to 2299). */
const MAX_TIME = Date.UTC(2200, 0, 1);

function rowOf(alert: Alert, recordedAt: number) {
  return {
    tenant: alert.tenant,
    change_id: alert.suppression.changeId,
    alert_id: alert.id,
    state: alert.suppression.state,
    first_seen: toDateTime64(alert.firstSeen),
    last_seen: toDateTime64(alert.lastSeen),
    rule_id: alert.rule.id,
    level: alert.rule.level,
    kind: alert.kind,
    fingerprint: alert.fingerprint,
    hosts: alert.entities.filter((e) => e.type === 'host').map((e) => e.value),
    reason: alert.suppression.reason ?? '',
    recorded_at: toDateTime64(recordedAt),
    alert: JSON.stringify(alert),
  };
}

import type { Alert, Change } from '@quell/contracts';
import { assertIdentifier, DEFAULT_DATABASE, insertJsonRows, toDateTime64, type ClickHouseClient } from '@quell/platform-clickhouse';
import type { ChangeHistory, SuppressedAlertPage, SuppressedAlertQuery } from './change-history.port';
import { SUPPRESSED_ALERTS_TABLE, SuppressedAlertsRepository } from './suppressed-alerts.repository';

/** WARNING: the table of CHANGE_VERSIONS_0001; renaming it loses the history. */
export const CHANGE_VERSIONS_TABLE = 'quell_change_versions';

/** The ChangeHistory port over ClickHouse; every value bound as a `{name:Type}` parameter. */
export class ChangeHistoryRepository implements ChangeHistory {
  private readonly table: string;
  private readonly suppressed: SuppressedAlertsRepository;

  constructor(
    private readonly client: ClickHouseClient,
    database = DEFAULT_DATABASE,
  ) {
    this.table = `${assertIdentifier(database)}.${CHANGE_VERSIONS_TABLE}`;
    this.suppressed = new SuppressedAlertsRepository(client, `${assertIdentifier(database)}.${SUPPRESSED_ALERTS_TABLE}`);
  }

  recordSuppressed(alerts: readonly Alert[], recordedAt: number): Promise<void> {
    return this.suppressed.record(alerts, recordedAt);
  }

  suppressedAlerts(tenant: string, changeId: string, query: SuppressedAlertQuery): Promise<SuppressedAlertPage> {
    return this.suppressed.page(tenant, changeId, query);
  }

  async record(versions: readonly Change[], recordedAt: number): Promise<void> {
    if (versions.length === 0) return;
    await insertJsonRows(this.client, { table: this.table, rows: versions.map((change) => rowOf(change, recordedAt)) });
  }

  async versions(tenant: string, id: string): Promise<Change[]> {
    const result = await this.client.query({
      // FINAL: a version stored twice (a batch handled again) is read once.
      query: `SELECT change FROM ${this.table} FINAL WHERE tenant = {tenant:String} AND id = {id:String} ORDER BY version`,
      query_params: { tenant, id },
      format: 'JSONEachRow',
    });
    return changesOf(await result.json<{ change: string }>());
  }

  async latestVersions(): Promise<Change[]> {
    const result = await this.client.query({
      query: `SELECT argMax(change, version) AS change FROM ${this.table} GROUP BY tenant, id`,
      format: 'JSONEachRow',
    });
    return changesOf(await result.json<{ change: string }>());
  }
}

const changesOf = (rows: { change: string }[]) => rows.map((row) => JSON.parse(row.change) as Change);

function rowOf(change: Change, recordedAt: number) {
  return {
    tenant: change.tenant,
    id: change.id,
    version: change.version,
    status: change.status,
    kind: change.kind,
    title: change.title,
    ticket_ref: change.ticketRef,
    owner: change.owner,
    approver: change.approver,
    hosts: change.scope.hosts,
    services: change.scope.services,
    first_start: toDateTime64(Math.min(...change.windows.map((w) => w.start))),
    last_end: toDateTime64(Math.max(...change.windows.map((w) => w.end))),
    recorded_at: toDateTime64(recordedAt),
    change: JSON.stringify(change),
  };
}

import { assertIdentifier, DEFAULT_DATABASE, fromDateTime64, selectRows, toDateTime64, type ClickHouseClient } from '@quell/platform-clickhouse';
import { DELIVERIES_TABLE } from './delivery-log.migrations';
import type { DeliveryAttempt } from './delivery-log.port';

export const DELIVERY_HISTORY = Symbol('DELIVERY_HISTORY');

export interface DeliveryQuery {
  tenant: string;
  status?: DeliveryAttempt['status'];
  incidentId?: string;
  /** At or after / before (epoch ms). */
  from?: number;
  to?: number;
  limit: number;
}

/** The delivery log as operators read it: the attempts of a tenant, newest first. */
export interface DeliveryHistory {
  list(query: DeliveryQuery): Promise<DeliveryAttempt[]>;
}

interface DeliveryRow {
  tenant: string;
  incident_id: string;
  transition: string;
  transition_key: string;
  channel: string;
  attempt: number;
  status: DeliveryAttempt['status'];
  http_status: number | null;
  error: string | null;
  at: string;
}

/** Reads quell_deliveries (FINAL: an attempt written twice is listed once), every value a parameter. */
export class ClickHouseDeliveryHistory implements DeliveryHistory {
  private readonly table: string;

  constructor(
    private readonly client: ClickHouseClient,
    database = DEFAULT_DATABASE,
  ) {
    this.table = `${assertIdentifier(database)}.${DELIVERIES_TABLE}`;
  }

  async list(query: DeliveryQuery): Promise<DeliveryAttempt[]> {
    const where = ['tenant = {tenant:String}'];
    const params: Record<string, unknown> = { tenant: query.tenant, limit: query.limit };
    if (query.status) {
      where.push('status = {status:String}');
      params.status = query.status;
    }
    if (query.incidentId) {
      where.push('incident_id = {incident:String}');
      params.incident = query.incidentId;
    }
    if (query.from !== undefined) {
      where.push("at >= {from:DateTime64(3, 'UTC')}");
      params.from = toDateTime64(query.from);
    }
    if (query.to !== undefined) {
      where.push("at < {to:DateTime64(3, 'UTC')}");
      params.to = toDateTime64(query.to);
    }
    const rows = await selectRows<DeliveryRow>(this.client, `SELECT * FROM ${this.table} FINAL WHERE ${where.join(' AND ')} ORDER BY at DESC, channel LIMIT {limit:UInt32}`, params);
    return rows.map((row) => ({
      tenant: row.tenant,
      incidentId: row.incident_id,
      transition: row.transition,
      transitionKey: row.transition_key,
      channel: row.channel,
      attempt: row.attempt,
      status: row.status,
      httpStatus: row.http_status,
      error: row.error,
      at: fromDateTime64(row.at),
    }));
  }
}

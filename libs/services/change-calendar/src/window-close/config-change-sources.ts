import type { Occurrence } from '@quell/calendar';
import type { EventHistory } from '@quell/platform-event-history';
import type { ConfigChangeSource } from './window-close-report';

/** Devices read per window: a report lists 50 of them; the cap bounds a runaway tenant's query. */
export const MAX_SOURCES_PER_WINDOW = 10_000;

interface SourceRow {
  host: string;
  ip: string;
  events: number;
  firstAt: number;
}

/**
 * The tenant's config_change events in the occurrence [start, end), grouped per device (the host, or
 * the observer that reported its own edit). Every value is a query parameter. A replayed event
 * stored twice counts once (uniqExact of the id).
 */
export async function configChangeSourcesIn(history: EventHistory, tenant: string, occurrence: Occurrence): Promise<ConfigChangeSource[]> {
  const rows = await history.select<SourceRow>(
    (table) => `SELECT
        lower(if(host_name != '', host_name, observer_hostname)) AS host,
        if(host_ip != '', host_ip, observer_ip) AS ip,
        uniqExact(id) AS events,
        toUnixTimestamp64Milli(min(time)) AS firstAt
      FROM ${table}
      WHERE tenant = {tenant:String} AND class_name = 'config_change'
        AND time >= fromUnixTimestamp64Milli({from:Int64}, 'UTC') AND time < fromUnixTimestamp64Milli({to:Int64}, 'UTC')
      GROUP BY host, ip
      ORDER BY firstAt, host, ip
      LIMIT {limit:UInt32}`,
    { tenant, from: occurrence.start, to: occurrence.end, limit: MAX_SOURCES_PER_WINDOW },
  );
  return rows.map((row) => ({ host: row.host || null, ip: row.ip || null, events: Number(row.events), firstAt: Number(row.firstAt) }));
}

import type { Event } from '@quell/contracts';
import { fromDateTime64, toDateTime64, type ClickHouseClient } from '@quell/platform-clickhouse';
import { ecsPartsOfRow, EVENT_COLUMNS, processExtrasOfRow, type EventRow } from './event-row';

export interface HistoryRange {
  /** Epoch ms, included. */
  from: number;
  /** Epoch ms, excluded. */
  to: number;
  /** One tenant, or every tenant when absent. */
  tenant?: string;
}

const COLUMNS = EVENT_COLUMNS.join(', ');

/**
 * The events of a time range in event-time order (then id), one page at a time: each page starts
 * after the last (time, id) of the one before, so memory holds one page whatever the range. A
 * replayed event stored twice (before the table merges it) sits next to its copy in that order
 * and is read once.
 */
export async function* historyPages(client: ClickHouseClient, table: string, range: HistoryRange, pageSize: number): AsyncGenerator<Event[]> {
  const query = `SELECT ${COLUMNS} FROM ${table}
    WHERE time >= {from:DateTime64(3, 'UTC')} AND time < {to:DateTime64(3, 'UTC')}
      AND ({tenant:String} = '' OR tenant = {tenant:String})
      AND (time, id) > ({afterTime:DateTime64(3, 'UTC')}, {afterId:String})
    ORDER BY time, id
    LIMIT {limit:UInt32}`;
  let after = { time: toDateTime64(range.from), id: '' };
  for (;;) {
    const result = await client.query({
      query,
      query_params: { from: toDateTime64(range.from), to: toDateTime64(range.to), tenant: range.tenant ?? '', afterTime: after.time, afterId: after.id, limit: pageSize },
      format: 'JSONEachRow',
    });
    const rows = await result.json<EventRow>();
    const events: Event[] = [];
    for (const row of rows) {
      if (row.id === after.id && row.time === after.time) continue;
      events.push(eventOfRow(row));
      after = { time: row.time, id: row.id };
    }
    if (events.length > 0) yield events;
    if (rows.length < pageSize) return;
  }
}

/** A history row back into the normalized Event the rules match (the inverse of eventToRow, minus what the table does not keep). */
export function eventOfRow(row: EventRow): Event {
  const text = (value: string): string | null => (value === '' ? null : value);
  const port = (value: number | string): number | null => (Number(value) === 0 ? null : Number(value));
  const endpoint = (ip: string, p: number | string) => (ip === '' && Number(p) === 0 ? null : { ip: text(ip), port: port(p) });
  const hasProcess =
    row.process_name !== '' || row.process_executable !== '' || row.process_command_line !== '' || Number(row.process_pid) !== 0 || row.process_parent_executable !== '';
  return {
    id: row.id,
    tenant: row.tenant,
    time: fromDateTime64(row.time),
    ingestTime: fromDateTime64(row.ingest_time),
    source: { type: row.source_type, name: row.source_name },
    className: row.class_name,
    classUid: Number(row.class_uid),
    action: text(row.action),
    outcome: row.outcome,
    severity: Number(row.severity),
    host: row.host_name === '' && row.host_ip === '' ? null : { name: text(row.host_name), ip: text(row.host_ip) },
    user: row.user_name === '' ? null : { name: row.user_name, domain: text(row.user_domain) },
    src: endpoint(row.src_ip, row.src_port),
    dst: endpoint(row.dst_ip, row.dst_port),
    process: hasProcess
      ? {
          pid: Number(row.process_pid) === 0 ? null : Number(row.process_pid),
          name: text(row.process_name),
          executable: text(row.process_executable),
          commandLine: text(row.process_command_line),
          parentName: text(row.process_parent_name),
          ...processExtrasOfRow(row),
        }
      : null,
    service: text(row.service),
    message: text(row.message),
    tags: row.tags,
    original: row.original,
    rawText: text(row.raw_text),
    attackTechniques: row.attack_techniques,
    late: Boolean(row.late),
    parseWarnings: [],
    ...ecsPartsOfRow(row),
  };
}

/**
 * Where to start reading a range so that at most about `max` of its newest events are read: the
 * time of its max-th newest event, or the range's start when it holds fewer (events sharing that
 * time are all after it, so a caller bounding the count stops at `max`).
 */
export async function newestEventsStart(client: ClickHouseClient, table: string, range: HistoryRange, max: number): Promise<number> {
  if (max <= 0) return range.to;
  const result = await client.query({
    query: `SELECT time FROM ${table}
      WHERE time >= {from:DateTime64(3, 'UTC')} AND time < {to:DateTime64(3, 'UTC')}
        AND ({tenant:String} = '' OR tenant = {tenant:String})
      ORDER BY time DESC
      LIMIT 1 OFFSET {skip:UInt64}`,
    query_params: { from: toDateTime64(range.from), to: toDateTime64(range.to), tenant: range.tenant ?? '', skip: max - 1 },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ time: string }>();
  return rows.length === 0 ? range.from : fromDateTime64(rows[0].time);
}

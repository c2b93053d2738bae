import type { Event } from '@quell/contracts';
import { toDateTime64 } from './clickhouse-client';

/**
 * One row of `quell_events` (column names are the table's; see migrations/0001_events.sql and
 * migrations/README.md). Absent optional values are stored as '' or 0, not NULL: Nullable costs
 * ClickHouse an extra column and slows filters, and investigations ask "= value", not "IS NULL".
 */
export interface EventRow {
  id: string;
  tenant: string;
  /** `YYYY-MM-DD hh:mm:ss.sss`, UTC (DateTime64(3, 'UTC')). */
  time: string;
  ingest_time: string;
  source_type: string;
  source_name: string;
  class_name: string;
  class_uid: number;
  action: string;
  outcome: string;
  severity: number;
  host_name: string;
  host_ip: string;
  user_name: string;
  user_domain: string;
  src_ip: string;
  src_port: number;
  dst_ip: string;
  dst_port: number;
  process_pid: number;
  process_name: string;
  process_executable: string;
  process_command_line: string;
  process_parent_name: string;
  service: string;
  message: string;
  tags: string[];
  original: Record<string, string>;
  raw_text: string;
  attack_techniques: string[];
  late: boolean;
}

/** Flattens a normalized Event (the Avro contract) into the history table's columns. */
export function eventToRow(e: Event): EventRow {
  return {
    id: e.id,
    tenant: e.tenant,
    time: toDateTime64(e.time),
    ingest_time: toDateTime64(e.ingestTime),
    source_type: e.source.type,
    source_name: e.source.name,
    class_name: e.className,
    class_uid: e.classUid,
    action: e.action ?? '',
    outcome: e.outcome,
    severity: e.severity,
    host_name: e.host?.name ?? '',
    host_ip: e.host?.ip ?? '',
    user_name: e.user?.name ?? '',
    user_domain: e.user?.domain ?? '',
    src_ip: e.src?.ip ?? '',
    src_port: e.src?.port ?? 0,
    dst_ip: e.dst?.ip ?? '',
    dst_port: e.dst?.port ?? 0,
    process_pid: e.process?.pid ?? 0,
    process_name: e.process?.name ?? '',
    process_executable: e.process?.executable ?? '',
    process_command_line: e.process?.commandLine ?? '',
    process_parent_name: e.process?.parentName ?? '',
    service: e.service ?? '',
    message: e.message ?? '',
    tags: e.tags,
    original: e.original,
    raw_text: e.rawText ?? '',
    attack_techniques: e.attackTechniques,
    late: e.late,
  };
}

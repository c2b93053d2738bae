import type { EntityKind, EventFilter, ValueKind } from '@quell/anomaly';
import { toDateTime64 } from '@quell/platform-clickhouse';

/**
 * The only column expressions an anomaly query may group or match by. Identifiers cannot be query
 * parameters, so a rule names an attribute and this fixed table turns it into SQL; nothing a user
 * writes reaches the query text. Each expression yields the value as `attributeOf` reads it from
 * an event (user_key is the materialized lower(user_name) of migration 0002).
 */
const ATTRIBUTE_SQL: Record<EntityKind | 'process', string> = {
  host: 'host_name',
  user: 'user_key',
  src_ip: 'src_ip',
  process: 'lower(process_name)',
};

/** Collects `{name:Type}` parameters while a query is assembled, so every value is bound, never pasted. */
export class QueryParams {
  readonly values: Record<string, unknown> = {};

  constructor(private readonly prefix = 'p') {}

  bind(value: unknown, type: string): string {
    const name = `${this.prefix}${Object.keys(this.values).length}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }

  time(ms: number): string {
    return this.bind(toDateTime64(ms), "DateTime64(3, 'UTC')");
  }
}

/** SQL of an attribute; an `original` field's name is bound as a parameter (`original[{p3:String}]`). */
export function attributeSql(kind: ValueKind, params: QueryParams): string {
  return typeof kind === 'object' ? `original[${params.bind(kind.originalField, 'String')}]` : ATTRIBUTE_SQL[kind];
}

/** ` AND class_name IN {…}` etc. for each non-empty part of the filter, and the tenant list. */
export function filterSql(filter: EventFilter, tenants: readonly string[], params: QueryParams): string {
  const parts: string[] = [];
  if (tenants.length > 0) parts.push(`tenant IN ${params.bind(tenants, 'Array(String)')}`);
  if (filter.className.length > 0) parts.push(`class_name IN ${params.bind(filter.className, 'Array(String)')}`);
  if (filter.action.length > 0) parts.push(`action IN ${params.bind(filter.action, 'Array(String)')}`);
  if (filter.outcome.length > 0) parts.push(`outcome IN ${params.bind(filter.outcome, 'Array(String)')}`);
  return parts.map((p) => ` AND ${p}`).join('');
}

/** `time` within any of the ranges, adjacent ones merged; an OR of ranges lets ClickHouse skip whole daily partitions. */
export function timeRangesSql(windows: readonly { from: number; to: number }[], params: QueryParams): string {
  const sorted = [...windows].sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last && w.from <= last.to) last.to = Math.max(last.to, w.to);
    else merged.push({ ...w });
  }
  return `(${merged.map((w) => `(time >= ${params.time(w.from)} AND time < ${params.time(w.to)})`).join(' OR ')})`;
}

import type { Alert, Incident } from '@quell/contracts';
import { assertIdentifier, DEFAULT_DATABASE, fromDateTime64, selectRows, type ClickHouseClient } from '@quell/platform-clickhouse';
import { ALERTS_TABLE, INCIDENT_VERSIONS_TABLE } from './incident-history-tables';
import type { IncidentCursor, IncidentFilter, IncidentSearch, IncidentSummary } from './incident-search.port';

/** A filter's SQL (constant text, values bound by name) and its parameters. */
interface Condition {
  sql: string;
  params: Record<string, unknown>;
}

/** A bare entity value matches any type; `type:value` only that type (types are lower-case words). */
const TYPED_ENTITY = /^[a-z_]+:./;

/** The conditions of a filter, applied to each incident's latest version. */
export function filterConditions(filter: IncidentFilter, after?: IncidentCursor): Condition[] {
  const conditions: Condition[] = [];
  const add = (sql: string, params: Record<string, unknown> = {}) => conditions.push({ sql, params });
  if (filter.statuses?.length) add('status IN {statuses:Array(String)}', { statuses: filter.statuses });
  if (filter.priorities?.length) add('priority IN {priorities:Array(UInt8)}', { priorities: filter.priorities });
  if (filter.service) add('has(services, {service:String})', { service: filter.service });
  if (filter.entity && TYPED_ENTITY.test(filter.entity)) add('has(entities, {entity:String})', { entity: filter.entity });
  else if (filter.entity) add("arrayExists(e -> substring(e, position(e, ':') + 1) = {entityValue:String}, entities)", { entityValue: filter.entity });
  if (filter.ruleId) add('has(rule_ids, {ruleId:String})', { ruleId: filter.ruleId });
  if (filter.assignee) add('assignee = {assignee:String}', { assignee: filter.assignee });
  if (filter.from !== undefined) add("last_seen >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')", { from: filter.from });
  if (filter.to !== undefined) add("first_seen < fromUnixTimestamp64Milli({to:Int64}, 'UTC')", { to: filter.to });
  if (filter.text) {
    add("positionCaseInsensitiveUTF8(concat(title, ' ', id, ' ', arrayStringConcat(entities, ' '), ' ', ifNull(assignee, '')), {text:String}) > 0", { text: filter.text });
  }
  if (after) {
    add("(last_seen, id) < (fromUnixTimestamp64Milli({afterSeen:Int64}, 'UTC'), {afterId:String})", { afterSeen: after.lastSeen, afterId: after.id });
  }
  return conditions;
}

/** The list query: each incident's latest version (FINAL: a version stored twice counts once), filtered, newest activity first. */
export function incidentListSql(conditions: readonly Condition[]): string {
  const where = conditions.length > 0 ? `WHERE ${conditions.map((c) => c.sql).join('\n  AND ')}` : '';
  return `SELECT id, version, title, status, severity, priority, services, entities, rule_ids, alert_count, assignee,
  resolution_code, first_seen, last_seen
FROM
(
  SELECT * FROM {database:Identifier}.${INCIDENT_VERSIONS_TABLE} FINAL
  WHERE tenant = {tenant:String}
  ORDER BY id, version DESC
  LIMIT 1 BY id
)
${where}
ORDER BY last_seen DESC, id DESC
LIMIT {limit:UInt32}`;
}

interface SummaryRow {
  id: string;
  version: number;
  title: string;
  status: string;
  severity: string;
  priority: number;
  services: string[];
  entities: string[];
  rule_ids: string[];
  alert_count: number;
  assignee: string | null;
  resolution_code: string | null;
  first_seen: string;
  last_seen: string;
}

/**
 * IncidentSearch over the incident history's ClickHouse tables; every value a `{name:Type}`
 * parameter. The history is written after the incident is published, so it trails the document
 * store by moments: the API reads one incident from the store and lists from here.
 */
export class ClickHouseIncidentSearch implements IncidentSearch {
  private readonly database: string;

  constructor(
    private readonly client: ClickHouseClient,
    database = DEFAULT_DATABASE,
  ) {
    this.database = assertIdentifier(database);
  }

  async search(tenant: string, filter: IncidentFilter, page: { limit: number; after?: IncidentCursor }): Promise<IncidentSummary[]> {
    const conditions = filterConditions(filter, page.after);
    const params = Object.assign({ tenant, limit: page.limit }, ...conditions.map((c) => c.params)) as Record<string, unknown>;
    const rows = await this.rows<SummaryRow>(incidentListSql(conditions), params);
    return rows.map(summaryOf);
  }

  async latest(tenant: string, id: string): Promise<Incident | null> {
    const rows = await this.rows<{ incident: string }>(
      `SELECT incident FROM {database:Identifier}.${INCIDENT_VERSIONS_TABLE} FINAL
       WHERE tenant = {tenant:String} AND id = {id:String}
       ORDER BY version DESC
       LIMIT 1`,
      { tenant, id },
    );
    return rows.length > 0 ? (JSON.parse(rows[0].incident) as Incident) : null;
  }

  async alertsByIds(tenant: string, ids: readonly string[]): Promise<Alert[]> {
    if (ids.length === 0) return [];
    const rows = await this.rows<{ id: string; alert: string }>(
      `SELECT id, alert FROM {database:Identifier}.${ALERTS_TABLE} FINAL
       WHERE tenant = {tenant:String} AND id IN {ids:Array(String)}
       ORDER BY id, last_seen DESC, event_count DESC, dedup_count DESC
       LIMIT 1 BY id`,
      { tenant, ids },
    );
    const byId = new Map(rows.map((row) => [row.id, JSON.parse(row.alert) as Alert]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private rows<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
    return selectRows<T>(this.client, query, { database: this.database, ...params });
  }
}

function summaryOf(row: SummaryRow): IncidentSummary {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    status: row.status,
    severity: row.severity,
    priority: row.priority,
    services: row.services,
    entities: row.entities,
    ruleIds: row.rule_ids,
    alertCount: row.alert_count,
    assignee: row.assignee,
    resolution: row.resolution_code,
    firstSeen: fromDateTime64(row.first_seen),
    lastSeen: fromDateTime64(row.last_seen),
  };
}

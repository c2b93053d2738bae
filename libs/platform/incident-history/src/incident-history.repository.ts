import type { Alert, Entity, Incident } from '@quell/contracts';
import { assertIdentifier, DEFAULT_DATABASE, fromDateTime64, insertJsonRows, toDateTime64, type ClickHouseClient } from '@quell/platform-clickhouse';
import { alertRow } from './alert-row';
import { entityKey, entityOfKey } from './entity-key';
import { ALERTS_TABLE, INCIDENT_VERSIONS_TABLE } from './incident-history-tables';
import type { IncidentHistory, SimilarIncident, SimilarityProbe, StoredRuleCredit } from './incident-history.port';
import { factsOfVersion, incidentRow, type AlertFacts } from './incident-row';
import { SIMILAR_RESOLVED_INCIDENTS_SQL } from './similar-incidents.query';

interface SimilarRow {
  id: string;
  title: string;
  status: string;
  score: number;
  rules_jaccard: number;
  techniques_jaccard: number;
  entities_jaccard: number;
  shared_rules: string[];
  shared_techniques: string[];
  shared_entities: string[];
  resolution_code: string | null;
  resolved_at: string;
  time_to_resolve_ms: number;
  resolved_detail: string;
}

/** The IncidentHistory port over ClickHouse; every value bound as a `{name:Type}` parameter. */
export class IncidentHistoryRepository implements IncidentHistory {
  private readonly database: string;

  constructor(
    private readonly client: ClickHouseClient,
    database = DEFAULT_DATABASE,
  ) {
    this.database = assertIdentifier(database);
  }

  async recordAlerts(alerts: readonly Alert[], recordedAt: number): Promise<void> {
    if (alerts.length === 0) return;
    // Idempotent through the ReplacingMergeTree and FINAL reads, not insert_deduplication_token
    // (which a non-replicated MergeTree ignores; see DESIGN.md).
    await this.insert(ALERTS_TABLE, alerts.map((a) => alertRow(a, recordedAt)));
  }

  async recordIncidents(versions: readonly Incident[], recordedAt: number): Promise<void> {
    if (versions.length === 0) return;
    // A v3 version names its rules and techniques; an older producer's are read from its alerts.
    const facts = await this.alertFacts(versions.filter((incident) => incident.ruleIds.length === 0));
    const rows = versions.map((incident) => incidentRow(incident, factsOfVersion(incident, factsOf(incident, facts)), recordedAt));
    await this.insert(INCIDENT_VERSIONS_TABLE, rows);
  }

  async alertsOfIncident(tenant: string, incidentId: string): Promise<Alert[]> {
    const rows = await this.rows<{ alert: string }>(
      `SELECT alert FROM
       (
         SELECT alert, first_seen, id FROM {database:Identifier}.${ALERTS_TABLE} FINAL
         WHERE tenant = {tenant:String}
           AND id IN (SELECT arrayJoin(argMax(alert_ids, version)) FROM {database:Identifier}.${INCIDENT_VERSIONS_TABLE}
                      WHERE tenant = {tenant:String} AND id = {incident:String})
         ORDER BY id, last_seen DESC, event_count DESC, dedup_count DESC
         LIMIT 1 BY id
       )
       ORDER BY first_seen, id`,
      { tenant, incident: incidentId },
    );
    return rows.map((row) => JSON.parse(row.alert) as Alert);
  }

  async ruleCredits(tenant: string, ruleIds: readonly string[], since: number): Promise<StoredRuleCredit[]> {
    if (ruleIds.length === 0) return [];
    // Any state of any alert of the rule will do (no FINAL): a rule's credit is the same in all of them.
    return this.rows<StoredRuleCredit>(
      `SELECT rule_id AS id, argMax(rule_title, recorded_at) AS title, argMax(rule_author, recorded_at) AS author
       FROM {database:Identifier}.${ALERTS_TABLE}
       WHERE tenant = {tenant:String} AND rule_id IN {ruleIds:Array(String)} AND first_seen >= {since:DateTime64(3, 'UTC')}
       GROUP BY rule_id
       ORDER BY rule_id`,
      { tenant, ruleIds, since: toDateTime64(since) },
    );
  }

  async incidentsTouchingEntity(tenant: string, entity: Entity, limit = 100): Promise<Incident[]> {
    // The latest version of each incident, among those whose entities ever held the entity.
    const rows = await this.rows<{ latest: string }>(
      `SELECT latest FROM
       (
         SELECT argMax(incident, version) AS latest, max(last_seen) AS seen
         FROM {database:Identifier}.${INCIDENT_VERSIONS_TABLE}
         WHERE tenant = {tenant:String}
           AND id IN (SELECT id FROM {database:Identifier}.${INCIDENT_VERSIONS_TABLE} WHERE tenant = {tenant:String} AND has(entities, {entity:String}))
         GROUP BY id
       )
       ORDER BY seen DESC
       LIMIT {limit:UInt32}`,
      { tenant, entity: entityKey(entity), limit },
    );
    return rows.map((row) => JSON.parse(row.latest) as Incident);
  }

  async probeOf(tenant: string, incidentId: string): Promise<SimilarityProbe | null> {
    const rows = await this.rows<{ rule_ids: string[]; techniques: string[]; entities: string[] }>(
      `SELECT rule_ids, techniques, entities FROM {database:Identifier}.${INCIDENT_VERSIONS_TABLE} FINAL
       WHERE tenant = {tenant:String} AND id = {incident:String}
       ORDER BY version DESC
       LIMIT 1`,
      { tenant, incident: incidentId },
    );
    if (rows.length === 0) return null;
    const [row] = rows;
    return { incidentId, ruleIds: row.rule_ids, techniques: row.techniques, entities: row.entities.map(entityOfKey) };
  }

  async similarResolvedIncidents(tenant: string, probe: SimilarityProbe, limit = 5): Promise<SimilarIncident[]> {
    const rows = await this.rows<SimilarRow>(SIMILAR_RESOLVED_INCIDENTS_SQL, {
      tenant,
      exclude: probe.incidentId ?? '',
      rules: distinct(probe.ruleIds),
      techniques: distinct(probe.techniques),
      entities: distinct(probe.entities.map(entityKey)),
      limit,
    });
    return rows.map((row) => ({
      id: row.id,
      title: row.title,
      status: row.status,
      score: row.score,
      jaccard: { rules: row.rules_jaccard, techniques: row.techniques_jaccard, entities: row.entities_jaccard },
      sharedRules: row.shared_rules,
      sharedTechniques: row.shared_techniques,
      sharedEntities: row.shared_entities,
      resolutionCode: row.resolution_code,
      resolutionNote: noteOf(row.resolved_detail, row.resolution_code),
      timeToResolveMs: row.time_to_resolve_ms,
      resolvedAt: fromDateTime64(row.resolved_at),
    }));
  }

  /** Rule and technique ids of the recorded alerts the incidents name, keyed by tenant and alert id. */
  private async alertFacts(versions: readonly Incident[]): Promise<Map<string, AlertFacts>> {
    const facts = new Map<string, AlertFacts>();
    // One query per tenant (a batch usually holds one).
    for (const tenant of distinct(versions.map((incident) => incident.tenant))) {
      const ids = distinct(versions.filter((incident) => incident.tenant === tenant).flatMap((incident) => incident.alertIds));
      const rows = await this.rows<{ id: string; rule_id: string; techniques: string[] }>(
        `SELECT id, any(rule_id) AS rule_id, groupUniqArrayArray(techniques) AS techniques
         FROM {database:Identifier}.${ALERTS_TABLE}
         WHERE tenant = {tenant:String} AND id IN {ids:Array(String)}
         GROUP BY id`,
        { tenant, ids },
      );
      for (const row of rows) facts.set(alertKey(tenant, row.id), { ruleIds: [row.rule_id], techniques: row.techniques });
    }
    return facts;
  }

  private async insert(table: string, values: object[]): Promise<void> {
    // chdb turns async_insert on by default: off here, so a resolved insert is stored and readable
    // (the caller commits its offsets after it), and a failure throws instead of being buffered.
    await insertJsonRows(this.client, { table: `${this.database}.${table}`, rows: values, settings: { async_insert: 0 } });
  }

  private async rows<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
    const result = await this.client.query({
      query,
      query_params: { database: this.database, ...params },
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    return result.json<T>();
  }
}

function factsOf(incident: Incident, facts: Map<string, AlertFacts>): AlertFacts {
  const known = incident.alertIds.flatMap((id) => facts.get(alertKey(incident.tenant, id)) ?? []);
  return { ruleIds: distinct(known.flatMap((f) => f.ruleIds)).sort(), techniques: distinct(known.flatMap((f) => f.techniques)).sort() };
}

/** The analyst's note of a resolution entry (`false_positive: backup job` → `backup job`); null when there is none. */
function noteOf(detail: string, code: string | null): string | null {
  const note = code && detail.startsWith(`${code}: `) ? detail.slice(code.length + 2) : detail === code ? '' : detail;
  return note.trim() === '' ? null : note.trim();
}

const alertKey = (tenant: string, id: string) => `${tenant}\u0000${id}`;
const distinct = (values: readonly string[]): string[] => [...new Set(values)];

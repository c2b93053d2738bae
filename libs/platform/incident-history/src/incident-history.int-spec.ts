import { createClickHouseClient, MigrationRunner, type ClickHouseClient } from '@quell/platform-clickhouse';
import { clickHouseEngines, TestDatabases } from '@quell/platform-testing';
import { ALERTS_TABLE, INCIDENT_VERSIONS_TABLE } from './incident-history-tables';
import { INCIDENT_HISTORY_MIGRATIONS } from './incident-history.migrations';
import { IncidentHistoryRepository } from './incident-history.repository';
import { ALERTS, BRUTE_REPEATED, INCIDENTS, recordSeed, T0 } from './test/incident-history-seed';

const MINUTE = 60_000;

async function countFinal(client: ClickHouseClient, table: string, id: string): Promise<number> {
  const result = await client.query({ query: `SELECT count() AS n FROM ${table} FINAL WHERE id = {id:String}`, query_params: { id }, format: 'JSONEachRow' });
  return Number((await result.json<{ n: string }>())[0].n);
}

describe.each(clickHouseEngines())('the incident history on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const databases = new TestDatabases();
  let database: string;
  let history: IncidentHistoryRepository;

  beforeAll(async () => {
    database = databases.next();
    await new MigrationRunner(client, { sets: [INCIDENT_HISTORY_MIGRATIONS], database }).run();
    history = new IncidentHistoryRepository(client, database);
    await recordSeed(history);
  });

  afterAll(async () => {
    for (const name of databases.names) await client.command({ query: `DROP DATABASE IF EXISTS ${name}` });
    await client.close();
  });

  it('stores a batch before recordAlerts resolves (chdb defaults to async_insert = 1; the repository turns it off)', async () => {
    await history.recordAlerts([{ ...ALERTS.firewallChange, id: 'a7' }], T0);
    expect(await countFinal(client, `${database}.${ALERTS_TABLE}`, 'a7')).toBe(1);
  });

  it('keeps every field of an alert, suppression and dedup included', async () => {
    const result = await client.query({
      query: `SELECT suppression_state, suppression_change_id, suppression_reason, dedup_count, rule_author, entities, kind FROM {db:Identifier}.${ALERTS_TABLE} WHERE id = 'a6'`,
      query_params: { db: database },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { suppression_state: 'suppressed', suppression_change_id: 'CHG-9', suppression_reason: 'approved change CHG-9 covers fw-1', dedup_count: 1, rule_author: 'SigmaHQ', entities: ['host:fw-1'], kind: 'change' },
    ]);
  });

  it('stores a replayed batch once, alerts and incident versions alike', async () => {
    const before = await history.alertsOfIncident('acme', 'i1');
    await history.recordAlerts(Object.values(ALERTS), T0 + 5 * MINUTE);
    await history.recordIncidents([INCIDENTS.currentV2, INCIDENTS.reset], T0 + 5 * MINUTE);
    expect(await countFinal(client, `${database}.${ALERTS_TABLE}`, 'a1')).toBe(1);
    expect(await countFinal(client, `${database}.${INCIDENT_VERSIONS_TABLE}`, 'i1')).toBe(2);
    expect(await history.alertsOfIncident('acme', 'i1')).toEqual(before);
    // And a merge keeps one row of each: the copies are gone from disk, not only hidden by FINAL.
    await client.command({ query: `OPTIMIZE TABLE ${database}.${INCIDENT_VERSIONS_TABLE} FINAL` });
    const stored = await client.query({ query: `SELECT count() AS n FROM ${database}.${INCIDENT_VERSIONS_TABLE} WHERE id = 'p4'`, format: 'JSONEachRow' });
    expect(Number((await stored.json<{ n: string }>())[0].n)).toBe(2);
  });

  it('answers the latest state of each alert of an incident, repeats folded by the deduper included', async () => {
    await history.recordAlerts([BRUTE_REPEATED], T0 + 10 * MINUTE);
    // Both states are kept for the record; the query answers the latest.
    expect(await countFinal(client, `${database}.${ALERTS_TABLE}`, 'a1')).toBe(2);
    expect(await history.alertsOfIncident('acme', 'i1')).toEqual([BRUTE_REPEATED, ALERTS.logonWeb1]);
    expect(await history.alertsOfIncident('globex', 'i1')).toEqual([]);
  });

  it('credits rules from any recorded alert of theirs since a time, only those the tenant has', async () => {
    expect(await history.ruleCredits('acme', ['logon-after-brute', 'brute', 'never-fired'], T0)).toEqual([
      { id: 'brute', title: 'Rule brute', author: 'SigmaHQ' },
      { id: 'logon-after-brute', title: 'Rule logon-after-brute', author: 'SigmaHQ' },
    ]);
    // logon-after-brute's alert was first seen at T0 + 2 minutes, every alert of brute before.
    expect(await history.ruleCredits('acme', ['logon-after-brute', 'brute'], T0 + MINUTE)).toEqual([{ id: 'logon-after-brute', title: 'Rule logon-after-brute', author: 'SigmaHQ' }]);
    expect(await history.ruleCredits('globex', ['brute'], T0)).toEqual([]);
    expect(await history.ruleCredits('acme', [], T0)).toEqual([]);
  });

  it('answers the incidents that touched an entity, each at its latest version, most recent first', async () => {
    const touching = await history.incidentsTouchingEntity('acme', { type: 'host', value: 'web-1' });
    expect(touching.map((i) => [i.id, i.version])).toEqual([['i1', 2], ['p4', 3]]);
    expect(await history.incidentsTouchingEntity('acme', { type: 'user', value: "alice' OR 1=1 --" })).toEqual([]);
  });

  it('ranks resolved incidents by shared rules, techniques and entities, with how they ended and the analyst\'s note', async () => {
    const probe = await history.probeOf('acme', 'i1');
    expect(probe).toEqual({
      incidentId: 'i1',
      ruleIds: ['brute', 'logon-after-brute'],
      techniques: ['T1078', 'T1110.001'],
      entities: [{ type: 'host', value: 'web-1' }, { type: 'ip', value: '203.0.113.5' }, { type: 'user', value: 'alice' }],
    });
    expect(await history.probeOf('globex', 'i1')).toBeNull();
    const similar = await history.similarResolvedIncidents('acme', probe!);
    // p4: rules 1/2, techniques 1/2, entities 2/3 → 0.5·0.5 + 0.3·0.5 + 0.2·0.6667; p1: entities 1/4.
    expect(similar).toEqual([
      {
        id: 'p4', title: 'Incident p4', status: 'closed', score: 0.5333, jaccard: { rules: 0.5, techniques: 0.5, entities: 2 / 3 },
        sharedRules: ['brute'], sharedTechniques: ['T1110.001'], sharedEntities: ['host:web-1', 'user:alice'],
        resolutionCode: 'true_positive', resolutionNote: 'password reset', timeToResolveMs: 30 * MINUTE, resolvedAt: T0 + 30 * MINUTE,
      },
      {
        id: 'p1', title: 'Incident p1', status: 'resolved', score: 0.45, jaccard: { rules: 0.5, techniques: 0.5, entities: 0.25 },
        sharedRules: ['brute'], sharedTechniques: ['T1110.001'], sharedEntities: ['ip:203.0.113.5'],
        resolutionCode: 'false_positive', resolutionNote: 'pentest', timeToResolveMs: 120 * MINUTE, resolvedAt: T0 + 120 * MINUTE,
      },
    ]);
  });

  it('takes an incident version\'s rules and techniques from its recorded alerts', async () => {
    const result = await client.query({
      query: `SELECT rule_ids, techniques FROM {db:Identifier}.${INCIDENT_VERSIONS_TABLE} FINAL WHERE id = 'i1' ORDER BY version`,
      query_params: { db: database },
      format: 'JSONEachRow',
    });
    expect(await result.json()).toEqual([
      { rule_ids: ['brute'], techniques: ['T1110.001'] },
      { rule_ids: ['brute', 'logon-after-brute'], techniques: ['T1078', 'T1110.001'] },
    ]);
  });

  it('stores an Incident v3 version with its own rules, resolution, tickets and merge, and leaves a merged incident out of the similar ones', async () => {
    const v3 = {
      ...INCIDENTS.pentest, id: 'v3-1', version: 4, status: 'resolved', ruleIds: ['brute', 'spray'], techniques: ['T1110.003'],
      resolution: 'benign', resolvedAt: T0 + 15 * MINUTE, occurrenceCount: 12, priorityReason: 'P2 because: high severity',
      tickets: { jira: 'SOC-42' }, relatedChanges: [{ changeId: 'CHG-7', title: 'Patch', ticket: null, owner: null, relation: 'scope', entity: 'host:web-9', leadMs: 0, summary: 'x' }],
    };
    const merged = { ...INCIDENTS.pentest, id: 'v3-2', status: 'closed', ruleIds: ['brute'], techniques: ['T1110.001'], mergedInto: 'i1' };
    await history.recordIncidents([v3, merged], T0);
    const result = await client.query({
      query: `SELECT id, rule_ids, techniques, resolution_code, resolved_at, occurrence_count, priority_reason, tickets, merged_into, related_change_ids
              FROM {db:Identifier}.${INCIDENT_VERSIONS_TABLE} FINAL WHERE id IN ('v3-1', 'v3-2') ORDER BY id`,
      query_params: { db: database },
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    expect(await result.json()).toEqual([
      {
        id: 'v3-1', rule_ids: ['brute', 'spray'], techniques: ['T1110.003'], resolution_code: 'benign', resolved_at: '2026-11-28 10:15:00.000',
        occurrence_count: 12, priority_reason: 'P2 because: high severity', tickets: { jira: 'SOC-42' }, merged_into: null, related_change_ids: ['CHG-7'],
      },
      expect.objectContaining({ id: 'v3-2', rule_ids: ['brute'], merged_into: 'i1' }),
    ]);
    const probe = { incidentId: null, ruleIds: ['brute'], techniques: [], entities: [] };
    const ids = (await history.similarResolvedIncidents('acme', probe, 10)).map((s) => s.id);
    expect(ids).toContain('v3-1');
    expect(ids).not.toContain('v3-2');
  });
});

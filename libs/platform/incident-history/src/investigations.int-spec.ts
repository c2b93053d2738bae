import { join } from 'node:path';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { clickHouseEngines, TestDatabases } from '@quell/platform-testing';
import { ALERTS_TABLE, INCIDENT_VERSIONS_TABLE } from './incident-history-tables';
import { INCIDENT_HISTORY_MIGRATIONS } from './incident-history.migrations';
import { IncidentHistoryRepository } from './incident-history.repository';
import { SIMILAR_RESOLVED_INCIDENTS_SQL } from './similar-incidents.query';
import { readIncidentInvestigationQueries } from './test/incident-investigation-queries';
import { BRUTE_REPEATED, recordSeed, T0 } from './test/incident-history-seed';

const DOC = join(process.cwd(), 'docs/investigations.md');

/** Each documented query's parameters (besides tenant and database) and its exact answer on the seed. */
const CASES: Record<string, { params: Record<string, unknown>; expected: Record<string, unknown>[] }> = {
  'alerts-of-incident': {
    params: { incident: 'i1' },
    expected: [
      { id: 'a1', rule_id: 'brute', last_seen: '2026-11-28 10:09:00.000', event_count: 40, dedup_count: 7, suppression_state: 'none', entities: ['host:web-1', 'ip:203.0.113.5'] },
      { id: 'a2', rule_id: 'logon-after-brute', event_count: 5, dedup_count: 1, entities: ['host:web-1', 'user:alice'] },
    ],
  },
  'incidents-touching-entity': {
    params: { entity_type: 'host', entity_value: 'web-1' },
    expected: [
      { id: 'i1', status: 'open', version: 2, last_seen: '2026-11-28 10:02:00.000' },
      { id: 'p4', status: 'closed', version: 3, last_seen: '2026-11-28 10:01:00.000' },
    ],
  },
  'similar-resolved-incidents': {
    params: { exclude: 'i1', rules: ['brute', 'logon-after-brute'], techniques: ['T1110.001', 'T1078'], entities: ['host:web-1', 'ip:203.0.113.5', 'user:alice'], limit: 5 },
    expected: [
      { id: 'p4', score: 0.5333, shared_entities: ['host:web-1', 'user:alice'], resolution_code: 'true_positive', time_to_resolve_ms: 1_800_000 },
      { id: 'p1', score: 0.45, shared_rules: ['brute'], shared_techniques: ['T1110.001'], resolution_code: 'false_positive', time_to_resolve_ms: 7_200_000 },
    ],
  },
  'suppressed-alerts-by-change': {
    params: { change: 'CHG-9' },
    expected: [{ id: 'a6', rule_id: 'fw-change', entities: ['host:fw-1'], suppression_state: 'suppressed', suppression_reason: 'approved change CHG-9 covers fw-1' }],
  },
  'incident-versions': {
    params: { incident: 'p4' },
    expected: [
      { version: 1, status: 'open', resolution_code: null, resolved_at: null },
      { version: 3, status: 'closed', resolution_code: 'true_positive', resolved_at: '2026-11-28 10:30:00.000' },
    ],
  },
  'time-to-resolve-per-rule': {
    params: { from: '2026-11-28 10:00:00.000', to: '2026-11-28 13:00:00.000' },
    expected: [
      // p1 (false positive, 2 h) and p4 (30 min); p2 took 10 min; the open ones are not counted.
      { rule_id: 'brute', incidents: 2, avg_ms: 4_500_000, min_ms: 1_800_000, max_ms: 7_200_000, false_positives: 1 },
      { rule_id: 'lsass-dump', incidents: 1, avg_ms: 600_000, false_positives: 0 },
    ],
  },
  'noisiest-rules': {
    params: { from: '2026-11-28 10:00:00.000', to: '2026-11-28 11:00:00.000' },
    expected: [
      // a1 folded seven occurrences, a4 and a5 one each.
      { rule_id: 'brute', alerts: 3, occurrences: 9, suppressed: 0 },
      { rule_id: 'fw-change', alerts: 1, occurrences: 1, suppressed: 1 },
      { rule_id: 'logon-after-brute', alerts: 1 },
      { rule_id: 'lsass-dump', alerts: 1 },
    ],
  },
};

const queries = readIncidentInvestigationQueries(DOC);

describe('docs/investigations.md, alerts and incidents', () => {
  it('documents each query with a purpose over the tables the lib defines, each one checked here', () => {
    expect(queries.map((q) => q.slug).sort()).toEqual(Object.keys(CASES).sort());
    for (const q of queries) expect(q.purpose.length).toBeGreaterThan(20);
    for (const q of queries) expect(q.sql).toMatch(new RegExp(`\\{database:Identifier\\}\\.(${ALERTS_TABLE}|${INCIDENT_VERSIONS_TABLE})\\b`));
  });

  it('prints the similarity query the repository runs, word for word', () => {
    expect(queries.find((q) => q.slug === 'similar-resolved-incidents')?.sql).toBe(SIMILAR_RESOLVED_INCIDENTS_SQL);
  });
});

describe.each(clickHouseEngines())('alert and incident investigation queries on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const databases = new TestDatabases();
  const database = databases.next();

  beforeAll(async () => {
    await new MigrationRunner(client, { sets: [INCIDENT_HISTORY_MIGRATIONS], database }).run();
    const history = new IncidentHistoryRepository(client, database);
    await recordSeed(history);
    await history.recordAlerts([BRUTE_REPEATED], T0 + 10 * 60_000);
  });

  afterAll(async () => {
    for (const name of databases.names) await client.command({ query: `DROP DATABASE IF EXISTS ${name}` });
    await client.close();
  });

  it.each(queries.map((q) => [q.slug, q] as const))('%s', async (slug, query) => {
    const { params, expected } = CASES[slug];
    const result = await client.query({
      query: query.sql,
      query_params: { database, tenant: 'acme', ...params },
      format: 'JSONEachRow',
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
    const rows = await result.json<Record<string, unknown>>();
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => expect(row).toMatchObject(expected[i]));
  });
});

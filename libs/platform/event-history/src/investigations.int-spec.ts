import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { clickHouseEngines, uniqueDatabase } from '@quell/platform-testing';
import { EventHistoryRepository } from './event-history.repository';
import { EVENT_HISTORY_MIGRATIONS } from './event-history.migrations';
import { EVENTS_TABLE } from './events-table';
import { readInvestigationQueries } from './test/investigation-queries';
import { investigationSeed } from './test/investigation-seed';

const DOC = join(process.cwd(), 'docs/investigations.md');
const hour = { from: '2026-11-28 10:00:00.000', to: '2026-11-28 11:00:00.000' };
/** The seed's Event v2 events (hashes, DNS, registry, devices, cloud, codes, web) sit in this hour. */
const v2Hour = { from: '2026-11-27 12:00:00.000', to: '2026-11-27 13:00:00.000' };
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** Each documented query's parameters (besides tenant and database) and its exact answer on the seed. */
const CASES: Record<string, { params: Record<string, unknown>; expected: Record<string, unknown>[] }> = {
  'user-activity-hour': {
    params: { user: 'ALICE', from: hour.from },
    expected: [
      { time: '2026-11-28 10:05:00.000', host_name: 'web-1', class_name: 'authentication', action: 'logon', outcome: 'success', src_ip: '203.0.113.9' },
      { time: '2026-11-28 10:20:00.000', host_name: 'web-1', class_name: 'process', action: 'start', process_name: 'powershell.exe' },
    ],
  },
  'hosts-talked-to-ip': {
    params: { ip: '198.51.100.7', ...hour },
    expected: [
      { host_name: 'web-2', events: 2, first_seen: '2026-11-28 10:11:00.000', last_seen: '2026-11-28 10:12:00.000' },
      { host_name: 'web-1', events: 1 },
    ],
  },
  'failed-logins-by-source-day': {
    params: { day: '2026-11-28 17:45:00.000' },
    expected: [
      { src_ip: '203.0.113.5', failures: 3, users: 1, hosts: 3 },
      { src_ip: '203.0.113.6', failures: 1, users: 1, hosts: 1 },
    ],
  },
  'processes-on-host-matching': {
    params: { host: 'web-1', pattern: '%-ENC %', ...hour },
    expected: [{ process_name: 'powershell.exe', process_parent_name: 'cmd.exe', user_name: 'alice', time: '2026-11-28 10:20:00.000' }],
  },
  'first-logon-user-host': {
    params: { user: 'alice', host: 'web-1' },
    expected: [{ first_logon: '2026-11-27 09:00:00.000', logons: 2 }],
  },
  'top-talkers': {
    params: { limit: 2, ...hour },
    expected: [
      { src_ip: '10.0.0.2', events: 2, peers: 1 },
      { src_ip: '10.0.0.1', events: 1, peers: 1 },
    ],
  },
  'events-around-time-on-host': {
    params: { host: 'db-1', at: '2026-11-28 10:13:00.000', minutes: 5 },
    expected: [
      { time: '2026-11-28 10:13:00.000', class_name: 'network', dst_ip: '198.51.100.8' },
      { time: '2026-11-28 10:16:00.000', class_name: 'config_change', user_name: 'dave' },
    ],
  },
  'users-failing-on-many-hosts': {
    params: { min_hosts: 2, ...hour },
    expected: [{ user: 'bob', hosts: 3, failures: 3 }],
  },
  'rare-processes': {
    params: { max_hosts: 1, ...hour },
    expected: [
      { process_name: 'notepad.exe', hosts: 1, runs: 1, on_hosts: ['web-1'] },
      { process_name: 'powershell.exe', hosts: 1, runs: 1, on_hosts: ['web-1'] },
    ],
  },
  'config-changes-window': {
    params: hour,
    expected: [
      { host_name: 'db-1', service: 'payments', user_name: 'dave', outcome: 'success', message: 'max_connections 100 -> 500' },
      { host_name: 'fw-1', service: 'edge', user_name: 'erin', outcome: 'failure', message: 'rule 42 deleted' },
    ],
  },
  'service-failure-rate': {
    params: hour,
    expected: [
      { service: 'edge', failures: 1, events: 1, failure_ratio: 1 },
      { service: 'payments', failures: 1, events: 2, failure_ratio: 0.5 },
    ],
  },
  'attack-techniques-on-host': {
    params: { host: 'web-1', ...hour },
    expected: [
      { technique: 'T1059.001', events: 1 },
      { technique: 'T1110', events: 2, first_seen: '2026-11-28 10:30:00.000', last_seen: '2026-11-28 10:40:00.000' },
    ],
  },
  'hash-sightings': {
    // Upper case, as reports often print hashes: the query lower-cases it.
    params: { sha256: SHA.toUpperCase(), ...v2Hour },
    expected: [
      { host_name: 'ws-1', seen_as: 'process', events: 1, first_seen: '2026-11-27 12:05:00.000' },
      { host_name: 'ws-2', seen_as: 'file', events: 1, first_seen: '2026-11-27 12:19:00.000' },
      { host_name: 'ws-2', seen_as: 'process', events: 1, first_seen: '2026-11-27 12:20:00.000' },
    ],
  },
  'domain-lookups': {
    params: { domain: 'Evil-CDN.example', ...v2Hour },
    expected: [
      { host_name: 'ws-1', name: 'update.evil-cdn.example', lookups: 2, first_seen: '2026-11-27 12:06:00.000' },
      { host_name: 'ws-2', name: 'evil-cdn.example', lookups: 1 },
    ],
  },
  'children-of-parent': {
    params: { parent: '%winword.exe', ...v2Hour },
    expected: [
      {
        host_name: 'ws-1',
        process_parent_executable: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
        process_parent_pid: 1200,
        process_executable: 'C:\\Windows\\System32\\powershell.exe',
        process_hash_sha256: SHA,
        user_name: 'bob',
      },
    ],
  },
  'registry-run-keys': {
    params: v2Hour,
    expected: [{ host_name: 'ws-1', registry_value: 'updater', registry_data: 'C:\\Users\\Public\\updater.exe', process_executable: 'C:\\Windows\\System32\\powershell.exe' }],
  },
  'device-config-changes': {
    params: v2Hour,
    expected: [
      { observer_vendor: 'Fortinet', observer_product: 'FortiGate', host_name: 'fw-2', changes: 2, by_users: ['admin'], last_change: '2026-11-27 12:31:00.000' },
      { observer_vendor: 'Cisco', observer_product: 'asa', host_name: 'asa-1', changes: 1, by_users: ['john'] },
    ],
  },
  'cloud-writes-by-principal': {
    params: v2Hour,
    expected: [
      { cloud_provider: 'aws', cloud_account_id: '123456789012', user_name: 'alice', writes: 2, failed: 1, actions: ['CreateAccessKey', 'PutBucketPolicy'], regions: ['eu-west-1', 'us-east-1'] },
      { cloud_provider: 'gcp', cloud_account_id: 'prod-project', user_name: 'dev@example.com', writes: 1, failed: 0, actions: ['v1.compute.firewalls.insert'] },
    ],
  },
  'event-code-counts-on-host': {
    params: { host: 'ws-1', ...v2Hour },
    expected: [
      { event_code: '4625', event_provider: 'Microsoft-Windows-Security-Auditing', events: 3 },
      { event_code: '13', events: 2 },
      { event_code: '22', events: 2 },
      { event_code: '1', event_provider: 'Microsoft-Windows-Sysmon', events: 1 },
      { event_code: '4624', events: 1 },
    ],
  },
  'web-requests-to-domain': {
    params: { domain: 'FILES.example.net', ...v2Hour },
    expected: [
      { method: 'GET', status: 200, requests: 2, clients: 2, user_agents: 2 },
      { method: 'POST', status: 403, requests: 1, clients: 1, user_agents: 1 },
    ],
  },
};

const queries = readInvestigationQueries(DOC);

describe('docs/investigations.md', () => {
  it('documents at least ten queries, each with a purpose, and each one is checked here', () => {
    expect(queries.length).toBeGreaterThanOrEqual(10);
    for (const q of queries) expect(q.purpose.length).toBeGreaterThan(20);
    // The table the history writer fills, by the name the lib defines once.
    for (const q of queries) expect(q.sql).toContain(`{database:Identifier}.${EVENTS_TABLE}`);
    expect(queries.map((q) => q.slug).sort()).toEqual(Object.keys(CASES).sort());
  });
});

// The same queries on the embedded engine and, when CLICKHOUSE_URL is set, on a server.
describe.each(clickHouseEngines())('investigation queries on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const database = uniqueDatabase();

  beforeAll(async () => {
    await new MigrationRunner(client, { sets: [EVENT_HISTORY_MIGRATIONS], database }).run();
    const rows = investigationSeed().map(EventHistoryRepository.eventToRow);
    await new EventHistoryRepository(client, database).insertBatch(rows, randomUUID());
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${database}` });
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

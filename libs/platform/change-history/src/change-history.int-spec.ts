import type { Alert, Change } from '@quell/contracts';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { clickHouseEngines, TestDatabases } from '@quell/platform-testing';
import { CHANGE_HISTORY_MIGRATIONS } from './change-history.migrations';
import { ChangeHistoryRepository } from './change-history.repository';
import { CHANGE_VERSIONS_0001 } from './migrations/0001-change-versions.migration';
import { SUPPRESSED_ALERTS_0002 } from './migrations/0002-suppressed-alerts.migration';
import { SuppressedAlertsRepository } from './suppressed-alerts.repository';

// Recorded now: suppressed alerts expire 90 days after their recording, so 1970 would be long gone.
const NOW = Date.now();
const DAY = 86_400_000;

function version(id: string, n: number, overrides: Partial<Change> = {}): Change {
  const scope = { hosts: ['fw-01'], ips: [], services: [], tags: [], eventClasses: [], actions: [], rules: [] };
  const window = { start: 1_772_409_600_000, end: 1_772_416_800_000, rrule: null, timeZone: 'Europe/Berlin', exdates: [] };
  return { id, tenant: 'acme', title: 'Firewall', ticketRef: 'CHG1', kind: 'normal', status: 'requested', scope, windows: [window], owner: 'netops', approver: null, approvals: [], version: n, ...overrides };
}

function suppressed(id: string, firstSeen: number, changeId: string | null = 'c1', overrides: Partial<Alert> = {}): Alert {
  return {
    id, tenant: 'acme', rule: { id: 'r1', title: 'Port scan', version: null, level: 'high', author: null, tags: [] }, kind: 'detection',
    entities: [{ type: 'host', value: 'fw-01' }], fingerprint: `fp-${id}`, firstSeen, lastSeen: firstSeen, eventCount: 1, sampleEventIds: [],
    tactics: [], techniques: [], killChainPhase: null, explanation: null, details: {},
    suppression: changeId ? { state: 'suppressed', changeId, reason: 'covered by approved change "Firewall"' } : { state: 'none', changeId: null, reason: null },
    dedup: null, ...overrides,
  };
}

describe.each(clickHouseEngines())('the change history on %s', (_engine, options) => {
  const client = createClickHouseClient(options());
  const databases = new TestDatabases();
  let history: ChangeHistoryRepository;
  let database: string;

  beforeAll(async () => {
    database = databases.next();
    await new MigrationRunner(client, { sets: [CHANGE_HISTORY_MIGRATIONS], database }).run();
    history = new ChangeHistoryRepository(client, database);
  });

  afterAll(async () => {
    for (const name of databases.names) await client.command({ query: `DROP DATABASE IF EXISTS ${name}` });
    await client.close();
  });

  it('keeps every version in order, and a version stored twice is read once', async () => {
    const approved = version('c1', 2, { status: 'approved', approver: 'alice', approvals: [{ by: 'alice', at: 5, decision: 'approved', comment: null }] });
    await history.record([version('c1', 1), approved], 10);
    // A batch handled again after a crash stores the same version once more.
    await history.record([approved], 20);
    await history.record([version('c2', 1)], 20);
    expect(await history.versions('acme', 'c1')).toEqual([version('c1', 1), approved]);
  });

  it('keeps tenants apart and binds values as parameters', async () => {
    await history.record([version('c3', 1, { tenant: 'globex' })], 10);
    expect(await history.versions('acme', 'c3')).toEqual([]);
    expect(await history.versions('globex', 'c3')).toHaveLength(1);
    expect(await history.versions("acme' OR 1=1 --", 'c1')).toEqual([]);
  });

  it('answers the latest version of every change', async () => {
    const latest = await history.latestVersions();
    expect(latest.map((c) => [c.tenant, c.id, c.version]).sort()).toEqual([['acme', 'c1', 2], ['acme', 'c2', 1], ['globex', 'c3', 1]]);
  });

  it('lists the alerts a change suppressed in pages by first seen, within a time range; a batch stored twice is listed once', async () => {
    const alerts = [suppressed('a3', 3_000), suppressed('a1', 1_000), suppressed('a2', 2_000), suppressed('b1', 1_500, 'c2'), suppressed('none', 1_000, null)];
    await history.recordSuppressed(alerts, NOW);
    // A batch handled again after a crash; a2's episode updated meanwhile (later last seen).
    await history.recordSuppressed([suppressed('a1', 1_000), suppressed('a2', 2_000, 'c1', { lastSeen: 2_500, eventCount: 2 })], NOW + 10);
    const first = await history.suppressedAlerts('acme', 'c1', { limit: 2 });
    expect(first.alerts.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(first.alerts[1]).toMatchObject({ lastSeen: 2_500, eventCount: 2 });
    expect(first.next).toEqual({ firstSeen: 2_000, id: 'a2' });
    const second = await history.suppressedAlerts('acme', 'c1', { limit: 2, after: first.next! });
    expect(second).toEqual({ alerts: [suppressed('a3', 3_000)], next: null });
    expect((await history.suppressedAlerts('acme', 'c1', { limit: 10, from: 1_500, to: 3_000 })).alerts.map((a) => a.id)).toEqual(['a2']);
    expect((await history.suppressedAlerts('acme', 'c2', { limit: 10 })).alerts.map((a) => a.id)).toEqual(['b1']);
    expect((await history.suppressedAlerts('globex', 'c1', { limit: 10 })).alerts).toEqual([]);
  });

  it('lists an alert replayed with another first seen once, as last recorded, and at its latest first seen only', async () => {
    await history.recordSuppressed([suppressed('r1', 1_000, 'c9')], NOW);
    await history.recordSuppressed([suppressed('r1', 1_200, 'c9', { eventCount: 3 })], NOW + 10);
    const listed = await history.suppressedAlerts('acme', 'c9', { limit: 10 });
    expect(listed.alerts).toEqual([suppressed('r1', 1_200, 'c9', { eventCount: 3 })]);
    expect((await history.suppressedAlerts('acme', 'c9', { limit: 10, to: 1_100 })).alerts).toEqual([]);
  });

  it('drops a suppressed alert 90 days after its last recording', async () => {
    const table = `${database}.quell_suppressed_alerts_v2`;
    await history.recordSuppressed([suppressed('old', 1_000, 'c8'), suppressed('renewed', 1_000, 'c8')], NOW - 91 * DAY);
    await history.recordSuppressed([suppressed('kept', 1_000, 'c8')], NOW - 89 * DAY);
    await history.recordSuppressed([suppressed('renewed', 1_000, 'c8')], NOW);
    // A merge applies the TTL (the server runs them in the background).
    await client.command({ query: `OPTIMIZE TABLE ${table} FINAL` });
    expect((await history.suppressedAlerts('acme', 'c8', { limit: 10 })).alerts.map((a) => a.id)).toEqual(['kept', 'renewed']);
  });

  it('copies the suppressed alerts of 0002 into the table of 0003 keyed by alert, a replay with another first seen collapsing into one', async () => {
    const migrated = databases.next();
    const before = { ...CHANGE_HISTORY_MIGRATIONS, migrations: [CHANGE_VERSIONS_0001, SUPPRESSED_ALERTS_0002] };
    await new MigrationRunner(client, { sets: [before], database: migrated }).run();
    const old = new SuppressedAlertsRepository(client, `${migrated}.quell_suppressed_alerts`);
    await old.record([suppressed('a1', 1_000), suppressed('a2', 2_000), suppressed('b1', 1_500, 'c2')], NOW);
    await old.record([suppressed('a1', 1_100, 'c1', { eventCount: 2 })], NOW + 10);
    expect(await new MigrationRunner(client, { sets: [CHANGE_HISTORY_MIGRATIONS], database: migrated }).run()).toEqual(['change-history/0003_suppressed_alerts_by_alert.sql']);
    const copied = new ChangeHistoryRepository(client, migrated);
    expect((await copied.suppressedAlerts('acme', 'c1', { limit: 10 })).alerts).toEqual([suppressed('a1', 1_100, 'c1', { eventCount: 2 }), suppressed('a2', 2_000)]);
    expect((await copied.suppressedAlerts('acme', 'c2', { limit: 10 })).alerts.map((a) => a.id)).toEqual(['b1']);
  });
});

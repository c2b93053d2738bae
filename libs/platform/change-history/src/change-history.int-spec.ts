import type { Alert, Change } from '@quell/contracts';
import { createClickHouseClient, MigrationRunner } from '@quell/platform-clickhouse';
import { clickHouseEngines, TestDatabases } from '@quell/platform-testing';
import { CHANGE_HISTORY_MIGRATIONS } from './change-history.migrations';
import { ChangeHistoryRepository } from './change-history.repository';

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

  beforeAll(async () => {
    const database = databases.next();
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
    await history.recordSuppressed(alerts, 10);
    // A batch handled again after a crash; a2's episode updated meanwhile (later last seen).
    await history.recordSuppressed([suppressed('a1', 1_000), suppressed('a2', 2_000, 'c1', { lastSeen: 2_500, eventCount: 2 })], 20);
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
});

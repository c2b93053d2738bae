import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert } from '@quell/contracts';
import { InMemoryDocumentStore } from '@quell/platform-state';
import { alert, incidentsIn, recordsOf, replicaOn, type Replica } from '../test/incident-manager.fixture';

/** Wednesday 2026-11-25 10:00 UTC: inside the default business hours. */
const WEDNESDAY_10 = Date.UTC(2026, 10, 25, 10, 0);

function onPayments(id: string, level: string, at = WEDNESDAY_10): Alert {
  const base = alert(id, `fp-${id}`, 'pay-1');
  return { ...base, rule: { ...base.rule, id: `rule-${id}`, level }, entities: [...base.entities, { type: 'service', value: 'payments' }], firstSeen: at, lastSeen: at };
}

describe('incident priority in the incident-manager', () => {
  let dir: string;
  let replicas: Replica[];
  const catalog = (criticality: string) => `version: 1\nservices:\n  payments: { criticality: ${criticality} }\n`;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'incident-priorities-'));
    replicas = [];
  });
  afterEach(() => {
    for (const replica of replicas) replica.priorities.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startReplica(store: InMemoryDocumentStore): Promise<Replica> {
    const replica = replicaOn(store, { INCIDENT_SERVICE_CATALOG_FILE: join(dir, 'services.yaml'), INCIDENT_ASSET_INVENTORY_FILE: join(dir, 'assets.yaml') });
    await replica.priorities.onModuleInit();
    replicas.push(replica);
    return replica;
  }

  it('stores each factor with its weight and the reason, from the catalog and the inventory', async () => {
    writeFileSync(join(dir, 'services.yaml'), catalog('critical'));
    writeFileSync(join(dir, 'assets.yaml'), '- host: db-9\n  criticality: critical\n');
    const { handler } = await startReplica(new InMemoryDocumentStore());
    const onDb = { ...onPayments('b1', 'high'), entities: [{ type: 'host', value: 'db-9' }] };
    const [incident, other] = incidentsIn(await handler.handle(recordsOf([onPayments('a1', 'high'), onDb])));
    expect(other).toMatchObject({ priority: 1, priorityReason: 'P1 because: high rule Failed authentication (+4), critical asset db-9 (×2)' });
    expect(incident).toMatchObject({ priority: 1, severity: 'high', priorityReason: 'P1 because: high rule Failed authentication (+4), critical service payments (×2)' });
    expect(incident.priorityFactors).toEqual([
      { id: 'sigma-level', label: 'high rule Failed authentication', op: '+', weight: 4, contribution: 4 },
      { id: 'service-criticality', label: 'critical service payments', op: '×', weight: 2, contribution: 4 },
    ]);
    expect(incident.timeline.map((entry) => entry.action)).toEqual(['opened', 'prioritized']);
  });

  it('re-assesses with the reloaded catalog, from the alerts stored with the incident (another replica, after a restart)', async () => {
    writeFileSync(join(dir, 'services.yaml'), catalog('critical'));
    writeFileSync(join(dir, 'assets.yaml'), '[]\n');
    const store = new InMemoryDocumentStore();
    await (await startReplica(store)).handler.handle(recordsOf([onPayments('a1', 'high')]));
    writeFileSync(join(dir, 'services.yaml'), catalog('low'));
    const restarted = await startReplica(store);
    await restarted.priorities.reload();
    // A low alert joins: severity still comes from the stored high one; payments now weighs ×0.75.
    const [incident] = incidentsIn(await restarted.handler.handle(recordsOf([onPayments('a2', 'low', WEDNESDAY_10 + 60_000)])));
    expect(incident).toMatchObject({ alertCount: 2, severity: 'high', priority: 3, priorityReason: 'P3 because: high rule Failed authentication (+4), low service payments (×0.75)' });
    expect(incident.timeline.map((entry) => entry.action)).toEqual(['opened', 'prioritized', 'alert_added', 'prioritized']);
  });

  it('refuses to start with a catalog that does not parse, naming the file, line and key', async () => {
    writeFileSync(join(dir, 'services.yaml'), 'version: 1\nservices:\n  payments: { criticality: vital }\n');
    writeFileSync(join(dir, 'assets.yaml'), '[]\n');
    await expect(startReplica(new InMemoryDocumentStore())).rejects.toThrow(/services\.yaml:3: services\.payments\.criticality/);
  });
});

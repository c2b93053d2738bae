import { incidentIdFor } from '@quell/incidents';
import { PipelineMetrics } from '@quell/platform-observability';
import { InMemoryDocumentStore, StaleVersionError, type DocumentStore } from '@quell/platform-state';
import { alert, incidentsIn, recordsOf, replicaOn } from './test/incident-manager.fixture';
import { describeIncidentState } from './test/incident-state.contract';

describeIncidentState('in-memory', () => {
  const store = new InMemoryDocumentStore();
  return { store, rival: store };
});

describe('UniqueAlertsHandler', () => {
  it('groups alerts sharing an entity into one incident whatever their fingerprint, publishing each incident once', async () => {
    const { handler } = replicaOn(new InMemoryDocumentStore());
    const published = incidentsIn(await handler.handle(recordsOf([alert('a1'), alert('a2', 'fp-2', 'db-1'), alert('a3', 'fp-3')])));
    expect(published.map((incident) => [incident.id, incident.alertIds])).toEqual([
      [incidentIdFor(alert('a1')), ['a1', 'a3']],
      [incidentIdFor(alert('a2')), ['a2']],
    ]);
  });

  it('opens no incident with an alert an approved change suppressed, joins one as context without raising its priority, and groups an annotated one', async () => {
    const { handler } = replicaOn(new InMemoryDocumentStore());
    const covered = (id: string, state: 'suppressed' | 'annotated', level = 'high') => ({
      ...alert(id),
      rule: { ...alert(id).rule, level },
      suppression: { state, changeId: 'chg-7', reason: 'covered by approved change "Patch web-1"' },
    });
    expect(incidentsIn(await handler.handle(recordsOf([covered('s1', 'suppressed')])))).toEqual([]);
    const [opened] = incidentsIn(await handler.handle(recordsOf([{ ...alert('a1'), rule: { ...alert('a1').rule, level: 'low' } }])));
    const [incident] = incidentsIn(await handler.handle(recordsOf([covered('s2', 'suppressed', 'critical'), covered('n1', 'annotated')])));
    expect(incident.id).toBe(opened.id);
    expect(incident.alertIds).toEqual(['a1', 's2', 'n1']);
    expect(incident.timeline.filter((entry) => entry.action === 'suppressed').map((entry) => entry.detail)).toEqual([expect.stringMatching(/^s2 .*Patch web-1/)]);
    expect(incident.timeline.filter((entry) => entry.action === 'alert_added').map((entry) => entry.detail)).toEqual(['n1']);
  });

  it('publishes the same version again for a redelivered batch, writing nothing', async () => {
    const store = new InMemoryDocumentStore();
    const { handler, repository } = replicaOn(store);
    const first = incidentsIn(await handler.handle(recordsOf([alert('a1'), alert('a2')])));
    const puts = jest.spyOn(store, 'putMany');
    const again = incidentsIn(await handler.handle(recordsOf([alert('a1'), alert('a2')])));
    expect(again).toEqual(first);
    expect(puts).not.toHaveBeenCalled();
    expect((await repository.get('acme', first[0].id))?.version).toBe(1);
  });

  it('publishes a deduplicated repeat as a new version with the later lastSeen, and its redelivery as the same version, writing nothing', async () => {
    const store = new InMemoryDocumentStore();
    const { handler } = replicaOn(store);
    await handler.handle(recordsOf([alert('a1')]));
    const repeat = recordsOf([{ ...alert('a1'), lastSeen: 5000, dedup: { count: 25, firstSeen: 1000 } }]);
    const [updated] = incidentsIn(await handler.handle(repeat));
    expect(updated).toMatchObject({ version: 2, alertCount: 1, lastSeen: 5000 });
    const puts = jest.spyOn(store, 'putMany');
    expect(incidentsIn(await handler.handle(repeat))).toEqual([updated]);
    expect(puts).not.toHaveBeenCalled();
  });

  it('merges two open incidents an alert links, and publishes both again at their stored versions when that alert is replayed', async () => {
    const store = new InMemoryDocumentStore();
    const metrics = new PipelineMetrics({ service: 'incident-manager', collectDefaults: false });
    const { handler, repository } = replicaOn(store, {}, metrics);
    const onUser = (id: string) => ({ ...alert(id, `fp-${id}`), entities: [{ type: 'user', value: 'bob' }] });
    await handler.handle(recordsOf([alert('a1'), alert('a2', 'fp-2')]));
    await handler.handle(recordsOf([onUser('b1')]));
    const linking = { ...alert('c1', 'fp-c'), entities: [{ type: 'host', value: 'web-1' }, { type: 'user', value: 'bob' }] };
    const merged = incidentsIn(await handler.handle(recordsOf([linking])));
    expect(merged.map((incident) => [incident.id, incident.status, incident.mergedInto])).toEqual([
      [incidentIdFor(alert('a1')), 'open', null],
      [incidentIdFor(onUser('b1')), 'closed', incidentIdFor(alert('a1'))],
    ]);
    const puts = jest.spyOn(store, 'putMany');
    expect(incidentsIn(await handler.handle(recordsOf([linking])))).toEqual(merged);
    expect(incidentsIn(await handler.handle(recordsOf([linking, onUser('b1')])))).toEqual(merged);
    expect(puts).not.toHaveBeenCalled();
    expect((await repository.get('acme', merged[0].id))?.value).toMatchObject({ alertCount: 4, version: 2 });
    const text = await metrics.registry.metrics();
    expect(text).toContain('quell_incident_alerts_grouped_total{outcome="opened",service="incident-manager"} 2');
    expect(text).toContain('quell_incident_alerts_grouped_total{outcome="joined",service="incident-manager"} 2');
    expect(text).toContain('quell_incident_alerts_grouped_total{outcome="known",service="incident-manager"} 3');
    expect(text).toContain('quell_incidents_merged_total{service="incident-manager"} 1');
  });

  it('fails retriably, writing nothing, when other writers win every attempt', async () => {
    const store = new InMemoryDocumentStore();
    const { handler } = replicaOn(store);
    await handler.handle(recordsOf([alert('a1')]));
    // Another replica writes the incident between each of this one's reads and writes.
    const contended: DocumentStore = {
      get: (ref) => store.get(ref),
      getMany: (refs) => store.getMany(refs),
      put: (ref, value, options) => store.put(ref, value, options),
      delete: (ref, options) => store.delete(ref, options),
      listByIndex: (tenant, index, term, options) => store.listByIndex(tenant, index, term, options),
      putMany: async (writes) => {
        for (const write of writes) {
          const current = await store.get(write.ref);
          if (current) await store.put(write.ref, current.value, { ttlMs: 60_000, index: write.options.index });
        }
        return store.putMany(writes);
      },
    };
    const error = await replicaOn(contended).handler.handle(recordsOf([alert('a2')])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleVersionError);
    expect(error).toMatchObject({ retriable: true });
  });
});

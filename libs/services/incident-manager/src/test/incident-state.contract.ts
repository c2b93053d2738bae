import { incidentIdFor, recordedOccurrences } from '@quell/incidents';
import type { DocumentStore } from '@quell/platform-state';
import { alert, incidentsIn, recordsOf, replicaOn } from './incident-manager.fixture';

/** Incident state over a document store adapter: what the version check buys two replicas. */
export function describeIncidentState(name: string, make: () => { store: DocumentStore; rival: DocumentStore }): void {
  describe(`incident state over the ${name} document store`, () => {
    it('keeps every alert when two replicas fold different alerts into one incident at once (the loser re-reads)', async () => {
      const { store, rival } = make();
      const a = replicaOn(store);
      const b = replicaOn(rival);
      await a.handler.handle(recordsOf([alert('a0')]));
      await Promise.all([a.handler.handle(recordsOf([alert('a1')])), b.handler.handle(recordsOf([alert('a2')]))]);
      const stored = await a.repository.get('acme', incidentIdFor(alert('a0')));
      expect(stored?.value.alertIds.slice().sort()).toEqual(['a0', 'a1', 'a2']);
      expect(stored?.value).toMatchObject({ alertCount: 3, version: 3 });
      expect(stored?.version).toBe(3);
    });

    it('ends on the newest count and lastSeen when two replicas fold an older and a newer update of one alert at once', async () => {
      const { store, rival } = make();
      const a = replicaOn(store);
      const b = replicaOn(rival);
      const update = (count: number, lastSeen: number) => ({ ...alert('a1'), lastSeen, dedup: { count, firstSeen: 1000 } });
      await a.handler.handle(recordsOf([alert('a1')]));
      await Promise.all([a.handler.handle(recordsOf([update(900, 9000)])), b.handler.handle(recordsOf([update(300, 3000)]))]);
      const stored = (await a.repository.get('acme', incidentIdFor(alert('a1'))))?.value;
      expect(stored).toMatchObject({ alertIds: ['a1'], alertCount: 1, lastSeen: 9000 });
      expect(stored && recordedOccurrences(stored, 'a1')).toBe(900);
      expect(stored?.timeline.filter((entry) => entry.action === 'alert_repeated')).toHaveLength(1);
    });

    it('lists open incidents by entity and drops one from the listing once it is resolved', async () => {
      const { store } = make();
      const { handler, repository } = replicaOn(store);
      const [opened] = incidentsIn(await handler.handle(recordsOf([alert('a1', 'fp-1', 'web-1'), alert('a2', 'fp-2', 'web-1'), alert('a3', 'fp-3', 'db-1')])));
      const onWeb = await repository.openByEntity('acme', { type: 'host', value: 'web-1' }, 10);
      expect(onWeb.map((incident) => incident.alertIds)).toEqual([['a1', 'a2']]);
      await repository.update([{ tenant: 'acme', id: opened.id, apply: (existing) => existing && { incident: { ...existing, status: 'resolved' }, changed: true } }]);
      expect(await repository.openByEntity('acme', { type: 'host', value: 'web-1' }, 10)).toEqual([]);
      expect((await repository.openByEntity('acme', { type: 'host', value: 'db-1' }, 10)).map((incident) => incident.alertIds)).toEqual([['a3']]);
      // A later alert on web-1 opens a new incident: a resolved one takes no more alerts.
      const [next] = incidentsIn(await handler.handle(recordsOf([alert('a4', 'fp-4', 'web-1')])));
      expect(next).toMatchObject({ id: incidentIdFor(alert('a4')), alertIds: ['a4'] });
    });
  });
}

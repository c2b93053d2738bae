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

    it('ends in one open incident when two replicas each open one on the same host at once (the merge resolves the race)', async () => {
      const { store, rival } = make();
      const a = replicaOn(store);
      const b = replicaOn(rival);
      for (let round = 0; round < 5; round += 1) {
        const host = `race-${round}`;
        const outputs = await Promise.all([a.handler.handle(recordsOf([alert(`a${round}`, 'fp-a', host)])), b.handler.handle(recordsOf([alert(`b${round}`, 'fp-b', host)]))]);
        const open = await a.repository.openByEntity('acme', { type: 'host', value: host }, 10);
        expect(open).toHaveLength(1);
        expect([...open[0].alertIds].sort()).toEqual([`a${round}`, `b${round}`]);
        // Every incident written was published at the version stored (the absorbed one closed, pointing at the survivor).
        const published = incidentsIn(outputs.flat());
        for (const id of new Set(published.map((incident) => incident.id))) {
          const stored = (await a.repository.get('acme', id))!.value;
          expect(Math.max(...published.filter((incident) => incident.id === id).map((incident) => incident.version))).toBe(stored.version);
          if (id !== open[0].id) expect(stored).toMatchObject({ status: 'closed', mergedInto: open[0].id });
        }
      }
    });

    it('has neither replica publish an older version than the other after their race merged (a compacted topic keeps the last one written)', async () => {
      const { store, rival } = make();
      const a = replicaOn(store);
      const b = replicaOn(rival);
      for (let round = 0; round < 5; round += 1) {
        const host = `stale-${round}`;
        const outputs = await Promise.all([a.handler.handle(recordsOf([alert(`a${round}`, 'fp-a', host)])), b.handler.handle(recordsOf([alert(`b${round}`, 'fp-b', host)]))]);
        for (const incident of outputs.flatMap((output) => incidentsIn(output))) {
          expect({ id: incident.id, version: incident.version }).toEqual({ id: incident.id, version: (await a.repository.get('acme', incident.id))!.value.version });
        }
      }
    });

    it('keeps grouping across a restart: another replica joins an alert to the stored incident, and a replay changes nothing', async () => {
      const { store, rival } = make();
      await replicaOn(store).handler.handle(recordsOf([alert('a1')]));
      const restarted = replicaOn(rival);
      const [joined] = incidentsIn(await restarted.handler.handle(recordsOf([alert('a2', 'fp-2')])));
      expect(joined).toMatchObject({ id: incidentIdFor(alert('a1')), alertIds: ['a1', 'a2'], version: 2 });
      expect(incidentsIn(await restarted.handler.handle(recordsOf([alert('a1'), alert('a2', 'fp-2')])))).toEqual([joined]);
      expect((await restarted.repository.get('acme', joined.id))?.version).toBe(2);
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

import { AvroCodec, emptyIncidentParts, topicsFor, type Incident } from '@quell/contracts';
import { IncidentActionError } from '@quell/incidents';
import type { EncodableValue, EventBus, OutboundRecord } from '@quell/platform-kafka';
import { InMemoryDocumentStore, type DocumentWrite } from '@quell/platform-state';
import type { IncidentManagerConfig } from '../config';
import { IncidentRepository } from '../incident.repository';
import { IncidentChanges, type IncidentChange } from './incident-changes';
import { IncidentNotFound, IncidentVersionConflict } from './incident-lifecycle.errors';
import { IncidentLifecycle } from './incident-lifecycle.service';

const NOW = Date.UTC(2026, 11, 3, 9, 0);
const topics = topicsFor('test.');

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'inc-1', tenant: 'acme', title: 'Brute force', status: 'open', severity: 'high', priority: 2, services: [], entities: [], alertIds: ['a1'], alertCount: 1,
    firstSeen: NOW, lastSeen: NOW, killChainPhases: [], relatedChangeIds: [], assignee: null, timeline: [], ...emptyIncidentParts(), timelineDropped: 0, version: 3, ...overrides,
  };
}

/** The incident-manager's lifecycle over an in-memory store; what it publishes and streams is recorded. */
function lifecycleOver(store = new InMemoryDocumentStore(() => NOW)) {
  const published: OutboundRecord[] = [];
  const bus = { publish: async (records: OutboundRecord[]) => void published.push(...records) } as unknown as EventBus;
  const repository = new IncidentRepository(store, { INCIDENT_STATE_TTL_MS: 86_400_000 } as IncidentManagerConfig);
  const changes = new IncidentChanges();
  const streamed: IncidentChange[] = [];
  changes.subscribe((change) => streamed.push(change));
  const lifecycle = new IncidentLifecycle(repository, changes, bus, new AvroCodec(), topics, () => NOW);
  const seed = (value: Incident) => repository.update([{ tenant: value.tenant, id: value.id, apply: () => ({ incident: value, changed: true }) }]);
  const publishedIncidents = () => published.map((record) => (record.value as EncodableValue).object as Incident);
  return { lifecycle, repository, published, publishedIncidents, streamed, seed };
}

describe('IncidentLifecycle.act', () => {
  it('saves the new version, publishes it on the incidents topic keyed by id, and streams it', async () => {
    const { lifecycle, repository, published, publishedIncidents, streamed, seed } = lifecycleOver();
    await seed(incident());
    const acked = await lifecycle.act('acme', 'inc-1', { type: 'acknowledge', actor: 'ann' }, { expectedVersion: 3 });
    expect(acked).toMatchObject({ status: 'acknowledged', version: 4 });
    expect((await repository.get('acme', 'inc-1'))?.value).toEqual(acked);
    expect(published).toEqual([expect.objectContaining({ topic: topics.incidents, key: 'inc-1' })]);
    expect(publishedIncidents()[0]).toEqual(acked);
    expect(streamed.map((c) => c.eventId)).toEqual(['inc-1@4']);
  });

  it('acknowledges or resolves the incident a merged one went into (a stale link or a webhook), but not when a version is pinned', async () => {
    const { lifecycle, repository, seed } = lifecycleOver();
    await seed(incident({ id: 'inc-2' }));
    await seed(incident({ id: 'inc-1', status: 'closed', mergedInto: 'inc-2' }));
    const acked = await lifecycle.act('acme', 'inc-1', { type: 'acknowledge', actor: 'pagerduty:ann' });
    expect(acked).toMatchObject({ id: 'inc-2', status: 'acknowledged' });
    expect((await repository.get('acme', 'inc-1'))?.value.status).toBe('closed');
    await expect(lifecycle.act('acme', 'inc-1', { type: 'resolve', actor: 'ann', resolution: 'benign' }, { expectedVersion: 3 })).rejects.toBeInstanceOf(IncidentActionError);
  });

  it('refuses a stale expected version with the current one, writing nothing', async () => {
    const { lifecycle, repository, published, seed } = lifecycleOver();
    await seed(incident());
    const refusal = lifecycle.act('acme', 'inc-1', { type: 'comment', actor: 'ann', text: 'hi' }, { expectedVersion: 2 });
    await expect(refusal).rejects.toBeInstanceOf(IncidentVersionConflict);
    await expect(refusal).rejects.toMatchObject({ expectedVersion: 2, currentVersion: 3 });
    expect((await repository.get('acme', 'inc-1'))?.value.version).toBe(3);
    expect(published).toEqual([]);
  });

  it('answers an unknown incident, or another tenant’s, with IncidentNotFound', async () => {
    const { lifecycle, seed } = lifecycleOver();
    await seed(incident());
    await expect(lifecycle.act('acme', 'nope', { type: 'close', actor: 'ann' })).rejects.toBeInstanceOf(IncidentNotFound);
    await expect(lifecycle.act('globex', 'inc-1', { type: 'close', actor: 'ann' })).rejects.toBeInstanceOf(IncidentNotFound);
  });

  it('passes on a refused transition as IncidentActionError', async () => {
    const { lifecycle, seed } = lifecycleOver();
    await seed(incident({ status: 'closed' }));
    await expect(lifecycle.act('acme', 'inc-1', { type: 'acknowledge', actor: 'ann' })).rejects.toMatchObject({ code: 'invalid_transition' } satisfies Partial<IncidentActionError>);
  });

  it('with nothing to do keeps the version, and publishes it again (a retry after a failed publish heals), streaming it once', async () => {
    const { lifecycle, publishedIncidents, streamed, seed } = lifecycleOver();
    await seed(incident());
    await lifecycle.act('acme', 'inc-1', { type: 'link_ticket', actor: 'system:notifier', provider: 'jira', ref: 'SOC-42' });
    const again = await lifecycle.act('acme', 'inc-1', { type: 'link_ticket', actor: 'system:notifier', provider: 'jira', ref: 'SOC-42' });
    expect(again.version).toBe(4);
    expect(publishedIncidents().map((i) => i.version)).toEqual([4, 4]);
    expect(streamed.map((c) => c.eventId)).toEqual(['inc-1@4']);
  });

  it('re-applies the action to the fresher incident when the alert fold wrote first; with an expected version, refuses instead', async () => {
    const store = new InMemoryDocumentStore(() => NOW);
    const { lifecycle, repository, seed } = lifecycleOver(store);
    await seed(incident());
    // The first write of the lifecycle loses a race: another replica folds an alert in just before it.
    let raced = false;
    const putMany = store.putMany.bind(store);
    store.putMany = async (writes: readonly DocumentWrite[]) => {
      if (!raced) {
        raced = true;
        await repository.update([{ tenant: 'acme', id: 'inc-1', apply: (current) => ({ incident: { ...current!, alertIds: [...current!.alertIds, 'a2'], alertCount: 2, version: current!.version + 1 }, changed: true }) }]);
      }
      return putMany(writes);
    };
    const commented = await lifecycle.act('acme', 'inc-1', { type: 'comment', actor: 'ann', text: 'seen' });
    expect(commented).toMatchObject({ alertIds: ['a1', 'a2'], version: 5 });
    expect(commented.timeline.at(-1)).toMatchObject({ action: 'commented', detail: 'seen' });

    raced = false;
    await expect(lifecycle.act('acme', 'inc-1', { type: 'comment', actor: 'ann', text: 'late' }, { expectedVersion: 5 })).rejects.toMatchObject({ currentVersion: 6 });
  });
});

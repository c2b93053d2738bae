import type { Alert, Incident } from '@quell/contracts';
import { incidentIdFor } from '../incident-grouping';
import { assessPriority } from '../priority/incident-priority';
import { parseServiceCatalog } from '../priority/service-catalog';
import { testAlert, WEDNESDAY_10_UTC } from '../test/test-alert';
import { DEFAULT_GROUPING_POLICY, groupingPolicies, type GroupingPolicies } from './grouping-policy';
import { IncidentWorkingSet, type LoadedIncident, type Prioritize } from './incident-working-set';

const MIN = 60_000;
const T0 = WEDNESDAY_10_UTC;
const host = (value: string) => ({ type: 'host', value });
const user = (value: string) => ({ type: 'user', value });

/** An alert `minutes` after T0 on the given entities. */
function alertAt(id: string, minutes: number, entities = [host('web-1')], overrides: Partial<Alert> & { level?: string } = {}): Alert {
  return testAlert(id, { entities, firstSeen: T0 + minutes * MIN, lastSeen: T0 + minutes * MIN, ...overrides });
}

/** The store as the incident-manager sees it: incident states with versions, and the alert map. */
class World {
  readonly incidents = new Map<string, LoadedIncident>();
  readonly alertMap = new Map<string, string>();
  writes = 0;

  constructor(private readonly policies: GroupingPolicies = groupingPolicies(DEFAULT_GROUPING_POLICY), private readonly prioritize?: Prioritize) {}

  /** One batch: grouped over the whole store, written back; returns the published incidents. */
  batch(alerts: readonly Alert[], now = T0): Incident[] {
    const set = new IncidentWorkingSet({ incidents: this.incidents, alertMap: this.alertMap }, this.policies, now);
    for (const alert of alerts) set.add(alert);
    return this.commit(set);
  }

  reconcile(id: string, now = T0): Incident[] {
    const set = new IncidentWorkingSet({ incidents: this.incidents, alertMap: this.alertMap }, this.policies, now);
    set.reconcile('acme', id);
    return this.commit(set);
  }

  get(id: string): Incident {
    return this.incidents.get(id)!.state.incident;
  }

  open(): Incident[] {
    return [...this.incidents.values()].map((loaded) => loaded.state.incident).filter((incident) => incident.status === 'open');
  }

  private commit(set: IncidentWorkingSet): Incident[] {
    const result = set.result(this.prioritize);
    for (const write of result.writes) {
      this.writes += 1;
      this.incidents.set(write.state.incident.id, { state: write.state, storeVersion: write.storeVersion + 1 });
    }
    for (const [alertId, { incidentId }] of result.alertMap) this.alertMap.set(alertId, incidentId);
    return result.incidents;
  }
}

const actions = (incident: Incident) => incident.timeline.map((entry) => entry.action);

describe('IncidentWorkingSet grouping', () => {
  it('joins an alert to the open incident sharing one of its entities, whatever the rule', () => {
    const world = new World();
    const [opened] = world.batch([alertAt('a1', 0, [host('web-1')])]);
    expect(opened.id).toBe(incidentIdFor(alertAt('a1', 0)));
    const [joined] = world.batch([alertAt('a2', 10, [user('bob'), host('web-1')])]);
    expect(joined).toMatchObject({ id: opened.id, alertIds: ['a1', 'a2'], alertCount: 2, ruleIds: ['rule-a1', 'rule-a2'], version: 2 });
    expect(joined.entities).toEqual([host('web-1'), user('bob')]);
    expect(actions(joined)).toEqual(['opened', 'alert_added']);
  });

  it('groups a batch in order: the second alert joins the incident the first opened', () => {
    const published = new World().batch([alertAt('a1', 0), alertAt('a2', 1), alertAt('a3', 2, [host('db-1')])]);
    expect(published.map((incident) => incident.alertIds)).toEqual([['a1', 'a2'], ['a3']]);
    expect(published.map((incident) => incident.version)).toEqual([1, 1]);
  });

  it('opens a new incident once the window since the incident\'s lastSeen has passed', () => {
    const world = new World();
    const [first] = world.batch([alertAt('a1', 0)]);
    const [inWindow] = world.batch([alertAt('a2', 60)]);
    expect(inWindow.id).toBe(first.id);
    const [late] = world.batch([alertAt('a3', 121)]);
    expect(late.id).not.toBe(first.id);
    expect(late.alertIds).toEqual(['a3']);
  });

  it('groups by the tenant\'s own entity types and window', () => {
    const world = new World(groupingPolicies(DEFAULT_GROUPING_POLICY, { acme: { entityTypes: ['host'], windowMs: 5 * MIN } }));
    const [first] = world.batch([alertAt('a1', 0, [host('web-1'), user('bob')])]);
    expect(world.batch([alertAt('a2', 1, [user('bob'), host('db-1')])])[0].id).not.toBe(first.id);
    expect(world.batch([alertAt('a3', 10, [host('web-1')])])[0].id).not.toBe(first.id);
  });

  it('is titled after its most severe alert: a higher level renames it, an equal or suppressed one does not', () => {
    const world = new World();
    const [opened] = world.batch([alertAt('a1', 0, [host('jump-01')], { level: 'low', rule: { ...testAlert('a1').rule, title: 'Failed logon', level: 'low' } })]);
    expect(opened.title).toBe('Failed logon');
    const critical = (id: string, minutes: number, title: string, overrides: Partial<Alert> = {}) =>
      alertAt(id, minutes, [host('jump-01')], { rule: { ...testAlert(id).rule, title, level: 'critical' }, ...overrides });
    const suppressed = { state: 'suppressed', changeId: 'CHG1', reason: null } as const;
    expect(world.batch([critical('s1', 1, 'Covered by maintenance', { suppression: suppressed })])[0].title).toBe('Failed logon');
    expect(world.batch([critical('a2', 2, 'Brute force followed by a successful logon')])[0].title).toBe('Brute force followed by a successful logon');
    expect(world.batch([critical('a3', 3, 'LSASS memory dumped')])[0].title).toBe('Brute force followed by a successful logon');
  });

  it('does not join a resolved incident', () => {
    const world = new World();
    const [first] = world.batch([alertAt('a1', 0)]);
    world.incidents.get(first.id)!.state.incident = { ...first, status: 'resolved' };
    expect(world.batch([alertAt('a2', 1)])[0].id).not.toBe(first.id);
  });
});

describe('IncidentWorkingSet merges', () => {
  /** Incident A on web-1 with two alerts, incident B on bob with one. */
  function twoIncidents(): { world: World; a: Incident; b: Incident } {
    const world = new World();
    const [a] = world.batch([alertAt('a1', 0, [host('web-1')]), alertAt('a2', 1, [host('web-1')])]);
    const [b] = world.batch([alertAt('b1', 2, [user('bob')])]);
    return { world, a, b };
  }

  it('merges the smaller into the larger when an alert links them, with an entry on both, and closes the absorbed one', () => {
    const { world, a, b } = twoIncidents();
    const published = world.batch([alertAt('c1', 5, [user('bob'), host('web-1')])], T0 + 10 * MIN);
    expect(published.map((incident) => incident.id).sort()).toEqual([a.id, b.id].sort());
    const survivor = world.get(a.id);
    expect(survivor).toMatchObject({ alertCount: 4, status: 'open', version: 2 });
    expect([...survivor.alertIds].sort()).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect(survivor.entities).toEqual(expect.arrayContaining([host('web-1'), user('bob')]));
    expect(actions(survivor)).toEqual(['opened', 'alert_added', 'merged', 'alert_added']);
    expect(survivor.timeline[2].detail).toBe(`absorbed incident ${b.id} (1 alert)`);
    const absorbed = world.get(b.id);
    expect(absorbed).toMatchObject({ status: 'closed', mergedInto: a.id, version: 2 });
    expect(actions(absorbed)).toEqual(['opened', 'merged_into']);
    expect(world.open().map((incident) => incident.id)).toEqual([a.id]);
  });

  it("keeps people's work on the absorbed incident: its acknowledgement and assignee pass to the survivor, saying so", () => {
    const { world, a, b } = twoIncidents();
    const stored = world.incidents.get(b.id)!;
    world.incidents.set(b.id, { ...stored, state: { ...stored.state, incident: { ...stored.state.incident, status: 'acknowledged', assignee: 'alice' } } });
    world.batch([alertAt('c1', 5, [user('bob'), host('web-1')])], T0 + 10 * MIN);
    expect(world.get(a.id)).toMatchObject({ status: 'acknowledged', assignee: 'alice' });
    expect(world.get(a.id).timeline[2].detail).toBe(`absorbed incident ${b.id} (1 alert); kept from it: acknowledged, assigned to alice`);
  });

  it('prefers the older incident when both hold as many alerts', () => {
    const world = new World();
    world.batch([alertAt('a1', 0, [host('web-1')])]);
    const [b] = world.batch([alertAt('b1', 3, [user('bob')])]);
    world.batch([alertAt('c1', 5, [user('bob'), host('web-1')])]);
    expect(world.get(b.id).mergedInto).toBe(incidentIdFor(alertAt('a1', 0)));
  });

  it('changes nothing when the batch is replayed after the merge, nor for an alert of the absorbed incident', () => {
    const { world, b } = twoIncidents();
    const batch = [alertAt('c1', 5, [user('bob'), host('web-1')])];
    const merged = world.batch(batch);
    const writes = world.writes;
    expect(world.batch(batch)).toEqual(merged);
    expect(world.batch([alertAt('b1', 2, [user('bob')])])).toEqual([merged.find((incident) => incident.id !== b.id)]);
    expect(world.writes).toBe(writes);
    // Even without the alert map (its write lost in a crash), the derived id and the entities find the incident.
    world.alertMap.clear();
    world.batch([...batch, alertAt('b1', 2, [user('bob')]), alertAt('a1', 0)]);
    expect(world.writes).toBe(writes);
  });

  it('merges two open incidents sharing an entity on reconcile (two replicas that each opened one)', () => {
    const world = new World();
    // Two replicas, each unaware of the other's write: simulated by grouping against an empty store twice.
    const [a] = new World().batch([alertAt('a1', 0)]);
    const [b] = new World().batch([alertAt('b1', 1), alertAt('b2', 2)]);
    for (const incident of [a, b]) world.incidents.set(incident.id, { state: { incident, alerts: [], absorbed: {} }, storeVersion: 1 });
    world.reconcile(a.id);
    expect(world.get(a.id)).toMatchObject({ status: 'closed', mergedInto: b.id });
    expect(world.get(b.id)).toMatchObject({ alertCount: 3, status: 'open' });
    const writes = world.writes;
    world.reconcile(b.id);
    expect(world.writes).toBe(writes);
  });
});

describe('IncidentWorkingSet counts, escalation, priority and related changes', () => {
  it('sums occurrences over dedup counts, including repeats, and keeps rules and techniques', () => {
    const world = new World();
    world.batch([alertAt('a1', 0, [host('web-1')], { dedup: { count: 3, firstSeen: T0 }, techniques: ['T1110'] })]);
    const [incident] = world.batch([
      alertAt('a1', 4, [host('web-1')], { dedup: { count: 10, firstSeen: T0 }, techniques: ['T1110'] }),
      alertAt('a2', 5, [host('web-1')], { techniques: ['T1003.001', 'T1110'] }),
    ]);
    expect(incident).toMatchObject({ alertCount: 2, occurrenceCount: 11, techniques: ['T1110', 'T1003.001'], ruleIds: ['rule-a1', 'rule-a2'] });
  });

  it('escalates when an alert reaches a later kill-chain phase, re-assessing severity and priority', () => {
    const catalog = parseServiceCatalog('version: 1\n', 'test');
    const world = new World(undefined, (incident, alerts) => assessPriority({ incident, alerts, catalog }));
    const [opened] = world.batch([alertAt('a1', 0, [host('web-1')], { killChainPhase: 'credential-access' })]);
    expect(actions(opened)).toEqual(['opened', 'prioritized']);
    const [escalated] = world.batch([alertAt('a2', 5, [host('web-1')], { killChainPhase: 'exfiltration', level: 'high' })]);
    expect(actions(escalated)).toEqual(['opened', 'prioritized', 'alert_added', 'escalated', 'prioritized']);
    expect(escalated.timeline[3].detail).toBe('kill chain advanced from credential-access to exfiltration (alert a2)');
    expect(escalated.killChainPhases).toEqual(['credential-access', 'exfiltration']);
    expect(escalated).toMatchObject({ severity: 'critical', priority: 2 });
    expect(escalated.priorityReason).toMatch(/^P2 because: high rule Rule a2 \(\+4\), kill-chain reached exfiltration \(\+3\)/);
    expect(escalated.priorityFactors).toContainEqual({ id: 'kill-chain-stage', label: 'kill-chain reached exfiltration', op: '+', weight: 3, contribution: 3 });
    // An earlier phase afterwards is no escalation.
    const [later] = world.batch([alertAt('a3', 6, [host('web-1')], { killChainPhase: 'discovery' })]);
    expect(actions(later).filter((action) => action === 'escalated')).toHaveLength(1);
  });

  it('takes the relation, entity, lead time and sentence the change calendar wrote', () => {
    const world = new World();
    const [incident] = world.batch([alertAt('a1', 0, [host('fw-01')], {
      details: {
        'change.related.ids': 'ev-9', 'change.related.1.id': 'ev-9', 'change.related.1.title': 'rule edit by bob', 'change.related.1.relation': 'config_change',
        'change.related.1.entity': 'host:fw-01', 'change.related.1.leadMs': '120000', 'change.related.1.summary': 'started 2 min after a rule edit by bob, on fw-01',
      },
    })]);
    expect(incident.relatedChanges).toEqual([
      { changeId: 'ev-9', title: 'rule edit by bob', ticket: null, owner: null, relation: 'config_change', entity: 'host:fw-01', leadMs: 120_000, summary: 'started 2 min after a rule edit by bob, on fw-01' },
    ]);
  });

  it('lists the covering change and the calendar\'s related changes, closest first, with an entry when one is new', () => {
    const world = new World();
    const covered = alertAt('a1', 0, [host('fw-01')], { suppression: { state: 'suppressed', changeId: 'chg-7', reason: 'covered by approved change "Patch fw" (owner ops)' } });
    const related = alertAt('a2', 10, [host('fw-01')], {
      details: {
        'change.related.ids': 'chg-31',
        'change.related.1.id': 'chg-31', 'change.related.1.title': 'Firewall rules', 'change.related.1.ticketRef': 'CHG0031',
        'change.related.1.start': new Date(T0 + 6 * MIN).toISOString(), 'change.related.1.match': 'host',
      },
    });
    // A suppressed alert opens no incident; it joins the open one on its host as context.
    expect(world.batch([covered])).toEqual([]);
    world.batch([related]);
    const [incident] = world.batch([covered]);
    expect(incident.relatedChanges.map((change) => [change.changeId, change.relation, change.leadMs, change.summary])).toEqual([
      ['chg-7', 'covers', 0, 'covered by chg-7 (Patch fw) on fw-01'],
      ['chg-31', 'scope', 4 * MIN, 'started 4 min after CHG0031 on fw-01'],
    ]);
    expect(incident.relatedChangeIds).toEqual(['chg-31', 'chg-7']);
    expect(incident.timeline.filter((entry) => entry.action === 'related_change').map((entry) => entry.detail)).toEqual([
      'chg-31: started 4 min after CHG0031 on fw-01',
      'chg-7: covered by chg-7 (Patch fw) on fw-01',
    ]);
  });
});

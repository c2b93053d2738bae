import type { Alert } from '@quell/contracts';
import { RecentlyStoredAlerts } from './recently-stored-alerts';

const alert = (id: string, state: Partial<Pick<Alert, 'tenant' | 'lastSeen' | 'eventCount'>> & { dedupCount?: number } = {}): Alert =>
  ({ id, tenant: state.tenant ?? 'acme', lastSeen: state.lastSeen ?? 1_000, eventCount: state.eventCount ?? 1, dedup: { count: state.dedupCount ?? 1, firstSeen: 0 } }) as Alert;

describe('RecentlyStoredAlerts', () => {
  let now = 0;
  const stored = (limits = { capacity: 100, maxAgeMs: 60_000 }) => new RecentlyStoredAlerts(limits, () => now);
  beforeEach(() => (now = 0));

  it('answers the later state of an alert, in whichever order its states were stored, as the history reads them', () => {
    const states = [alert('a1', { lastSeen: 2_000 }), alert('a1', { lastSeen: 3_000 }), alert('a1', { lastSeen: 3_000, eventCount: 4 }), alert('a1', { lastSeen: 3_000, eventCount: 4, dedupCount: 2 })];
    const latest = states[3];
    for (const order of [states, [...states].reverse(), [states[1], states[3], states[0], states[2]]]) {
      const alerts = stored();
      for (const state of order) alerts.remember([state]);
      expect(alerts.find('acme', ['a1'])).toEqual([latest]);
    }
  });

  it('keeps tenants apart and answers only what it holds', () => {
    const alerts = stored();
    alerts.remember([alert('a1', { tenant: 'acme' }), alert('a2', { tenant: 'globex' })]);
    expect(alerts.find('acme', ['a1', 'a2', 'a3']).map((a) => a.id)).toEqual(['a1']);
    expect(alerts.find('globex', ['a1', 'a2']).map((a) => a.id)).toEqual(['a2']);
  });

  it('forgets the alerts stored longest ago beyond its capacity, and those older than its age', () => {
    const alerts = stored({ capacity: 3, maxAgeMs: 60_000 });
    alerts.remember([alert('a1'), alert('a2')]);
    now = 30_000;
    alerts.remember([alert('a3'), alert('a1', { lastSeen: 5_000 })]);
    alerts.remember([alert('a4')]);
    expect(alerts.find('acme', ['a1', 'a2', 'a3', 'a4']).map((a) => a.id)).toEqual(['a1', 'a3', 'a4']);
    now = 90_001;
    expect(alerts.find('acme', ['a1', 'a3', 'a4'])).toEqual([]);
  });

  it('wakes a wait when alerts are stored, and otherwise when the wait ends', async () => {
    const alerts = stored();
    const woken: string[] = [];
    const waits = [alerts.nextStore(60_000).then(() => woken.push('stored')), alerts.nextStore(10).then(() => woken.push('timed out'))];
    await waits[1];
    alerts.remember([alert('a1')]);
    await waits[0];
    expect(woken).toEqual(['timed out', 'stored']);
  });
});

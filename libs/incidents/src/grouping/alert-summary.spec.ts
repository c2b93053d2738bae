import { testAlert } from '../test/test-alert';
import { alertSummaryOf, withAlertSummary } from './alert-summary';

describe('alert summaries kept with an incident', () => {
  it('keep what the assessment reads and drop the rest', () => {
    const alert = testAlert('a1', { level: 'high', details: { 'intel.indicator': '203.0.113.7', 'correlation.value': '12', 'anomaly.score': '7.5' }, sampleEventIds: ['e1', 'e2'], techniques: ['T1110'] });
    expect(alertSummaryOf(alert)).toMatchObject({ id: 'a1', rule: { level: 'high', tags: [] }, details: { 'intel.indicator': '203.0.113.7', 'anomaly.score': '7.5' }, entities: [], sampleEventIds: [], techniques: [] });
  });

  it('replace an alert\'s older summary, and past the cap drop plain low alerts first, a covered one before an uncovered one', () => {
    const covered = testAlert('c1', { level: 'low', suppression: { state: 'suppressed', changeId: 'chg-1', reason: null } });
    let kept = [testAlert('h1', { level: 'high' }), testAlert('l1', { level: 'low' }), covered, testAlert('k1', { kind: 'correlation', level: 'low' })];
    kept = kept.reduce((all, alert) => withAlertSummary(all, alert, 4), [] as ReturnType<typeof withAlertSummary>);
    kept = withAlertSummary(kept, testAlert('h1', { level: 'high', dedup: { count: 9, firstSeen: 0 } }), 4);
    expect(kept.map((alert) => alert.id)).toEqual(['l1', 'c1', 'k1', 'h1']);
    expect(kept.at(-1)?.dedup?.count).toBe(9);
    kept = withAlertSummary(kept, testAlert('m1', { level: 'medium' }), 4);
    expect(kept.map((alert) => alert.id)).toEqual(['l1', 'k1', 'h1', 'm1']);
    kept = withAlertSummary(kept, testAlert('m2', { level: 'medium' }), 4);
    expect(kept.map((alert) => alert.id)).toEqual(['k1', 'h1', 'm1', 'm2']);
  });
});

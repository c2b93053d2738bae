import type { Alert, Change } from '@quell/contracts';
import { screenAlert } from './screen-alert';

const alert: Alert = {
  id: 'a1', tenant: 'acme', rule: { id: 'r1', title: 't', version: '1', level: 'high', author: null, tags: [] }, kind: 'detection',
  entities: [{ type: 'host', value: 'fw-1' }], fingerprint: 'fp', firstSeen: 1_000, lastSeen: 1_000, eventCount: 1,
  sampleEventIds: [], tactics: [], techniques: [], killChainPhase: null, explanation: null, details: {},
  suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
};

function change(overrides: Partial<Change> = {}): Change {
  return {
    id: 'CHG-1', tenant: 'acme', title: 'firewall upgrade', ticketRef: null, kind: 'normal', status: 'approved',
    scope: { hosts: ['fw-1'], services: [], tags: [], eventClasses: [], actions: [], rules: [] },
    windows: [{ start: 500, end: 2_000, rrule: null, timeZone: 'UTC' }], approver: 'cab', version: 1, ...overrides,
  };
}

describe('screenAlert', () => {
  it('passes an alert through untouched when the calendar is empty', () => {
    expect(screenAlert(alert, [])).toBe(alert);
  });

  it('suppresses, and keeps, an alert an approved change covers', () => {
    expect(screenAlert(alert, [change()]).suppression).toEqual({
      state: 'suppressed', changeId: 'CHG-1', reason: 'covered by approved change "firewall upgrade"',
    });
  });

  it('includes the window start and excludes its end', () => {
    expect(screenAlert(alert, [change({ windows: [{ start: 1_000, end: 2_000, rrule: null, timeZone: 'UTC' }] })]).suppression.state).toBe('suppressed');
    expect(screenAlert(alert, [change({ windows: [{ start: 0, end: 1_000, rrule: null, timeZone: 'UTC' }] })]).suppression.state).toBe('none');
  });

  it('ignores changes that are not approved, of another tenant, or out of scope', () => {
    expect(screenAlert(alert, [change({ status: 'requested' })]).suppression.state).toBe('none');
    expect(screenAlert(alert, [change({ tenant: 'other' })]).suppression.state).toBe('none');
    expect(screenAlert(alert, [change({ scope: { hosts: ['fw-2'], services: [], tags: [], eventClasses: [], actions: [], rules: [] } })]).suppression.state).toBe('none');
    expect(screenAlert(alert, [change({ scope: { hosts: ['fw-1'], services: [], tags: [], eventClasses: [], actions: [], rules: ['r9'] } })]).suppression.state).toBe('none');
  });
});

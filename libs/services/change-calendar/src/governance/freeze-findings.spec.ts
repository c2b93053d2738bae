import { ChangeList, screenAlertVerdict } from '@quell/calendar';
import type { Change } from '@quell/contracts';
import { alertOn } from '../test/calendar-harness';
import { FreezeFindings } from './freeze-findings';
import { FREEZE_CHANGE_RULE } from './governance-alert';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const scope = { hosts: ['fw-01'], ips: [], services: [], tags: [], eventClasses: [], actions: [], rules: [] };
const window = { start: T0, end: T0 + 3_600_000, rrule: null, timeZone: 'UTC', exdates: [] };
const base = { tenant: 'acme', ticketRef: null, status: 'approved', scope, windows: [window], approver: 'cab', approvals: [], version: 1 };
const changes: Change[] = [
  { ...base, id: 'chg-1', title: 'Firewall maintenance', ticketRef: 'CHG0031', kind: 'normal', owner: 'netops' },
  { ...base, id: 'frz-1', title: 'Quarter-end freeze', kind: 'freeze', owner: 'cab' },
];
const verdictOf = (id: string) => screenAlertVerdict(alertOn('fw-01', T0 + 60_000, id), new ChangeList(changes));

describe('FreezeFindings', () => {
  it('raises one high-severity alert per (change, freeze), again only for the alert that raised it (a redelivery), with the same id', () => {
    const findings = new FreezeFindings();
    const first = findings.batch();
    const raised = first.raise(verdictOf('a1'));
    expect(first.raise(verdictOf('a2'))).toEqual([]);
    expect(raised).toEqual([
      expect.objectContaining({
        rule: expect.objectContaining({ id: FREEZE_CHANGE_RULE, level: 'high' }),
        kind: 'change',
        suppression: { state: 'annotated', changeId: 'chg-1', reason: 'approved change "Firewall maintenance" falls in freeze "Quarter-end freeze"' },
        details: expect.objectContaining({ 'change.cover.id': 'chg-1', 'change.cover.ticketRef': 'CHG0031', 'change.freeze.id': 'frz-1', 'alert.id': 'a1' }),
      }),
    ]);
    expect(raised[0].fingerprint).toBe(raised[0].id);

    const replay = findings.batch();
    expect(replay.raise(verdictOf('a3'))).toEqual([]);
    expect(replay.raise(verdictOf('a1')).map((a) => a.id)).toEqual([raised[0].id]);
    // Another process (a restart) derives the same id.
    expect(new FreezeFindings().batch().raise(verdictOf('a2')).map((a) => a.id)).toEqual([raised[0].id]);
  });

  it('raises nothing for an alert outside any freeze', () => {
    const verdict = screenAlertVerdict(alertOn('fw-01', T0 + 60_000), new ChangeList([changes[0]]));
    expect(new FreezeFindings().batch().raise(verdict)).toEqual([]);
  });
});

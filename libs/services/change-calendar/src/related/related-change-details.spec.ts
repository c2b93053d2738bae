import type { Alert } from '@quell/contracts';
import type { RelatedChange } from '@quell/calendar';
import { withRelatedChanges } from './related-change-details';

const alert: Alert = {
  id: 'a1', tenant: 'acme', rule: { id: 'r1', title: 'Service down', version: null, level: 'high', author: null, tags: [] }, kind: 'detection',
  entities: [{ type: 'host', value: 'fw-01' }], fingerprint: 'fp', firstSeen: Date.parse('2026-03-02T02:04:00Z'), lastSeen: Date.parse('2026-03-02T02:04:00Z'),
  eventCount: 1, sampleEventIds: [], tactics: [], techniques: [], killChainPhase: null, explanation: null, details: { 'event.class': 'network' },
  suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
};

function related(id: string, ticketRef: string | null, end: string, gapMs: number): RelatedChange {
  return { change: { id, title: 'Firewall maintenance', owner: 'netops', ticketRef, kind: 'normal' }, relation: 'scope', entity: 'host:fw-01', start: Date.parse(end) - 7_200_000, end: Date.parse(end), gapMs, match: 'host' };
}

describe('withRelatedChanges', () => {
  it('leaves an alert with no related change as it is', () => {
    expect(withRelatedChanges(alert, [])).toBe(alert);
  });

  it('lists the changes closest first in details, with a sentence for the incident', () => {
    const out = withRelatedChanges(alert, [related('chg-31', 'CHG0031', '2026-03-02T02:00:00Z', 240_000), related('chg-7', null, '2026-03-02T01:00:00Z', 3_840_000)]);
    expect(out.details).toMatchObject({
      'event.class': 'network',
      'change.related.ids': 'chg-31,chg-7',
      'change.related.1.id': 'chg-31',
      'change.related.1.ticketRef': 'CHG0031',
      'change.related.1.owner': 'netops',
      'change.related.1.end': '2026-03-02T02:00:00.000Z',
      'change.related.1.gapMs': '240000',
      'change.related.1.match': 'host',
      'change.related.2.id': 'chg-7',
      'change.related.summary': 'started 4 min after CHG0031 (Firewall maintenance) ended, on fw-01',
    });
    expect(out.details['change.related.2.ticketRef']).toBeUndefined();
    expect(alert.details['change.related.ids']).toBeUndefined();
  });

  it('says "during" when the closest change was still open', () => {
    expect(withRelatedChanges(alert, [related('chg-7', null, '2026-03-02T03:00:00Z', 0)]).details['change.related.summary']).toBe('started during "Firewall maintenance", on fw-01');
  });

  it('names the relation, entity and lead of each, and a config_change edit in words', () => {
    const edit: RelatedChange = {
      change: { id: 'evt-1', title: 'config change rule_modified by admin', owner: 'admin', ticketRef: null, kind: 'config_change' },
      relation: 'config_change', entity: 'host:fw-01', start: alert.firstSeen - 120_000, end: alert.firstSeen - 120_000, gapMs: 120_000, match: 'host',
    };
    const cover: RelatedChange = { ...related('chg-31', 'CHG0031', '2026-03-02T03:00:00Z', 0), relation: 'covers' };
    const out = withRelatedChanges(alert, [cover, edit]);
    expect(out.details).toMatchObject({
      'change.related.ids': 'chg-31,evt-1',
      'change.related.1.relation': 'covers',
      'change.related.1.entity': 'host:fw-01',
      'change.related.1.leadMs': String(alert.firstSeen - Date.parse('2026-03-02T01:00:00Z')),
      'change.related.1.summary': 'covered by CHG0031 (Firewall maintenance), on fw-01',
      'change.related.2.id': 'evt-1',
      'change.related.2.kind': 'config_change',
      'change.related.2.relation': 'config_change',
      'change.related.2.owner': 'admin',
      'change.related.2.leadMs': '120000',
      'change.related.2.summary': 'started 2 min after a config change rule_modified by admin, on fw-01',
      'change.related.summary': 'covered by CHG0031 (Firewall maintenance), on fw-01',
    });
  });
});

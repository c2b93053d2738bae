import { AssetInventory } from '@quell/assets';
import type { Alert, Incident } from '@quell/contracts';
import { testAlert, testIncident, WEDNESDAY_10_UTC } from '../test/test-alert';
import { assessPriority, priorityOfScore, type PriorityInput } from './incident-priority';
import { parseServiceCatalog } from './service-catalog';

const catalog = parseServiceCatalog(
  `version: 1
businessHours: { timeZone: Europe/Berlin, start: "08:00", end: "18:00" }
services:
  payments: { criticality: critical }
  crm: { criticality: high }
  intranet: { criticality: medium }
  wiki: { criticality: low }
`,
  'services.yaml',
);
const assets = new AssetInventory([
  { host: 'pay-db-1', service: 'payments' },
  { ip: '10.9.0.0/16', criticality: 'high' },
  { host: 'kiosk-1', criticality: 'whatever' },
]);
/** Saturday 2026-11-28 03:00 Berlin. */
const NIGHT = Date.UTC(2026, 10, 28, 2, 0);

function assess(alerts: Alert[], incident: Partial<Incident> = {}, extra: Partial<PriorityInput> = {}) {
  return assessPriority({ incident: testIncident(incident), alerts, catalog, assets, ...extra });
}
const factorIds = (result: ReturnType<typeof assess>) => result.factors.map((f) => [f.id, f.contribution]);

describe('assessPriority', () => {
  it('gives a medium alert on nothing known, in business hours, P3 with the Sigma level as its only reason', () => {
    const result = assess([testAlert('a')]);
    expect(result).toMatchObject({ priority: 3, severity: 'medium', score: 3, reason: 'P3 because: medium rule Rule a (+3)' });
  });

  it('multiplies the severity points by the most critical service touched: critical ×2, high ×1.5, medium ×1, low ×0.75', () => {
    const withService = (services: string[]) => assess([testAlert('a', { level: 'high' })], { services });
    expect(withService(['payments'])).toMatchObject({ score: 8, priority: 1 });
    expect(withService(['crm'])).toMatchObject({ score: 6, priority: 2 });
    expect(assess([testAlert('a', { level: 'critical' })])).toMatchObject({ score: 5, priority: 2 });
    expect(withService(['intranet'])).toMatchObject({ score: 4, priority: 3 });
    expect(withService(['wiki'])).toMatchObject({ score: 3, priority: 3 });
    expect(withService(['wiki', 'payments', 'unknown']).factors.at(-1)).toEqual({ id: 'service-criticality', label: 'critical service payments', weight: { op: '×', value: 2 }, contribution: 4 });
    expect(withService(['unknown']).factors.map((f) => f.id)).toEqual(['sigma-level']);
    expect(withService(['crm', 'wiki']).criticality).toBe('high');
    expect(withService(['unknown']).criticality).toBeUndefined();
  });

  it('finds criticality through the asset inventory: an asset’s service, an address range, a service entity; free-text criticality is ignored', () => {
    expect(assess([testAlert('a')], { entities: [{ type: 'host', value: 'pay-db-1' }] }).factors[1]).toMatchObject({ label: 'critical service payments (via pay-db-1)', contribution: 3 });
    expect(assess([testAlert('a')], { entities: [{ type: 'ip', value: '10.9.3.4' }] }).factors[1]).toMatchObject({ label: 'high asset 10.9.3.4', contribution: 1.5 });
    expect(assess([testAlert('a')], { entities: [{ type: 'service', value: 'crm' }] }).factors[1]).toMatchObject({ label: 'high service crm' });
    expect(assess([testAlert('a')], { entities: [{ type: 'host', value: 'kiosk-1' }] }).factors.map((f) => f.id)).toEqual(['sigma-level']);
    expect(assess([testAlert('a')], { entities: [{ type: 'host', value: 'pay-db-1' }] }, { assets: undefined }).factors.map((f) => f.id)).toEqual(['sigma-level']);
  });

  it('adds one after hours in the tenant zone, judged at the incident’s last activity', () => {
    expect(factorIds(assess([testAlert('a')], { lastSeen: NIGHT }))).toEqual([['sigma-level', 3], ['after-hours', 1]]);
    // 17:59 Berlin is business hours, 18:00 is not (UTC+1 in November).
    expect(factorIds(assess([testAlert('a')], { lastSeen: Date.UTC(2026, 10, 25, 16, 59) }))).toEqual([['sigma-level', 3]]);
    expect(factorIds(assess([testAlert('a')], { lastSeen: Date.UTC(2026, 10, 25, 17, 0) }))).toEqual([['sigma-level', 3], ['after-hours', 1]]);
  });

  it('lowers for approved changes (covering -2, related -1) and raises for a change in a freeze or without approval (+1)', () => {
    const covered = testAlert('a', { suppression: { state: 'suppressed', changeId: 'CHG-7', reason: 'covered' } });
    expect(factorIds(assess([covered], { relatedChangeIds: ['CHG-7'] }))).toEqual([['sigma-level', 3], ['change-covered', -2]]);
    expect(assess([covered], { relatedChangeIds: ['CHG-7'] }).priority).toBe(5);
    // One alert covered and one not: no longer expected work, the other change is only related.
    expect(factorIds(assess([covered, testAlert('b')], { relatedChangeIds: ['CHG-7', 'CHG-8'] }))).toEqual([['sigma-level', 3], ['change-related', -1]]);
    // The label names the closest related change, as the incident ranks them.
    const closest = { changeId: 'CHG-9', title: 'DNS', ticket: null, owner: null, relation: 'scope', entity: 'host:web-1', leadMs: 60_000, summary: 'started 1 min after CHG-9' };
    const ranked = assess([testAlert('b')], { relatedChangeIds: ['CHG-8', 'CHG-9'], relatedChanges: [closest, { ...closest, changeId: 'CHG-8', leadMs: 600_000 }] });
    expect(ranked.factors.find((factor) => factor.id === 'change-related')?.label).toBe('related change CHG-9 and 1 more');
    const annotated = testAlert('a', { suppression: { state: 'annotated', changeId: 'CHG-9', reason: 'in freeze' }, details: { 'change.freeze.id': 'FRZ-1' } });
    expect(factorIds(assess([annotated]))).toEqual([['sigma-level', 3], ['change-in-freeze', 1]]);
    const freezeFinding = testAlert('f', { kind: 'change', suppression: { state: 'annotated', changeId: 'CHG-9', reason: 'in freeze' } });
    expect(factorIds(assess([{ ...freezeFinding, rule: { ...freezeFinding.rule, id: 'quell.change.freeze' } }])).map(([id]) => id)).toContain('change-in-freeze');
    // Annotated because the policy keeps critical alerts paging, or a window-close report: no freeze, no +1.
    const keptPaging = testAlert('a', { suppression: { state: 'annotated', changeId: 'CHG-9', reason: 'covered by approved change "Patch": annotated, not suppressed' } });
    expect(factorIds(assess([keptPaging]))).toEqual([['sigma-level', 3]]);
    const unapproved = testAlert('a', { kind: 'change', rule: { id: 'fw', title: 'Firewall rule changed', version: null, level: 'high', author: null, tags: [] } });
    expect(assess([unapproved]).factors.at(-1)).toMatchObject({ id: 'change-unapproved', label: 'change without approval (Firewall rule changed)', contribution: 1 });
  });

  it('bands scores: ≥8 P1, ≥5 P2, ≥3 P3, ≥2 P4, below P5', () => {
    expect([9, 8, 7.99, 5, 4.99, 3, 2.99, 2, 1.99, -1].map(priorityOfScore)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('puts the alert-storm scenario’s three attacks at P2 on unknown assets (the firewall change at night, as planted), and its expected noise below', () => {
    const bruteForce = testAlert('bf', { level: 'high', kind: 'correlation', killChainPhase: 'credential-access' });
    const lsass = testAlert('ls', { level: 'high', killChainPhase: 'credential-access', techniques: ['T1003.001'] });
    const firewall = testAlert('fw', { level: 'medium', kind: 'change' });
    expect([bruteForce, lsass].map((alert) => assess([alert]).priority)).toEqual([2, 2]);
    expect(assess([firewall], { lastSeen: NIGHT }).priority).toBe(2);
    // The same medium change without approval in office hours is P3: night is what makes it urgent.
    expect(assess([firewall]).priority).toBe(3);
    const maintenance = testAlert('mw', { suppression: { state: 'suppressed', changeId: 'CHG-1', reason: 'covered' } });
    expect(assess([maintenance]).priority).toBe(5);
    expect(assess([testAlert('noise', { level: 'low' })]).priority).toBe(4);
  });

  it('explains a P1 the way the incident shows it, largest effect first', () => {
    const exfil = testAlert('x', { level: 'high', killChainPhase: 'exfiltration', lastSeen: NIGHT });
    const result = assess([exfil], { services: ['payments'], lastSeen: NIGHT });
    expect(result).toMatchObject({ priority: 1, severity: 'critical', score: 15 });
    expect(result.reason).toBe('P1 because: critical service payments (×2), high rule Rule x (+4), kill-chain reached exfiltration (+3), after hours (Europe/Berlin) (+1)');
  });

  it('is deterministic: alert and entity order do not change the result', () => {
    const alerts = [
      testAlert('a', { level: 'high', kind: 'correlation' }), testAlert('b', { killChainPhase: 'discovery', level: 'high', kind: 'correlation' }),
      testAlert('c', { details: { 'intel.indicator': 'evil.example' } }), testAlert('d', { details: { 'intel.indicator': 'worse.example' } }),
      testAlert('e', { suppression: { state: 'annotated', changeId: 'CHG-1', reason: null }, details: { 'change.freeze.id': 'FRZ-1' } }),
      testAlert('f', { suppression: { state: 'annotated', changeId: 'CHG-2', reason: null }, details: { 'change.freeze.id': 'FRZ-1' } }),
    ];
    const entities = [{ type: 'ip', value: '10.9.3.4' }, { type: 'host', value: 'pay-db-1' }];
    const one = assess(alerts, { entities, lastSeen: WEDNESDAY_10_UTC });
    const other = assess([...alerts].reverse(), { entities: [...entities].reverse(), lastSeen: WEDNESDAY_10_UTC });
    expect(other).toEqual(one);
    expect(one.reason).toContain('high rule Rule a (+4)');
    expect(one.reason).toContain('threat intel hit evil.example (+1)');
    expect(one.reason).toContain('change CHG-1 made during a freeze (+1)');
  });
});

import { requireKafkaBrokers, requireRedisUrl } from '@quell/platform-testing';
import { firewallFreezeDraft, MAINTENANCE_HOSTS, maintenanceDraft } from './maintenance';
import { STORM_START, stormRecords } from './stream';
import { decodedAlerts, latestIncidents, type Funnel } from './storm-funnel';
import { stormOutcome } from './storm-outcome';
import { BRUTE_FORCE_THEN_SUCCESS_ID, LSASS_RULE_IDS } from './storm-rules';
import { StormPipeline } from './storm-pipeline';

const DRAIN_MS = 240_000;

/**
 * Issue 14 point 8: an hour of over 100,000 shipper records with three planted attacks inside a lot
 * of noise, through all seven services over the real broker, Redis and the embedded ClickHouse
 * engine; then the same records again, which must add nothing people would see.
 */
describe('the alert storm end to end', () => {
  const records = stormRecords();
  const storm = new StormPipeline(requireKafkaBrokers(), requireRedisUrl());
  let first: Funnel;

  beforeAll(async () => {
    await storm.start();
    await storm.approvedChange(maintenanceDraft(STORM_START));
    await storm.approvedChange(firewallFreezeDraft(STORM_START));
    await storm.drained(60_000);
  }, 240_000);

  afterAll(() => storm.stop(), 120_000);

  it('turns the hour into one incident per attack at P1 or P2, a handful of low ones, one notification per transition', async () => {
    await storm.ship(records);
    await storm.drained(DRAIN_MS);
    first = await storm.funnel();
    process.stdout.write(`${JSON.stringify({ storm: 'first run', records: records.length, ...first })}\n`);
    const outcome = stormOutcome(latestIncidents(storm.incidents), storm.webhook.calls, decodedAlerts(storm.screened), decodedAlerts(storm.unique));
    process.stdout.write(`${JSON.stringify(outcome)}\n`);

    expect(first.events).toBe(records.length);
    expect(first.eventRecords).toBeGreaterThanOrEqual(records.length);
    expect(first.deadLetters).toBe(0);
    // The maintenance's script downloads, each suppressed by the approved change (kept, not dropped).
    expect(first.suppressed).toBe(MAINTENANCE_HOSTS.length);
    for (const [attack, found] of Object.entries(outcome.byAttack)) {
      expect({ attack, incidents: found.length }).toEqual({ attack, incidents: 1 });
      expect({ attack, priority: found[0].priority <= 2 }).toEqual({ attack, priority: true });
    }
    // Each attack's incident holds what found it: the logon chain; all five LSASS rules; the freeze.
    expect(outcome.byAttack.bruteForce[0].ruleIds).toContain(BRUTE_FORCE_THEN_SUCCESS_ID);
    expect(outcome.byAttack.lsassDump[0].ruleIds).toEqual(expect.arrayContaining(LSASS_RULE_IDS));
    expect(outcome.byAttack.firewallChange[0].title).toMatch(/freeze/);
    // A handful of low ones: below every attack (P3 to P5), none that pages.
    expect(outcome.others.length).toBeLessThanOrEqual(5);
    expect(outcome.others.filter((i) => i.priority <= 2)).toEqual([]);
    expect(outcome.repeatedTransitions).toEqual([]);
    expect(outcome.notified['incident.opened']).toBe(first.incidents);
  }, DRAIN_MS + 60_000);

  it('adds no incident and no notification when the same records are replayed', async () => {
    expect(first).toBeDefined();
    await storm.ship(records);
    await storm.drained(DRAIN_MS);
    const second = await storm.funnel();
    process.stdout.write(`${JSON.stringify({ storm: 'after the replay', ...second })}\n`);
    const outcome = stormOutcome(latestIncidents(storm.incidents), storm.webhook.calls, decodedAlerts(storm.screened), decodedAlerts(storm.unique));
    process.stdout.write(`${JSON.stringify(outcome)}\n`);

    expect(second.events).toBe(2 * records.length);
    expect({ incidents: second.incidents, notifications: second.notifications }).toEqual({ incidents: first.incidents, notifications: first.notifications });
  }, DRAIN_MS + 60_000);
});

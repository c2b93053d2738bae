import type { Alert, Change } from '@quell/contracts';
import { collectTopic, requireKafkaBrokers, uniqueName, waitFor, type TopicCollector } from '@quell/platform-testing';
import { alertOn, CalendarHarness, firewallDraft, KEYS, ruleEditOn } from '../test/calendar-harness';
import { UNAPPROVED_CHANGE_RULE } from './governance-alert';

const AT_0130_BERLIN = Date.parse('2026-03-02T01:30:00+01:00');
const AT_0400_BERLIN = Date.parse('2026-03-02T04:00:00+01:00');

/**
 * Issue 13's firewall story over the real broker: an approved change on fw-01 01:00–03:00
 * Europe/Berlin; at 01:30 the rule edit raises nothing and the alert it caused is suppressed with
 * the change id; at 04:00 the same edit is an unapproved change naming the change, and the alert
 * lists it as related.
 */
describe('change governance: the firewall story', () => {
  const brokers = requireKafkaBrokers();
  let calendar: CalendarHarness | undefined;
  let screened: TopicCollector | undefined;

  afterAll(async () => {
    await screened?.stop();
    await calendar?.stop();
  }, 60_000);

  it('suppresses what the approved change explains and raises an unapproved-change alert after it', async () => {
    calendar = await new CalendarHarness(uniqueName('calendar-governance')).start({ BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), DELIVERY_BACKOFF_MS: '20' });
    screened = await collectTopic(brokers, calendar.topics.alertsScreened);
    const created = await calendar.request('POST', '/v1/changes', KEYS.write, firewallDraft());
    const { change } = (await created.json()) as { change: Change };
    expect((await calendar.request('POST', `/v1/changes/${change.id}/approve`, KEYS.admin, { comment: 'CAB' })).status).toBe(200);

    const during = ruleEditOn('fw-01', AT_0130_BERLIN);
    const after = ruleEditOn('fw-01', AT_0400_BERLIN);
    // One key: the 04:00 edit is handled after the 01:30 one, so once its alert is out, none is coming for 01:30.
    await calendar.infra.bus.publish([during, after].map((event) => ({ topic: calendar!.topics.configChanges, key: 'fw-01', value: calendar!.codec.encodable('Event', event) })));
    const alertDuring = alertOn('fw-01', AT_0130_BERLIN);
    const alertAfter = alertOn('fw-01', AT_0400_BERLIN);
    await calendar.infra.bus.publish([alertDuring, alertAfter].map((alert) => ({ topic: calendar!.topics.alerts, key: alert.fingerprint, value: calendar!.codec.encodable('Alert', alert) })));

    const decoded = () => screened!.messages.map((m) => calendar!.codec.decode(m.value!, 'Alert'));
    const out = await waitFor(() => {
      const alerts = decoded();
      const governance = alerts.find((a) => a.kind === 'change' && a.sampleEventIds.includes(after.id));
      return governance && alerts.some((a) => a.id === alertDuring.id) && alerts.some((a) => a.id === alertAfter.id) ? alerts : undefined;
    }, { timeoutMs: 60_000, description: 'the screened alerts and the unapproved-change alert' });

    const byId = (id: string) => out.find((a) => a.id === id) as Alert;
    expect(byId(alertDuring.id).suppression).toMatchObject({ state: 'suppressed', changeId: change.id });
    expect(out.filter((a) => a.kind === 'change' && a.sampleEventIds.includes(during.id))).toEqual([]);

    const unapproved = out.find((a) => a.kind === 'change')!;
    expect(unapproved.rule.id).toBe(UNAPPROVED_CHANGE_RULE);
    expect(unapproved.suppression.state).toBe('none');
    expect(unapproved.details).toMatchObject({ 'change.host': 'fw-01', 'change.actor': 'admin', 'change.nearest.id': change.id, 'change.nearest.ticketRef': 'CHG0031' });

    expect(byId(alertAfter.id).suppression.state).toBe('none');
    // The 04:00 edit itself may rank first (when the governance consumer saw it before the alert was screened).
    const details = byId(alertAfter.id).details;
    const rank = Object.keys(details).find((key) => /^change\.related\.\d+\.id$/.test(key) && details[key] === change.id)?.split('.')[2];
    expect(details[`change.related.${rank}.summary`]).toBe('started 60 min after CHG0031 (Firewall maintenance) ended, on fw-01');
  }, 120_000);
});

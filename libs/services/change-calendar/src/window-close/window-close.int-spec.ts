import type { Alert, Change } from '@quell/contracts';
import { eventToRow } from '@quell/platform-event-history';
import { collectTopic, requireKafkaBrokers, requireRedisUrl, uniqueName, waitFor, type TopicCollector } from '@quell/platform-testing';
import { TimerService } from '@quell/platform-timers';
import { CalendarHarness, firewallDraft, KEYS, ruleEditOn } from '../test/calendar-harness';
import { keyOf, WINDOW_CLOSE_TIMER } from './window-close-timers';
import { NOT_SEEN_RULE, SCOPE_DRIFT_RULE } from './window-close-report';

/**
 * Window-close reports end to end: the service over the real broker, its timers in the real Redis,
 * config_change events in the embedded ClickHouse history. Two approved changes whose windows close
 * seconds from now: one saw its own host and a host outside its scope (scope drift), the other saw
 * nothing (not seen). A refire of the same occurrence publishes the same alert ids.
 */
describe('change-calendar: reports when a change window closes', () => {
  const brokers = requireKafkaBrokers();
  const redisUrl = requireRedisUrl();
  let calendar: CalendarHarness | undefined;
  let screened: TopicCollector | undefined;

  afterAll(async () => {
    await screened?.stop();
    await calendar?.stop();
  }, 60_000);

  async function approvedChange(draft: Record<string, unknown>): Promise<Change> {
    const created = await calendar!.request('POST', '/v1/changes', KEYS.write, firewallDraft(draft));
    expect(created.status).toBe(201);
    const { change } = (await created.json()) as { change: Change };
    const approved = await calendar!.request('POST', `/v1/changes/${change.id}/approve`, KEYS.admin, { comment: 'CAB' });
    expect(approved.status).toBe(200);
    return change;
  }

  const reportsOf = (change: Change): Alert[] =>
    screened!.messages.map((m) => calendar!.codec.decode(m.value!, 'Alert')).filter((a) => a.details['change.id'] === change.id);

  it('reports scope drift and a change never seen once the windows close, the same ids on a refire', async () => {
    calendar = await new CalendarHarness(uniqueName('calendar-window-close')).start({
      BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), REDIS_URL: redisUrl, DELIVERY_BACKOFF_MS: '20', TIMER_MAX_IDLE_MS: '200', CHANGE_WINDOW_CLOSE_SETTLE_MS: '0',
    });
    screened = await collectTopic(brokers, calendar.topics.alertsScreened);
    const now = Date.now();
    const window = { start: new Date(now - 60_000).toISOString(), end: new Date(now + 4_000).toISOString(), timeZone: 'UTC' };
    // The edits were made (and stored in history) during the windows: one on fw-01 (in scope), one on db-01 (not).
    const edits = [ruleEditOn('fw-01', now - 30_000), ruleEditOn('db-01', now - 20_000)];
    await calendar.infra.eventHistory!.insertBatch(edits.map(eventToRow), uniqueName('batch'));

    const firewall = await approvedChange({ ticketRef: uniqueName('CHG'), scope: { hosts: ['fw-01'] }, windows: [window] });
    const sw = await approvedChange({ ticketRef: uniqueName('CHG'), title: 'Switch upgrade', scope: { hosts: ['sw-09'] }, windows: [window] });

    await waitFor(() => (reportsOf(firewall).length >= 1 && reportsOf(sw).length >= 2) || undefined, { timeoutMs: 30_000, description: 'both window-close reports' });
    const [drift] = reportsOf(firewall);
    expect(reportsOf(firewall).map((a) => a.rule.id)).toEqual([SCOPE_DRIFT_RULE]);
    expect(drift.entities).toEqual([{ type: 'host', value: 'db-01' }]);
    expect(drift.details['change.drift.hosts']).toBe('db-01');
    expect(drift.firstSeen).toBe(Date.parse(window.start));
    // sw-09's window saw db-01 and fw-01 changed, both outside its scope, and nothing of its own.
    expect(reportsOf(sw).map((a) => a.rule.id).sort()).toEqual([NOT_SEEN_RULE, SCOPE_DRIFT_RULE]);
    expect(await calendar.service.app.get(TimerService).pending(keyOf('acme', firewall.id, 0))).toBeNull();

    // A refire of the same occurrence (a replica that crashed before its ack): the same alert ids again.
    const ids = new Set(screened.messages.map((m) => calendar!.codec.decode(m.value!, 'Alert').id));
    const payload = JSON.stringify({ tenant: 'acme', changeId: firewall.id, window: 0, start: Date.parse(window.start), end: Date.parse(window.end) });
    await calendar.service.app.get(TimerService).schedule({ key: keyOf('acme', firewall.id, 0), dueAt: Date.now(), kind: WINDOW_CLOSE_TIMER, payload, tenant: 'acme' });
    await waitFor(() => reportsOf(firewall).length === 2 || undefined, { timeoutMs: 30_000, description: 'the refired report' });
    expect(reportsOf(firewall).map((a) => a.id)).toEqual([drift.id, drift.id]);
    expect(new Set(screened.messages.map((m) => calendar!.codec.decode(m.value!, 'Alert').id))).toEqual(ids);
  }, 90_000);
});

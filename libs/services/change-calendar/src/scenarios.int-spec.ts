import { signWebhookPayload } from '@quell/calendar';
import type { Alert, Change } from '@quell/contracts';
import { collectTopic, requireKafkaBrokers, uniqueName, waitFor, type TopicCollector } from '@quell/platform-testing';
import { FREEZE_CHANGE_RULE } from './governance/governance-alert';
import { alertOn, CalendarHarness, KEYS, ruleEditOn, WEBHOOK_SECRET } from './test/calendar-harness';

/**
 * Issue 13's remaining scenarios over the real broker (and the embedded ClickHouse the service
 * mirrors versions into): a weekly Europe/Berlin window across both 2026 DST switches, a freeze
 * that turns an approved change into a high-severity alert, and a ServiceNow import updated by the
 * signed webhook. Times are event times, so the wall clock of the run does not matter.
 */
describe('change calendar scenarios (Kafka)', () => {
  const brokers = requireKafkaBrokers();
  let calendar: CalendarHarness;
  let screened: TopicCollector;

  beforeAll(async () => {
    calendar = await new CalendarHarness(uniqueName('calendar-scenarios')).start({ BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), DELIVERY_BACKOFF_MS: '20' });
    screened = await collectTopic(brokers, calendar.topics.alertsScreened);
  }, 60_000);
  afterAll(async () => {
    await screened?.stop();
    await calendar?.stop();
  }, 60_000);

  const decoded = (): Alert[] => screened.messages.map((m) => calendar.codec.decode(m.value!, 'Alert'));

  /** Publishes unscreened alerts and answers each one as screened, by id. */
  async function screen(alerts: Alert[]): Promise<Map<string, Alert>> {
    await calendar.infra.bus.publish(alerts.map((alert) => ({ topic: calendar.topics.alerts, key: alert.fingerprint, value: calendar.codec.encodable('Alert', alert) })));
    return waitFor(() => {
      const byId = new Map(decoded().map((a) => [a.id, a]));
      return alerts.every((a) => byId.has(a.id)) ? byId : undefined;
    }, { timeoutMs: 60_000, description: `${alerts.length} screened alerts` });
  }

  async function approvedChange(draft: Record<string, unknown>): Promise<Change> {
    const created = await calendar.request('POST', '/v1/changes', KEYS.write, draft);
    expect(created.status).toBe(201);
    const { change } = (await created.json()) as { change: Change };
    expect((await calendar.request('POST', `/v1/changes/${change.id}/approve`, KEYS.admin, { comment: 'CAB' })).status).toBe(200);
    return change;
  }

  it('suppresses alerts inside a weekly Europe/Berlin window on the Sundays around both 2026 DST switches, not an hour outside', async () => {
    // Sundays 05:00–07:00 wall clock. 22 Mar and 25 Oct are CET (+01:00), 29 Mar and 18 Oct CEST (+02:00):
    // a window kept at a fixed UTC offset would be an hour off on two of them.
    const change = await approvedChange({
      title: 'Weekly database patching', ticketRef: 'CHG-WEEKLY', owner: 'dba', scope: { hosts: ['db-01'] },
      windows: [{ start: '2026-03-22T05:00:00+01:00', end: '2026-03-22T07:00:00+01:00', timeZone: 'Europe/Berlin', rrule: 'FREQ=WEEKLY;BYDAY=SU' }],
    });
    const sundays = [['2026-03-22', '+01:00'], ['2026-03-29', '+02:00'], ['2026-10-18', '+02:00'], ['2026-10-25', '+01:00']];
    const at = (day: string, time: string, offset: string) => Date.parse(`${day}T${time}:00${offset}`);
    const inside = sundays.flatMap(([day, offset]) => ['05:30', '06:30'].map((time) => alertOn('db-01', at(day, time, offset), uniqueName(`in-${day}-${time}`))));
    const outside = sundays.flatMap(([day, offset]) => ['04:30', '07:30'].map((time) => alertOn('db-01', at(day, time, offset), uniqueName(`out-${day}-${time}`))));

    const byId = await screen([...inside, ...outside]);
    for (const alert of inside) expect({ id: alert.id, suppression: byId.get(alert.id)!.suppression }).toMatchObject({ id: alert.id, suppression: { state: 'suppressed', changeId: change.id } });
    for (const alert of outside) expect({ id: alert.id, state: byId.get(alert.id)!.suppression.state }).toEqual({ id: alert.id, state: 'none' });
  }, 120_000);

  it('turns a config change under an approved change into a high-severity freeze alert when a freeze is in force', async () => {
    const change = await approvedChange({
      title: 'Edge firewall upgrade', ticketRef: 'CHG-FRZ-1', owner: 'netops', scope: { hosts: ['fw-02'] },
      windows: [{ start: '2026-04-10T20:00:00+02:00', end: '2026-04-10T23:00:00+02:00', timeZone: 'Europe/Berlin' }],
    });
    const freeze = await approvedChange({
      title: 'Quarter-end freeze', kind: 'freeze', owner: 'cab', scope: { hosts: ['fw-02'] },
      windows: [{ start: '2026-04-10T18:00:00+02:00', end: '2026-04-11T02:00:00+02:00', timeZone: 'Europe/Berlin' }],
    });
    const at = Date.parse('2026-04-10T21:00:00+02:00');
    const edit = ruleEditOn('fw-02', at);
    await calendar.infra.bus.publish([{ topic: calendar.topics.configChanges, key: 'fw-02', value: calendar.codec.encodable('Event', edit) }]);
    const governance = await waitFor(() => decoded().find((a) => a.kind === 'change' && a.sampleEventIds.includes(edit.id)), { timeoutMs: 60_000, description: 'the freeze alert' });
    expect(governance.rule).toMatchObject({ id: FREEZE_CHANGE_RULE, level: 'high' });
    expect(governance.details).toMatchObject({ 'change.cover.id': change.id, 'change.freeze.id': freeze.id });

    // The alert the edit caused is only annotated: it stays on the paging path.
    const alert = alertOn('fw-02', at);
    const byId = await screen([alert]);
    expect(byId.get(alert.id)!.suppression).toMatchObject({ state: 'annotated', changeId: change.id });
  }, 120_000);

  it('suppresses by a change imported from a ServiceNow export, then by its window and scope as the signed webhook updates them', async () => {
    const ticket = `CHG${Date.now() % 10_000_000}`;
    const header = '"number","short_description","type","state","approval","start_date","end_date","assigned_to","cmdb_ci","sys_updated_on"';
    const row = `"${ticket}","Web tier patching","Normal","Scheduled","Approved","2026-05-05 01:00:00","2026-05-05 03:00:00","Dana Ortiz","web-01","2026-05-01 10:00:00"`;
    const imported = await calendar.post('/v1/changes/import?source=servicenow&timeZone=Europe/Berlin', [header, row].join('\n'), { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'text/csv' });
    expect(imported.status).toBe(200);
    const { written } = (await imported.json()) as { written: { changeId: string; ticketRef: string }[] };
    expect(written).toEqual([expect.objectContaining({ ticketRef: ticket })]);
    const changeId = written[0].changeId;

    const at = (time: string) => Date.parse(`2026-05-05T${time}:00+02:00`);
    const before = { web01InWindow: alertOn('web-01', at('02:00')), web02InWindow: alertOn('web-02', at('02:00')), web02Later: alertOn('web-02', at('05:00')) };
    const screenedBefore = await screen(Object.values(before));
    expect(screenedBefore.get(before.web01InWindow.id)!.suppression).toMatchObject({ state: 'suppressed', changeId });
    expect(screenedBefore.get(before.web02InWindow.id)!.suppression.state).toBe('none');
    expect(screenedBefore.get(before.web02Later.id)!.suppression.state).toBe('none');

    // The ITSM moves the change to 04:00–06:00 and to web-02.
    const record = JSON.stringify({
      number: ticket, short_description: 'Web tier patching', type: 'Normal', state: 'Scheduled', approval: 'approved',
      start_date: '2026-05-05 04:00:00', end_date: '2026-05-05 06:00:00', assigned_to: 'Dana Ortiz', cmdb_ci: 'web-02', sys_updated_on: '2026-05-02 09:00:00',
    });
    const pushed = await calendar.post('/v1/changes/webhook?tenant=acme&source=servicenow&timeZone=Europe/Berlin', record, { 'quell-signature': signWebhookPayload(record, WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) });
    expect(pushed.status).toBe(200);
    expect(((await pushed.json()) as { counts: Record<string, number> }).counts).toMatchObject({ update: 1, errors: 0 });

    const after = { web01InOldWindow: alertOn('web-01', at('02:00')), web02InOldWindow: alertOn('web-02', at('02:00')), web02InNewWindow: alertOn('web-02', at('05:00')) };
    const screenedAfter = await screen(Object.values(after));
    expect(screenedAfter.get(after.web01InOldWindow.id)!.suppression.state).toBe('none');
    expect(screenedAfter.get(after.web02InOldWindow.id)!.suppression.state).toBe('none');
    expect(screenedAfter.get(after.web02InNewWindow.id)!.suppression).toMatchObject({ state: 'suppressed', changeId });
  }, 120_000);
});

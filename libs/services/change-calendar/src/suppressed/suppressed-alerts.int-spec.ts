import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, Change } from '@quell/contracts';
import { collectTopic, requireKafkaBrokers, uniqueName, waitFor, type TopicCollector } from '@quell/platform-testing';
import { FREEZE_CHANGE_RULE } from '../governance/governance-alert';
import { alertOn, CalendarHarness, firewallDraft, KEYS, ruleEditOn } from '../test/calendar-harness';

const berlin = (time: string) => Date.parse(`2026-03-02T${time}:00+01:00`);
const leveled = (alert: Alert, level: string, kind = alert.kind): Alert => ({ ...alert, kind, rule: { ...alert.rule, level } });

/**
 * Issue 13 point 2 over the real broker and the embedded ClickHouse: the approved change on fw-01
 * (01:00–03:00 Europe/Berlin) suppresses a high alert and annotates a critical one, by the policy;
 * both flow on to the screened topic, are copied to the suppressed-alerts topic, stored and listed
 * per change. A freeze over its last hour raises one governance alert per (change, freeze), however
 * often the alert is replayed. An alert after the window lists the rule edit seen on the host.
 */
describe('suppressed alerts: policy, topic, table and API (Kafka, chdb)', () => {
  const brokers = requireKafkaBrokers();
  let calendar: CalendarHarness;
  let screened: TopicCollector;
  let suppressed: TopicCollector;
  let change: Change;
  let freeze: Change;

  beforeAll(async () => {
    const policyFile = join(mkdtempSync(join(tmpdir(), 'quell-policy-')), 'screening-policy.yaml');
    writeFileSync(policyFile, 'version: 1\nrules:\n  - name: acme pages on anomalies even during changes\n    tenants: [acme]\n    alertKinds: [anomaly]\n    action: annotate\n');
    calendar = await new CalendarHarness(uniqueName('calendar-suppressed')).start({
      BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), DELIVERY_BACKOFF_MS: '20', CHANGE_SCREENING_POLICY_FILE: policyFile,
    });
    [screened, suppressed] = await Promise.all([collectTopic(brokers, calendar.topics.alertsScreened), collectTopic(brokers, calendar.topics.alertsSuppressed)]);
    change = await approved(firewallDraft());
    freeze = await approved({ title: 'No firewall changes after 02:00', kind: 'freeze', owner: 'cab', scope: { hosts: ['fw-*'] }, windows: [{ start: '2026-03-02T02:00:00+01:00', end: '2026-03-02T03:00:00+01:00', timeZone: 'Europe/Berlin' }] });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([screened?.stop(), suppressed?.stop()]);
    await calendar?.stop();
  }, 60_000);

  async function approved(draft: Record<string, unknown>): Promise<Change> {
    const created = await calendar.request('POST', '/v1/changes', KEYS.write, draft);
    expect(created.status).toBe(201);
    const { change: saved } = (await created.json()) as { change: Change };
    expect((await calendar.request('POST', `/v1/changes/${saved.id}/approve`, KEYS.admin, {})).status).toBe(200);
    return saved;
  }

  const decode = (collector: TopicCollector) => collector.messages.map((m) => ({ key: m.key?.toString(), alert: calendar.codec.decode(m.value!, 'Alert') }));

  async function publish(alerts: Alert[]): Promise<void> {
    await calendar.infra.bus.publish(alerts.map((alert) => ({ topic: calendar.topics.alerts, key: alert.fingerprint, value: calendar.codec.encodable('Alert', alert) })));
  }

  async function screenedById(ids: string[]): Promise<Map<string, Alert>> {
    return waitFor(() => {
      const byId = new Map(decode(screened).map(({ alert }) => [alert.id, alert]));
      return ids.every((id) => byId.has(id)) ? byId : undefined;
    }, { timeoutMs: 60_000, description: `${ids.length} screened alerts` });
  }

  async function listed(query: string): Promise<{ alerts: Alert[]; nextCursor: string | null }> {
    const response = await calendar.request('GET', `/v1/changes/${change.id}/suppressed-alerts${query}`, KEYS.read);
    expect(response.status).toBe(200);
    return (await response.json()) as { alerts: Alert[]; nextCursor: string | null };
  }

  it('suppresses a high alert and annotates a critical one and an anomaly (the policy file): all flow on, copied to the topic, stored and listed', async () => {
    const high = leveled(alertOn('fw-01', berlin('01:30')), 'high');
    const critical = leveled(alertOn('fw-01', berlin('01:40')), 'critical');
    const anomaly = leveled(alertOn('fw-01', berlin('01:50')), 'medium', 'anomaly');
    await publish([high, critical, anomaly]);
    const byId = await screenedById([high.id, critical.id, anomaly.id]);

    expect(byId.get(high.id)!.suppression).toEqual({ state: 'suppressed', changeId: change.id, reason: 'covered by approved change "Firewall maintenance" (owner netops)' });
    expect(byId.get(high.id)!.details).toMatchObject({ 'change.cover.id': change.id, 'change.cover.title': 'Firewall maintenance', 'change.cover.owner': 'netops', 'change.cover.ticketRef': 'CHG0031' });
    expect(byId.get(critical.id)!.suppression).toMatchObject({ state: 'annotated', changeId: change.id });
    expect(byId.get(critical.id)!.details).toMatchObject({ 'change.cover.policy': 'built-in: critical alerts are annotated, never suppressed', 'change.related.1.id': change.id, 'change.related.1.relation': 'covers' });
    expect(byId.get(anomaly.id)!.details['change.cover.policy']).toBe('acme pages on anomalies even during changes');

    const copies = await waitFor(() => {
      const found = decode(suppressed).filter(({ alert }) => [high.id, critical.id, anomaly.id].includes(alert.id));
      return found.length === 3 ? found : undefined;
    }, { timeoutMs: 60_000, description: 'the copies on the suppressed-alerts topic' });
    // Alerts of several fingerprints come from several partitions: in any order.
    const inTimeOrder = copies.sort((a, b) => a.alert.firstSeen - b.alert.firstSeen);
    expect(inTimeOrder.map(({ key, alert }) => [key, alert.id, alert.suppression.state])).toEqual([
      [change.id, high.id, 'suppressed'],
      [change.id, critical.id, 'annotated'],
      [change.id, anomaly.id, 'annotated'],
    ]);

    const all = await waitFor(async () => {
      const page = await listed('?limit=10');
      return page.alerts.length >= 3 ? page : undefined;
    }, { timeoutMs: 60_000, description: 'the change’s suppressed alerts in the table' });
    expect(all.alerts.map((a) => [a.id, a.suppression.state])).toEqual([[high.id, 'suppressed'], [critical.id, 'annotated'], [anomaly.id, 'annotated']]);

    const first = await listed('?limit=2');
    expect(first.alerts.map((a) => a.id)).toEqual([high.id, critical.id]);
    const second = await listed(`?limit=2&cursor=${first.nextCursor}`);
    expect(second).toEqual({ alerts: [expect.objectContaining({ id: anomaly.id })], nextCursor: null });
    expect((await listed(`?from=${encodeURIComponent('2026-03-02T01:35:00+01:00')}&to=${berlin('01:45')}`)).alerts.map((a) => a.id)).toEqual([critical.id]);

    expect((await calendar.request('GET', `/v1/changes/${change.id}/suppressed-alerts?cursor=bm90LWEtY3Vyc29y`, KEYS.read)).status).toBe(400);
    expect((await calendar.request('GET', '/v1/changes/no-such-change/suppressed-alerts', KEYS.read)).status).toBe(404);
    expect((await calendar.request('GET', `/v1/changes/${change.id}/suppressed-alerts`, KEYS.otherTenant)).status).toBe(404);
  }, 120_000);

  it('raises the freeze finding once per (change, freeze) for a replayed alert and the next alert of the same change', async () => {
    const inFreeze = alertOn('fw-01', berlin('02:30'));
    const next = alertOn('fw-01', berlin('02:40'));
    await publish([inFreeze]);
    await screenedById([inFreeze.id]);
    await publish([inFreeze, next]);
    const byId = await screenedById([next.id]);
    expect(byId.get(inFreeze.id)!.suppression).toMatchObject({ state: 'annotated', changeId: change.id });
    expect(byId.get(inFreeze.id)!.details).toMatchObject({ 'change.freeze.id': freeze.id });

    const findings = decode(screened).map(({ alert }) => alert).filter((a) => a.rule.id === FREEZE_CHANGE_RULE);
    expect(new Set(findings.map((f) => f.id)).size).toBe(1);
    expect(findings.every((f) => f.details['alert.id'] === inFreeze.id)).toBe(true);
    expect(findings[0]).toMatchObject({
      kind: 'change', rule: { level: 'high' }, suppression: { state: 'annotated', changeId: change.id },
      details: { 'change.cover.id': change.id, 'change.freeze.id': freeze.id, 'change.freeze.title': 'No firewall changes after 02:00' },
    });
  }, 120_000);

  it('lists a rule edit seen on the host among the related changes of a later alert, closest first', async () => {
    const edit = ruleEditOn('fw-01', berlin('04:00'));
    await calendar.infra.bus.publish([{ topic: calendar.topics.configChanges, key: 'fw-01', value: calendar.codec.encodable('Event', edit) }]);
    // The governance consumer remembers the edit before it publishes the unapproved-change alert.
    await waitFor(() => decode(screened).find(({ alert }) => alert.sampleEventIds.includes(edit.id)), { timeoutMs: 60_000, description: 'the unapproved-change alert' });
    const later = alertOn('fw-01', berlin('04:05'));
    await publish([later]);
    const { details } = (await screenedById([later.id])).get(later.id)!;
    expect(details).toMatchObject({
      'change.related.1.id': edit.id, 'change.related.1.relation': 'config_change', 'change.related.1.gapMs': '300000', 'change.related.1.entity': 'host:fw-01',
      'change.related.2.id': change.id, 'change.related.2.relation': 'scope',
      'change.related.summary': 'started 5 min after a config change rule_modified by admin, on fw-01',
    });
  }, 120_000);
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, Change } from '@quell/contracts';
import { collectTopic, requireKafkaBrokers, uniqueName, waitFor, type TopicCollector } from '@quell/platform-testing';
import { alertOn, CalendarHarness, firewallDraft, KEYS } from './test/calendar-harness';

const AT_0130_BERLIN = Date.parse('2026-03-02T01:30:00+01:00');
const AT_0400_BERLIN = Date.parse('2026-03-02T04:00:00+01:00');

/**
 * Over the real broker: a change written through one instance reaches another that follows the
 * compacted changes topic, which screens alerts with it; a third started afterwards rebuilds the
 * calendar from the topic before it is ready (a restart loses nothing).
 */
describe('change-calendar replicas share the calendar through the changes topic', () => {
  const brokers = requireKafkaBrokers();
  const prefix = uniqueName('calendar-replicas');
  const env = { BUS: 'kafka', KAFKA_BROKERS: brokers.join(','), DELIVERY_BACKOFF_MS: '20' };
  const dataDir = mkdtempSync(join(tmpdir(), 'quell-calendar-replicas-'));
  const started: CalendarHarness[] = [];
  let screened: TopicCollector | undefined;

  const start = async () => {
    const instance = await new CalendarHarness(prefix, dataDir).start(env);
    started.push(instance);
    return instance;
  };

  afterAll(async () => {
    await screened?.stop();
    for (const instance of started) await instance.stop();
  }, 60_000);

  async function screen(via: CalendarHarness, alert: Alert): Promise<Alert> {
    await via.infra.bus.publish([{ topic: via.topics.alerts, key: alert.fingerprint, value: via.codec.encodable('Alert', alert) }]);
    const message = await waitFor(() => screened!.messages.find((m) => m.key?.toString() === alert.fingerprint), { timeoutMs: 30_000, description: `screened alert ${alert.fingerprint}` });
    return via.codec.decode(message.value!, 'Alert');
  }

  it('screens with a change made on another instance, and after a restart', async () => {
    const a = await start();
    const b = await start();
    screened = await collectTopic(brokers, a.topics.alertsScreened);

    const created = await a.request('POST', '/v1/changes', KEYS.write, firewallDraft());
    const { change } = (await created.json()) as { change: Change };
    expect((await a.request('POST', `/v1/changes/${change.id}/approve`, KEYS.admin, { comment: 'CAB' })).status).toBe(200);

    // b follows the topic: the approval reaches it without a call to b.
    await waitFor(async () => {
      const read = await b.request('GET', `/v1/changes/${change.id}`, KEYS.read);
      return read.status === 200 && ((await read.json()) as Change).status === 'approved' ? true : undefined;
    }, { timeoutMs: 30_000, description: 'the approval on the other instance' });

    // With a gone, b is the only consumer of the alerts: it screens them from its own index.
    await a.stop();
    const covered = await screen(b, alertOn('fw-01', AT_0130_BERLIN));
    expect(covered.suppression).toMatchObject({ state: 'suppressed', changeId: change.id });
    expect(covered.suppression.reason).toMatch(/Firewall maintenance.*netops/);

    // A restart: c reads the whole topic before it is ready.
    await b.stop();
    const c = await start();
    const read = await c.request('GET', `/v1/changes/${change.id}`, KEYS.read);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ status: 'approved', approver: 'alice', version: 2 });
    const history = (await (await c.request('GET', `/v1/changes/${change.id}/versions`, KEYS.read)).json()) as { versions: Change[] };
    expect(history.versions.map((v) => v.status)).toEqual(['requested', 'approved']);
    expect((await screen(c, alertOn('fw-01', AT_0130_BERLIN))).suppression).toMatchObject({ state: 'suppressed', changeId: change.id });
    expect((await screen(c, alertOn('fw-01', AT_0400_BERLIN))).suppression.state).toBe('none');
    expect((await screen(c, alertOn('fw-02', AT_0130_BERLIN))).suppression.state).toBe('none');
  }, 180_000);
});

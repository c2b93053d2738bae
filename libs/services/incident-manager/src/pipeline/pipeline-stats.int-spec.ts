import { randomUUID } from 'node:crypto';
import { emptyEventParts, type Alert, type Event } from '@quell/contracts';
import { ChangeHistoryRepository } from '@quell/platform-change-history';
import { ClickHouseDeliveryLog, type DeliveryAttempt } from '@quell/platform-delivery-log';
import { eventToRow, EventHistoryRepository } from '@quell/platform-event-history';
import { IncidentApiHarness, incident, KEYS } from '../api/test/incident-api-harness';

const MINUTE = 60_000;
const minuteOf = (at: number) => Math.floor(at / MINUTE) * MINUTE;

/**
 * GET /v1/funnel and /v1/rule-hits of a real incident manager over the embedded engine, the rows
 * written by the real writers (event history, alert and incident history, suppressed alerts,
 * delivery log) at known processing times inside and outside the last hour, and another tenant's
 * rows beside them.
 */
describe('the pipeline funnel and rule hits (embedded ClickHouse)', () => {
  const harness = new IncidentApiHarness();
  // Rows sit minutes from now: the API's range ends at its own clock.
  const now = Date.now();
  const ago = (minutes: number) => now - minutes * MINUTE;

  function event(tenant: string, source: Event['source'], ingestTime: number, id: string = randomUUID()): Event {
    return { ...emptyEventParts(), id, tenant, time: ingestTime - 1000, ingestTime, source, className: 'authentication', classUid: 3002, action: 'logon', outcome: 'failure', severity: 3, host: { name: 'bastion-1', ip: '' } };
  }

  function alert(id: string, ruleId: string, count: number, overrides: Partial<Alert> = {}): Alert {
    return {
      id, tenant: 'acme', rule: { id: ruleId, title: `Rule ${ruleId}`, version: '1', level: 'high', author: null, tags: [] }, kind: 'detection',
      entities: [{ type: 'host', value: 'bastion-1' }], fingerprint: `fp-${id}`, firstSeen: ago(180), lastSeen: ago(30), eventCount: 1, sampleEventIds: [],
      tactics: [], techniques: [], killChainPhase: null, explanation: null, details: {},
      suppression: { state: 'none', changeId: null, reason: null }, dedup: { count, firstSeen: ago(180) }, ...overrides,
    };
  }

  function delivery(tenant: string, incidentId: string, channel: string, attempt: number, status: DeliveryAttempt['status'], at: number): DeliveryAttempt {
    return { tenant, incidentId, transition: 'opened', transitionKey: `${incidentId}:opened`, channel, attempt, status, httpStatus: status === 'sent' ? 200 : 503, error: null, at };
  }

  beforeAll(async () => {
    await harness.start();
    const clickhouse = harness.infra.clickhouse!;
    const database = harness.config.CLICKHOUSE_DATABASE;

    // Events: fw 3 + 1 and syslog (no source name) 2 in the hour, fw 1 two hours ago, one replayed; globex 5.
    const events = new EventHistoryRepository(clickhouse, database);
    const fw = { type: 'http', name: 'fw' };
    const syslog = { type: 'syslog', name: '' };
    const replayed = event('acme', fw, ago(5));
    const acme = [event('acme', fw, ago(10)), event('acme', fw, ago(10)), event('acme', fw, ago(10)), replayed, event('acme', syslog, ago(5)), event('acme', syslog, ago(5)), event('acme', fw, ago(120))];
    await events.insertBatch(acme.map(eventToRow), 'batch-1');
    await events.insertBatch([eventToRow(replayed)], 'batch-2-replay');
    await events.insertBatch([1, 2, 3, 4, 5].map(() => eventToRow(event('globex', fw, ago(10)))), 'batch-3');

    // Alert states as the incident manager records them (dedup counts included).
    const history = harness.history();
    await history.recordAlerts([alert('a', 'ssh-brute', 2, { lastSeen: ago(125) })], ago(120));
    await history.recordAlerts([alert('a', 'ssh-brute', 5, { lastSeen: ago(21) })], ago(20));
    await history.recordAlerts([alert('b', 'ssh-brute', 1, { lastSeen: ago(16) })], ago(15));
    const suppressed = alert('c', 'fw-change', 1, { suppression: { state: 'suppressed', changeId: 'chg-1', reason: 'approved change' } });
    const annotated = alert('d', 'fw-change', 1, { suppression: { state: 'annotated', changeId: 'chg-1', reason: 'approved change' } });
    await history.recordAlerts([suppressed], ago(15));
    await history.recordAlerts([annotated], ago(12));
    await history.recordAlerts([alert('g', 'ssh-brute', 4, { tenant: 'globex' })], ago(10));
    const changes = new ChangeHistoryRepository(clickhouse, database);
    await changes.recordSuppressed([suppressed, annotated], ago(15));

    // Incidents: i1 opened in the hour (two versions), i0 two hours ago and updated since; globex's own.
    await history.recordIncidents([incident('i0', { version: 1 })], ago(120));
    await history.recordIncidents([incident('i0', { version: 2 }), incident('i1', { version: 1 })], ago(14));
    await history.recordIncidents([incident('i1', { version: 2 }), incident('gi', { tenant: 'globex' })], ago(8));

    // Deliveries: i1 sent on slack (logged twice) and on webhook after a retry, failed on pager; i0 sent two hours ago.
    const log = new ClickHouseDeliveryLog(clickhouse, { database });
    for (const attempt of [
      delivery('acme', 'i1', 'slack', 1, 'sent', ago(13)),
      delivery('acme', 'i1', 'slack', 1, 'sent', ago(13)),
      delivery('acme', 'i1', 'webhook', 1, 'retry', ago(13)),
      delivery('acme', 'i1', 'webhook', 2, 'sent', ago(12)),
      delivery('acme', 'i1', 'pager', 3, 'failed', ago(12)),
      delivery('acme', 'i0', 'slack', 1, 'sent', ago(119)),
      delivery('globex', 'gi', 'slack', 1, 'sent', ago(8)),
    ])
      log.record(attempt);
    await log.flush();
  });

  afterAll(() => harness.stop());

  const get = async (path: string, key: string = KEYS.read) => {
    const answer = await harness.request('GET', path, key);
    return { status: answer.status, type: answer.headers.get('content-type'), body: (await answer.json()) as Record<string, any> };
  };
  const counts = (body: Record<string, any>) => Object.fromEntries((body['stages'] as { name: string; count: number }[]).map((s) => [s.name, s.count]));

  it('counts every stage of the last hour in pipeline order, for the key’s tenant only', async () => {
    const { status, body } = await get('/v1/funnel?range=1h');
    expect(status).toBe(200);
    expect(body['stages'].map((s: { name: string }) => s.name)).toEqual(['events', 'alerts', 'screened', 'deduplicated', 'incidents', 'notifications']);
    // alerts: a's count rose 2 → 5 in the hour, b, c and d one each; c suppressed (d annotated passes); a first passed dedup before the hour.
    expect(counts(body)).toEqual({ events: 6, alerts: 6, screened: 5, deduplicated: 2, incidents: 1, notifications: 2 });
    expect(body['stages'][1]).toMatchObject({ label: 'Alerts', description: expect.stringContaining('dedup_count') });
    expect(Date.parse(body['to']) - Date.parse(body['from'])).toBe(60 * MINUTE);
    expect(body['note']).toContain('processed');
  });

  it('counts the last day with what happened two hours ago', async () => {
    const { body } = await get('/v1/funnel?range=1d');
    expect(counts(body)).toEqual({ events: 7, alerts: 8, screened: 7, deduplicated: 3, incidents: 2, notifications: 3 });
    expect(body['eventRate'].bucketSeconds).toBe(900);
    expect(body['eventRate'].series[0].points).toHaveLength(96 + 1);
  });

  it('gives events per source in one-minute buckets, every bucket of the hour present', async () => {
    const { body } = await get('/v1/funnel?range=1h');
    const rate = body['eventRate'] as { bucketSeconds: number; series: { source: string; points: { at: string; count: number }[] }[] };
    expect(rate.bucketSeconds).toBe(60);
    expect(rate.series.map((s) => s.source)).toEqual(['fw', 'syslog']);
    const nonZero = (source: string) => Object.fromEntries(rate.series.find((s) => s.source === source)!.points.filter((p) => p.count > 0).map((p) => [Date.parse(p.at), p.count]));
    expect(nonZero('fw')).toEqual({ [minuteOf(ago(10))]: 3, [minuteOf(ago(5))]: 1 });
    expect(nonZero('syslog')).toEqual({ [minuteOf(ago(5))]: 2 });
    for (const series of rate.series) expect(series.points.length).toBeGreaterThanOrEqual(60);
  });

  it('shows another tenant its own counts only', async () => {
    const { body } = await get('/v1/funnel?range=1h', KEYS.otherTenant);
    expect(counts(body)).toEqual({ events: 5, alerts: 4, screened: 4, deduplicated: 1, incidents: 1, notifications: 1 });
    expect((await get('/v1/rule-hits?range=1h', KEYS.otherTenant)).body['items']).toEqual([{ ruleId: 'ssh-brute', title: 'Rule ssh-brute', hits: 4, lastHit: new Date(ago(30)).toISOString() }]);
  });

  it('lists the alerts each rule raised, most first, with the latest sighting', async () => {
    const { status, body } = await get('/v1/rule-hits?range=1h');
    expect(status).toBe(200);
    expect(body).toMatchObject({ range: '1h' });
    expect(body['items']).toEqual([
      { ruleId: 'ssh-brute', title: 'Rule ssh-brute', hits: 4, lastHit: new Date(ago(16)).toISOString() },
      { ruleId: 'fw-change', title: 'Rule fw-change', hits: 2, lastHit: new Date(ago(30)).toISOString() },
    ]);
    expect((await get('/v1/rule-hits?range=1d')).body['items'][0]).toMatchObject({ ruleId: 'ssh-brute', hits: 6 });
  });

  it('refuses a bad range with a problem naming the field, an unknown parameter, and a request without a key', async () => {
    for (const path of ['/v1/funnel?range=2h', '/v1/rule-hits?range=7d']) {
      const bad = await get(path);
      expect(bad.status).toBe(400);
      expect(bad.type).toContain('application/problem+json');
      expect(bad.body['detail']).toMatch(/^query: range: /);
    }
    expect((await get('/v1/funnel?range=1h&tenant=globex')).status).toBe(400);
    const anonymous = await fetch(`${harness.url}/v1/funnel?range=1h`);
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${harness.url}/v1/rule-hits`)).status).toBe(401);
  });
});

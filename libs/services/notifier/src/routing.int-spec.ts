import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, Incident, NotificationOutcome, TimelineEntry } from '@quell/contracts';
import { loadConfig } from '@quell/platform-config';
import { DELIVERIES_TABLE } from '@quell/platform-delivery-log';
import { ALERTS_TABLE } from '@quell/platform-incident-history';
import { DEAD_LETTER_HEADERS } from '@quell/platform-kafka';
import { createLogger } from '@quell/platform-observability';
import { createSharedInfrastructure, serviceUses, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { collectTopic, requireKafkaBrokers, requireRedisUrl, uniqueName, waitFor, type TopicCollector } from '@quell/platform-testing';
import { notifierConfigSchema, type NotifierConfig } from './config';
import { notifierService } from './notifier.service';
import { SMTPServer } from 'smtp-server';
import { ChannelReceiver } from './test/channel-receiver';
import { groupCaughtUp } from './test/group-caught-up';
import { openedIncident } from './test/failing-receiver';

// Recent: older transitions are not notified (NOTIFY_MAX_TRANSITION_AGE_MS).
const T0 = Date.now() - 10 * 60_000;
const entry = (minute: number, action: string, detail: string | null = null): TimelineEntry => ({ at: T0 + minute * 60_000, actor: 'quell', action, detail });
const RETRY_AFTER_S = 2;

/** An incident of `tenant` (each tenant has its own route below) at P2, with `timeline` after its opening. */
function incident(id: string, tenant: string, version: number, more: TimelineEntry[] = [], status = 'open'): Incident {
  return { ...openedIncident(id), tenant, priority: 2, status, version, timeline: [entry(0, 'opened'), entry(0, 'prioritized', 'P2 because: high rule (+4)'), ...more] };
}

/**
 * The notifier with a routing file over the real broker and Redis, every channel a loopback
 * receiver: one notification per transition and channel across a replay and a restart; a 429 with
 * Retry-After on one channel while another delivers; escalation unless acknowledged; the dead
 * letter and the failed outcome after the last retry.
 */
describe('notifier routing and delivery', () => {
  const brokers = requireKafkaBrokers();
  const prefix = uniqueName('notifier-routing');
  const env = (name: string) => `QUELL_TEST_${prefix.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_${name.toUpperCase()}`;
  let pagerRaiseRefused = false;
  const receiver = new ChannelReceiver((channel, before, path, body) => {
    // The raise's trigger is held back by a 429 while the resolve goes through.
    if (channel === 'pager' && before > 0 && JSON.parse(body).event_action === 'trigger' && !pagerRaiseRefused) {
      pagerRaiseRefused = true;
      return { status: 429, headers: { 'Retry-After': '1' } };
    }
    // The first escalation step meets a 429; the incident is acknowledged before its retry.
    if (channel === 'late' && before === 0) return { status: 429, headers: { 'Retry-After': '1' } };
    if (channel === 'pager') return { status: 202, body: '{"status":"success","dedup_key":"x"}' };
    // Slow to create: a second transition sent meanwhile must wait for the ticket, not create another.
    if (channel === 'jira' && path === '/jira/rest/api/3/issue') return { status: 201, body: JSON.stringify({ id: '10001', key: 'SOC-1', self: 'x' }), delayMs: 300 };
    if (channel === 'jira') return { status: 204, body: '' };
    if (channel === 'slow' && before === 0) return { status: 429, headers: { 'Retry-After': String(RETRY_AFTER_S) } };
    if (channel === 'down') return { status: 503 };
    return { status: 200 };
  });
  /** A real SMTP server on loopback (smtp-server): the raw messages it accepted. */
  const mails: string[] = [];
  const smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  let config: NotifierConfig;
  let infra: SharedInfrastructure;
  let service: ServiceApp;
  let outcomes: TopicCollector;
  let deadLetters: TopicCollector;

  const start = async () => {
    const logger = createLogger({ service: 'notifier', level: 'silent' });
    infra = await createSharedInfrastructure(config, serviceUses(notifierService, config), logger);
    service = await startServiceApp(notifierService, config, infra, { httpPort: 0, logger });
  };
  const stop = async () => {
    await service?.close();
    await infra?.close();
  };
  const publish = (...versions: Incident[]) =>
    infra.bus.publish(versions.map((version) => ({ topic: infra.topics.incidents, key: version.id, value: infra.codec.encodable('Incident', version) })));
  const outcomesOf = (incidentId: string): NotificationOutcome[] =>
    outcomes.messages.map((m) => infra.codec.decode(m.value!, 'NotificationOutcome')).filter((o) => o.incidentId === incidentId);

  const deliveryLog = async (incidentId: string) => {
    const result = await infra.clickhouse!.query({
      query: `SELECT channel, attempt, status, http_status FROM {db:Identifier}.${DELIVERIES_TABLE} FINAL WHERE incident_id = {id:String} ORDER BY channel, attempt, at`,
      query_params: { db: config.CLICKHOUSE_DATABASE, id: incidentId },
      format: 'JSONEachRow',
    });
    return result.json();
  };

  beforeAll(async () => {
    const base = await receiver.start();
    const dir = mkdtempSync(join(tmpdir(), 'quell-routes-'));
    for (const channel of ['hook', 'slack', 'slow', 'fast', 'page', 'lead', 'boss', 'down', 'limited', 'pager', 'late']) process.env[env(channel)] = `${base}/${channel}/in`;
    process.env[env('PD_KEY')] = 'r'.repeat(32);
    process.env[env('SECRET')] = 'whsec-routing-test';
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    process.env[env('SMTP_HOST')] = '127.0.0.1';
    process.env[env('JIRA_SITE')] = `${base}/jira`;
    process.env[env('JIRA_EMAIL')] = 'quell@example.com';
    process.env[env('JIRA_TOKEN')] = 'jira-token';
    const routes = `version: 1
channels:
  hook: { type: webhook, urlEnv: ${env('hook')}, secretEnv: ${env('SECRET')} }
  slack: { type: slack, urlEnv: ${env('slack')} }
  slow: { type: slack, urlEnv: ${env('slow')} }
  fast: { type: slack, urlEnv: ${env('fast')} }
  page: { type: webhook, urlEnv: ${env('page')}, secretEnv: ${env('SECRET')} }
  lead: { type: webhook, urlEnv: ${env('lead')}, secretEnv: ${env('SECRET')} }
  boss: { type: webhook, urlEnv: ${env('boss')}, secretEnv: ${env('SECRET')} }
  down: { type: webhook, urlEnv: ${env('down')}, secretEnv: ${env('SECRET')} }
  mail: { type: email, from: "Quell <quell@example.com>", to: [soc@example.com], smtpHostEnv: ${env('SMTP_HOST')}, smtpPort: ${(smtp.server.address() as { port: number }).port}, requireTls: false }
  limited: { type: slack, urlEnv: ${env('limited')}, rateLimit: { perMinute: 60, burst: 1 } }
  pager: { type: pagerduty, routingKeyEnv: ${env('PD_KEY')}, urlEnv: ${env('pager')} }
  late: { type: webhook, urlEnv: ${env('late')}, secretEnv: ${env('SECRET')} }
  tickets: { type: jira, siteUrlEnv: ${env('JIRA_SITE')}, emailEnv: ${env('JIRA_EMAIL')}, apiTokenEnv: ${env('JIRA_TOKEN')}, projectKey: SOC, resolveTransitionId: 31 }
routes:
  - { name: dedupe, match: { tenant: dedupe }, to: [hook, slack] }
  - { name: throttled, match: { tenant: throttled }, to: [slow, fast] }
  - name: escalate
    match: { tenant: escalate, transition: opened }
    to: page
    escalation: { afterMinutes: 0.03, targets: [lead, boss] }
  - { name: broken, match: { tenant: broken }, to: down }
  - { name: ticketing, match: { tenant: ticketing }, to: tickets }
  - { name: mail, match: { tenant: mail }, to: mail }
  - { name: limited, match: { tenant: limited }, to: limited }
  - { name: paging, match: { tenant: paging }, to: pager }
  - { name: escalate-late, match: { tenant: escalate-late, transition: opened }, to: page, escalation: { afterMinutes: 0.01, targets: [late] } }
`;
    writeFileSync(join(dir, 'routes.yaml'), routes);
    config = loadConfig(notifierConfigSchema, {
      BUS: 'kafka',
      KAFKA_BROKERS: brokers.join(','),
      TOPIC_PREFIX: `${prefix}.`,
      KAFKA_GROUP_PREFIX: prefix,
      REDIS_URL: requireRedisUrl(),
      NOTIFY_ROUTES_FILE: join(dir, 'routes.yaml'),
      NOTIFY_TIMEOUT_MS: '1000',
      NOTIFY_RETRY_DELAYS_MS: '300,300',
      TIMER_LEASE_MS: '5000',
      TIMER_MAX_IDLE_MS: '200',
      CLICKHOUSE_DATA_DIR: join(dir, 'clickhouse'),
      CLICKHOUSE_DATABASE: `d_${prefix.replace(/[^A-Za-z0-9]/g, '_')}`,
      LOG_LEVEL: 'silent',
    });
    await start();
    outcomes = await collectTopic(brokers, infra.topics.notifications);
    deadLetters = await collectTopic(brokers, infra.topics.deadLetters);
  }, 90_000);

  afterAll(async () => {
    await outcomes?.stop();
    await deadLetters?.stop();
    await stop();
    await receiver.stop();
    await new Promise((resolve) => smtp.close(() => resolve(undefined)));
  });

  it('sends each transition once per channel across a replayed version and a restart', async () => {
    const v1 = incident('inc-d', 'dedupe', 1);
    await publish(v1);
    await waitFor(() => (receiver.callsOf('hook').length === 1 && receiver.callsOf('slack').length === 1 ? true : undefined), { description: 'opened on both channels' });
    // A replay, and a version that only adds what the notifier reported: nothing new.
    const notified = incident('inc-d', 'dedupe', 2, [entry(1, 'notified', 'hook'), entry(1, 'notified', 'slack')]);
    await publish(v1, notified);
    await stop();
    await start();
    const acked = incident('inc-d', 'dedupe', 3, [entry(1, 'notified', 'hook'), entry(2, 'acknowledged')], 'acknowledged');
    await publish(v1, notified, acked);
    await waitFor(() => (receiver.callsOf('hook').length === 2 && receiver.callsOf('slack').length === 2 ? true : undefined), { description: 'acknowledged on both channels' });
    await waitFor(() => (outcomesOf('inc-d').length >= 4 ? true : undefined), { description: 'four sent outcomes' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const events = receiver.callsOf('hook').map((call) => JSON.parse(call.body).event);
    expect(events).toEqual(['incident.opened', 'incident.acknowledged']);
    expect(receiver.callsOf('slack')).toHaveLength(2);
    expect(receiver.callsOf('hook')[0].headers['x-quell-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(receiver.callsOf('hook')[0].headers['idempotency-key']).toBe(`inc-d/opened/${T0}|hook`);
    const sent = outcomesOf('inc-d');
    expect(new Set(sent.map((o) => `${o.transition}/${o.channel}/${o.status}`))).toEqual(new Set(['opened/hook/sent', 'opened/slack/sent', 'acknowledged/hook/sent', 'acknowledged/slack/sent']));
  }, 90_000);

  it('waits out a 429 with Retry-After on one channel while another delivers at once', async () => {
    await publish(incident('inc-t', 'throttled', 1));
    await waitFor(() => (receiver.callsOf('slow').length === 2 ? true : undefined), { timeoutMs: 15_000, description: 'the throttled channel retried' });
    const [refused, retried] = receiver.callsOf('slow');
    const [fast] = receiver.callsOf('fast');
    expect(refused.status).toBe(429);
    expect(retried.at - refused.at).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 5);
    // The other channel did not wait for it.
    expect(fast.at).toBeLessThan(refused.at + 1_000);
    await waitFor(() => (outcomesOf('inc-t').length === 2 ? true : undefined), { description: 'both outcomes' });
    // Being asked to wait spent no attempt.
    expect(outcomesOf('inc-t').find((o) => o.channel === 'slow')).toMatchObject({ status: 'sent', attempts: 1, httpStatus: 200 });
    // Every attempt in the delivery log, and the wait asked for.
    await waitFor(async () => ((await deliveryLog('inc-t')).length === 3 ? true : undefined), { description: 'the delivery log rows' });
    expect(await deliveryLog('inc-t')).toEqual([
      { channel: 'fast', attempt: 1, status: 'sent', http_status: 200 },
      { channel: 'slow', attempt: 1, status: 'rate_limited', http_status: 429 },
      { channel: 'slow', attempt: 1, status: 'sent', http_status: 200 },
    ]);
  }, 30_000);

  it('escalates an unacknowledged incident to the next target every N minutes, and never one acknowledged in time', async () => {
    await publish(incident('inc-e', 'escalate', 1), incident('inc-a', 'escalate', 1));
    await publish(incident('inc-a', 'escalate', 2, [entry(1, 'acknowledged')], 'acknowledged'));
    await waitFor(() => (receiver.callsOf('boss').length >= 1 ? true : undefined), { timeoutMs: 20_000, description: 'the second escalation step' });
    const [lead] = receiver.callsOf('lead');
    const [boss] = receiver.callsOf('boss');
    const paged = receiver.callsOf('page').map((call) => JSON.parse(call.body).incidentId);
    expect(paged.sort()).toEqual(['inc-a', 'inc-e']);
    expect(JSON.parse(lead.body)).toMatchObject({ event: 'incident.escalated', incidentId: 'inc-e' });
    expect(JSON.parse(boss.body)).toMatchObject({ event: 'incident.escalated', incidentId: 'inc-e' });
    // Steps are 1.8 s apart when they fire; each delivery's own latency (the first to a channel opens a
    // connection) moves its arrival, by 12 ms in one CI run under load, so the receipts get some slack.
    expect(boss.at - lead.at).toBeGreaterThanOrEqual(1_800 - 300);
    // Each step its own delivery id, so a receiver folding repeats keeps both.
    expect(boss.headers['x-quell-delivery']).toBe(`quell/escalate/inc-e/escalation-1/${T0}`);
    expect(lead.headers['x-quell-delivery']).toBe(`quell/escalate/inc-e/escalation-0/${T0}`);
    expect([...receiver.callsOf('lead'), ...receiver.callsOf('boss')].every((call) => JSON.parse(call.body).incidentId === 'inc-e')).toBe(true);

    // Acknowledged: the escalation stops.
    await publish(incident('inc-e', 'escalate', 2, [entry(3, 'acknowledged')], 'acknowledged'));
    await waitFor(() => groupCaughtUp(brokers, `${prefix}.notifier`, infra.topics.incidents), { description: 'the acknowledgement consumed' });
    // A step that fired just before the cancel may still be delivering.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = receiver.callsOf('boss').length + receiver.callsOf('lead').length;
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(receiver.callsOf('boss').length + receiver.callsOf('lead').length).toBe(after);
  }, 40_000);

  it('escalates with the incident as it is now (a raised priority, more alerts), not as it opened', async () => {
    const raisedEntry = entry(1, 'prioritized', 'P1 because: kill chain (+6)');
    await publish(incident('inc-e2', 'escalate', 1), { ...incident('inc-e2', 'escalate', 2, [raisedEntry]), priority: 1, alertCount: 7 });
    const lead = await waitFor(() => receiver.callsOf('lead').find((call) => JSON.parse(call.body).incidentId === 'inc-e2'), { timeoutMs: 15_000, description: 'the first escalation step' });
    expect(JSON.parse(lead.body)).toMatchObject({ event: 'incident.escalated', priority: 1, alertCount: 7 });
    await publish({ ...incident('inc-e2', 'escalate', 3, [raisedEntry, entry(2, 'acknowledged')], 'acknowledged'), priority: 1 });
  }, 30_000);

  it('drops an escalation step waiting on a retry once the incident is acknowledged', async () => {
    await publish(incident('inc-l', 'escalate-late', 1));
    await waitFor(() => (receiver.callsOf('late').length === 1 ? true : undefined), { timeoutMs: 15_000, description: 'the first step refused with a 429' });
    await publish(incident('inc-l', 'escalate-late', 2, [entry(1, 'acknowledged')], 'acknowledged'));
    await waitFor(() => groupCaughtUp(brokers, `${prefix}.notifier`, infra.topics.incidents), { description: 'the acknowledgement consumed' });
    // Past the step's Retry-After (1 s) and the next step's time (0.6 s after the first).
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(receiver.callsOf('late')).toHaveLength(1);
  }, 30_000);

  it('dead-letters the incident with the reason and publishes a failed outcome after the last retry', async () => {
    await publish(incident('inc-x', 'broken', 1));
    await waitFor(() => (outcomesOf('inc-x').length > 0 ? true : undefined), { timeoutMs: 15_000, description: 'the failed outcome' });
    expect(receiver.callsOf('down').map((call) => call.status)).toEqual([503, 503, 503]);
    expect(outcomesOf('inc-x')).toEqual([expect.objectContaining({ status: 'failed', channel: 'down', attempts: 3, httpStatus: 503, error: 'down answered 503' })]);
    await waitFor(() => (deadLetters.messages.length > 0 ? true : undefined), { description: 'the dead letter' });
    const [letter] = deadLetters.messages;
    expect(letter.headers[DEAD_LETTER_HEADERS.error]?.toString()).toBe('down answered 503');
    expect(infra.codec.decode(letter.value!, 'Incident').id).toBe('inc-x');
  }, 30_000);

  it('creates the Jira ticket once, reports its reference, and updates that ticket on the next transition', async () => {
    await publish(incident('inc-j', 'ticketing', 1));
    await waitFor(() => (outcomesOf('inc-j').length === 1 ? true : undefined), { description: 'the opened outcome' });
    await publish(incident('inc-j', 'ticketing', 2, [entry(1, 'acknowledged')], 'acknowledged'));
    await waitFor(() => (outcomesOf('inc-j').length === 2 ? true : undefined), { description: 'the acknowledged outcome' });
    expect(receiver.callsOf('jira').map((call) => `${call.method} ${call.path}`)).toEqual(['POST /jira/rest/api/3/issue', 'POST /jira/rest/api/3/issue/SOC-1/comment']);
    expect(receiver.callsOf('jira')[0].headers.authorization).toBe(`Basic ${Buffer.from('quell@example.com:jira-token').toString('base64')}`);
    expect(outcomesOf('inc-j').map((o) => [o.transition, o.ticket])).toEqual([['opened', { provider: 'jira', ref: 'SOC-1' }], ['acknowledged', null]]);
  }, 30_000);

  it('creates one Jira ticket when two transitions of a new incident go out at once, and updates it with the second', async () => {
    await publish(incident('inc-j2', 'ticketing', 1, [entry(0, 'prioritized', 'P1 because: kill chain (+6)')]));
    await waitFor(() => (outcomesOf('inc-j2').length === 2 ? true : undefined), { timeoutMs: 15_000, description: 'the opened and raised outcomes' });
    const creates = receiver.callsOf('jira').filter((call) => call.path === '/jira/rest/api/3/issue' && call.body.includes('quell-incident-inc-j2'));
    expect(creates).toHaveLength(1);
    // The raise went to that ticket (only this test raises a priority on Jira).
    expect(receiver.callsOf('jira').filter((call) => call.method === 'PUT').map((call) => call.path)).toEqual(['/jira/rest/api/3/issue/SOC-1']);
    expect(outcomesOf('inc-j2').map((o) => [o.transition, o.status, o.attempts])).toEqual(
      expect.arrayContaining([['opened', 'sent', 1], ['priority_raised', 'sent', 1]]),
    );
    expect(outcomesOf('inc-j2').filter((o) => o.ticket !== null)).toHaveLength(1);
  }, 30_000);

  it('never triggers PagerDuty again after the resolution went out (a raise held back by a 429 is dropped)', async () => {
    const raise = entry(1, 'prioritized', 'P1 because: kill chain (+6)');
    await publish(incident('inc-p', 'paging', 1));
    await waitFor(() => (receiver.callsOf('pager').length === 1 ? true : undefined), { description: 'the opening trigger' });
    await publish({ ...incident('inc-p', 'paging', 2, [raise, entry(2, 'resolved', 'benign')], 'resolved'), priority: 1 });
    await waitFor(() => (outcomesOf('inc-p').some((o) => o.transition === 'resolved') ? true : undefined), { description: 'the resolve sent' });
    // The raise's retry comes after Retry-After (1 s) and must find the resolution.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const actions = receiver.callsOf('pager').map((call) => [JSON.parse(call.body).event_action, call.status]);
    expect(actions).toEqual(expect.arrayContaining([['trigger', 202], ['trigger', 429], ['resolve', 202]]));
    expect(actions).toHaveLength(3);
  }, 30_000);

  it('updates the ticket the incident names when the notifier\'s own record of it is gone, creating none', async () => {
    const linked = { ...incident('inc-j3', 'ticketing', 5, [entry(3, 'resolved', 'benign')], 'resolved'), tickets: { jira: 'SOC-77' } };
    // Only the resolution is new: the opening was routed long ago (its mark expired with the ticket record).
    await publish({ ...linked, timeline: linked.timeline.filter((e) => e.action !== 'opened') });
    await waitFor(() => (outcomesOf('inc-j3').length === 1 ? true : undefined), { description: 'the resolved outcome' });
    const calls = receiver.callsOf('jira').filter((call) => call.path.includes('SOC-77') || call.body.includes('inc-j3'));
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(['POST /jira/rest/api/3/issue/SOC-77/transitions']);
  }, 30_000);

  it('notifies nobody of a transition older than NOTIFY_MAX_TRANSITION_AGE_MS (a replay of old history)', async () => {
    const old = { ...incident('inc-old', 'dedupe', 4), timeline: [{ at: Date.now() - 2 * 86_400_000, actor: 'quell', action: 'opened', detail: null }] };
    const before = receiver.calls.length;
    await publish(old, incident('inc-new', 'dedupe', 1));
    await waitFor(() => (receiver.calls.some((call) => call.channel === 'hook' && JSON.parse(call.body).incidentId === 'inc-new') ? true : undefined), { description: 'the recent incident notified' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.calls.slice(before).map((call) => JSON.parse(call.body).incidentId ?? 'slack')).not.toContain('inc-old');
  }, 30_000);

  /** An incident of tenant `dedupe` whose alert of rule `rule` the incident history holds. */
  async function storedWithAlert(incidentId: string, alertId: string, rule: { id: string; title: string; author: string }, ruleIds: string[]): Promise<Incident> {
    const stored = { ...incident(incidentId, 'dedupe', 1), alertIds: [alertId], ruleIds };
    const alert: Alert = {
      id: alertId, tenant: 'dedupe', rule: { ...rule, version: '1', level: 'high', tags: [] }, kind: 'detection',
      entities: [{ type: 'host', value: 'web-1' }], fingerprint: `fp-${alertId}`, firstSeen: T0, lastSeen: T0, eventCount: 1, sampleEventIds: [], tactics: [], techniques: [],
      killChainPhase: null, explanation: null, details: {}, suppression: { state: 'none', changeId: null, reason: null }, dedup: { count: 1, firstSeen: T0 },
    };
    await infra.incidentHistory!.recordAlerts([alert], Date.now());
    await infra.incidentHistory!.recordIncidents([stored], Date.now());
    return stored;
  }

  const rulesNotifiedFor = (incidentId: string) =>
    waitFor(() => receiver.callsOf('hook').find((call) => JSON.parse(call.body).incidentId === incidentId), { description: `the notification of ${incidentId}` }).then(
      (call) => JSON.parse(call.body).rules as unknown,
    );

  it('credits each rule with its author from the incident history', async () => {
    await publish(await storedWithAlert('inc-r', 'al-1', { id: 'r-1', title: 'Mimikatz use', author: 'Florian Roth' }, ['r-1', 'r-unstored']));
    expect(await rulesNotifiedFor('inc-r')).toEqual([{ id: 'r-1', title: 'Mimikatz use', author: 'Florian Roth' }, { id: 'r-unstored', title: 'r-unstored', author: null }]);
  }, 30_000);

  it('credits a rule from another incident\'s stored alert while this incident\'s alerts are not stored yet', async () => {
    const credit = { id: 'r-other', title: 'Remote thread in LSASS', author: 'Florian Roth' };
    await storedWithAlert('inc-o1', 'al-o1', credit, ['r-other']);
    await publish({ ...incident('inc-o2', 'dedupe', 1), alertIds: ['al-o2'], ruleIds: ['r-other'] });
    expect(await rulesNotifiedFor('inc-o2')).toEqual([credit]);
  }, 30_000);

  it('credits a rule read once in the incidents it raises next, without reading the history again', async () => {
    const credit = { id: 'r-known', title: 'Suspicious LSASS access', author: 'Samir Bousseaden' };
    await publish(await storedWithAlert('inc-c1', 'al-c1', credit, ['r-known']));
    expect(await rulesNotifiedFor('inc-c1')).toEqual([credit]);
    // Gone from the history: the credit of the next incident can only come from the first read.
    await infra.clickhouse!.command({
      query: `ALTER TABLE {db:Identifier}.${ALERTS_TABLE} DELETE WHERE rule_id = {rule:String}`,
      query_params: { db: config.CLICKHOUSE_DATABASE, rule: credit.id },
      clickhouse_settings: { mutations_sync: '1' },
    });
    await publish({ ...incident('inc-c2', 'dedupe', 1), alertIds: ['al-c2'], ruleIds: ['r-known'] });
    expect(await rulesNotifiedFor('inc-c2')).toEqual([credit]);
  }, 30_000);

  it('mails each transition once over SMTP, later ones in the opening\'s thread', async () => {
    await publish(incident('inc-m', 'mail', 1));
    await waitFor(() => (outcomesOf('inc-m').length === 1 ? true : undefined), { description: 'the opened mail' });
    await publish(incident('inc-m', 'mail', 1), incident('inc-m', 'mail', 2, [entry(1, 'resolved', 'benign')], 'resolved'));
    await waitFor(() => (outcomesOf('inc-m').length === 2 ? true : undefined), { description: 'the resolved mail' });
    expect(mails).toHaveLength(2);
    expect(mails[0]).toMatch(/^Subject: \[Quell P2\] opened: Incident inc-m/m);
    expect(mails[1]).toMatch(/^In-Reply-To: <opened\.inc-m\.mail@example\.com>/m);
    expect(outcomesOf('inc-m').map((o) => [o.transition, o.channelType, o.status])).toEqual([['opened', 'email', 'sent'], ['resolved', 'email', 'sent']]);
  }, 30_000);

  it('holds a channel to its rate limit (one a second here), moving each send to when there is room', async () => {
    await publish(...['l1', 'l2', 'l3'].map((id) => incident(id, 'limited', 1)));
    await waitFor(() => (receiver.callsOf('limited').length === 3 ? true : undefined), { timeoutMs: 15_000, description: 'three sends' });
    const [first, , third] = receiver.callsOf('limited');
    // One send per 1-second window: the third cannot leave before the window after the second's.
    expect(third.at - first.at).toBeGreaterThanOrEqual(1_000);
    await waitFor(async () => ((await deliveryLog('l2')).length + (await deliveryLog('l3')).length >= 3 ? true : undefined), { description: 'the log rows' });
    const statuses = [...(await deliveryLog('l2')), ...(await deliveryLog('l3'))].map((row) => (row as { status: string }).status);
    expect(statuses).toContain('rate_limited');
  }, 30_000);
});

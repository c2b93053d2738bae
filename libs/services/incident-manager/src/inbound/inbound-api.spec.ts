import { signWebhookPayload } from '@quell/calendar';
import type { Incident } from '@quell/contracts';
import { hmacSha256Hex, slackButtonValue } from '@quell/notify';
import { requireRedisUrl } from '@quell/platform-testing';
import { IncidentApiHarness, incident, KEYS } from '../api/test/incident-api-harness';

const SECRETS = { slack: 'slack-signing-secret-acme', pagerduty: 'pagerduty-webhook-secret', jira: 'jira-inbound-secret-0001', servicenow: 'snow-inbound-secret-0001' };

function slackRequest(body: string, at = Date.now(), secret = SECRETS.slack): Record<string, string> {
  const timestamp = String(Math.floor(at / 1000));
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': `v0=${hmacSha256Hex(secret, `v0:${timestamp}:`, body)}` };
}

const slackClick = (id: string, actionId: string, tenant = 'acme') => `payload=${encodeURIComponent(JSON.stringify({
  type: 'block_actions', user: { id: 'U2CERLKJA', username: 'roadrunner' }, actions: [{ type: 'button', action_id: actionId, value: slackButtonValue(tenant, id) }],
}))}`;

const pagerDutyEvent = (id: string, eventType: string) => JSON.stringify({
  event: { event_type: eventType, agent: { id: 'PLH1HKV', summary: 'Tenex Engineer', type: 'user_reference' }, data: { id: 'PGR0VU2', type: 'incident', incident_key: `quell/acme/${id}` } },
});

describe('inbound two-way sync (in-process bus, embedded engine, Redis document store)', () => {
  const api = new IncidentApiHarness();
  let n = 0;
  const fresh = async (overrides: Partial<Incident> = {}) => {
    const value = incident(`inb-${++n}`, overrides);
    await api.seed(value);
    return value.id;
  };
  const post = (path: string, body: string, headers: Record<string, string>) => fetch(`${api.url}${path}`, { method: 'POST', body, headers });
  const current = async (id: string) => ((await (await api.request('GET', `/v1/incidents/${id}`, KEYS.read)).json()) as { incident: Incident }).incident;
  const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

  beforeAll(() => api.start({
    // Seen deliveries are remembered in Redis, as across the replicas of a deployment.
    REDIS_URL: requireRedisUrl(),
    INBOUND_SLACK_SIGNING_SECRETS: `acme:${SECRETS.slack}`,
    INBOUND_PAGERDUTY_SECRETS: `acme:${SECRETS.pagerduty}`,
    INBOUND_JIRA_SECRETS: `acme:${SECRETS.jira}`,
    INBOUND_SERVICENOW_SECRETS: `acme:${SECRETS.servicenow}`,
  }), 60_000);
  afterAll(() => api.stop());

  it('acknowledges from a signed Slack button as the Slack user; a second click changes nothing', async () => {
    const id = await fresh();
    const body = slackClick(id, 'quell.acknowledge');
    const response = await post('/v1/inbound/slack?tenant=acme', body, slackRequest(body));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ applied: true, incidentId: id, action: 'acknowledge', status: 'acknowledged', version: 2 });
    expect((await current(id)).timeline.at(-1)).toMatchObject({ actor: 'slack:roadrunner', action: 'acknowledged', detail: 'from slack' });
    // Another click a second later: a new delivery, the same state.
    const again = await post('/v1/inbound/slack?tenant=acme', body, slackRequest(body, Date.now() + 1_000));
    expect(await again.json()).toMatchObject({ applied: true, version: 2 });
  });

  it('answers a delivery received before 200 and does nothing: a captured resolve replayed after a reopen leaves the incident open', async () => {
    const id = await fresh();
    const reopen = async () => expect((await api.request('POST', `/v1/incidents/${id}/reopen`, KEYS.write, { reason: 'not fixed' })).status).toBe(200);
    const slack = slackClick(id, 'quell.resolve');
    const pagerDuty = pagerDutyEvent(id, 'incident.resolved');
    const snow = JSON.stringify({ number: 'INC0010024', state: '6', correlation_id: `quell/acme/${id}`, sys_updated_by: 'beth.anglin' });
    const jira = JSON.stringify({ webhookEvent: 'jira:issue_updated', user: { displayName: 'Mia Krystof' }, changelog: { items: [{ field: 'status', toString: 'Done' }] }, issue: { key: 'SOC-9', fields: { labels: [`quell-incident-${id}`], status: { statusCategory: { key: 'done' } } } } });
    const captured: [string, string, Record<string, string>][] = [
      ['slack', slack, slackRequest(slack)],
      ['pagerduty', pagerDuty, { 'content-type': 'application/json', 'x-pagerduty-signature': `v1=${hmacSha256Hex(SECRETS.pagerduty, pagerDuty)}` }],
      ['jira', jira, { 'content-type': 'application/json', 'x-hub-signature': `sha256=${hmacSha256Hex(SECRETS.jira, jira)}` }],
      ['servicenow', snow, { 'content-type': 'application/json', 'x-quell-signature': signWebhookPayload(snow, SECRETS.servicenow, Math.floor(Date.now() / 1000)) }],
    ];
    for (const [provider, body, headers] of captured) {
      expect([provider, await json(await post(`/v1/inbound/${provider}?tenant=acme`, body, headers))]).toMatchObject([provider, { applied: true, status: 'resolved' }]);
      await reopen();
      const replayed = await post(`/v1/inbound/${provider}?tenant=acme`, body, headers);
      expect(replayed.status).toBe(200);
      expect(await json(replayed)).toEqual({ applied: false, reason: 'delivery already received' });
      expect((await current(id)).status).toBe('open');
    }
  });

  it('lets a delivery that did nothing (an unknown incident) be retried: it is not remembered', async () => {
    const body = slackClick('not-yet-an-incident', 'quell.acknowledge');
    const headers = slackRequest(body);
    expect((await post('/v1/inbound/slack?tenant=acme', body, headers)).status).toBe(404);
    expect((await post('/v1/inbound/slack?tenant=acme', body, headers)).status).toBe(404);
  });

  it('refuses with 401 a Slack request signed with another secret, altered, older than five minutes, or for a tenant without a secret', async () => {
    const id = await fresh();
    const body = slackClick(id, 'quell.resolve');
    const refused = [
      await post('/v1/inbound/slack?tenant=acme', body, slackRequest(body, Date.now(), 'not-the-acme-secret-00')),
      await post('/v1/inbound/slack?tenant=acme', body.replace('roadrunner', 'coyote'), slackRequest(body)),
      await post('/v1/inbound/slack?tenant=acme', body, slackRequest(body, Date.now() - 6 * 60_000)),
      await post('/v1/inbound/slack?tenant=globex', body, slackRequest(body)),
      await post('/v1/inbound/slack?tenant=acme', body, { 'content-type': 'application/x-www-form-urlencoded' }),
    ];
    expect(refused.map((response) => response.status)).toEqual([401, 401, 401, 401, 401]);
    expect((await json(refused[2])).reason).toBe('timestamp-outside-tolerance');
    expect((await current(id)).status).toBe('open');
  });

  it('answers 400 to a signed payload that names no incident or another tenant, and 404 to an unknown incident', async () => {
    const noIncident = 'payload=' + encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, actions: [{ action_id: 'quell.resolve', value: '{}' }] }));
    const response = await post('/v1/inbound/slack?tenant=acme', noIncident, slackRequest(noIncident));
    expect(response.status).toBe(400);
    expect((await json(response)).detail).toMatch(/names no incident/);
    const otherTenant = slackClick('inb-1', 'quell.resolve', 'globex');
    expect((await post('/v1/inbound/slack?tenant=acme', otherTenant, slackRequest(otherTenant))).status).toBe(400);
    const unknown = slackClick('no-such-incident', 'quell.resolve');
    expect((await post('/v1/inbound/slack?tenant=acme', unknown, slackRequest(unknown))).status).toBe(404);
  });

  it('resolves from a PagerDuty v3 webhook as the PagerDuty user; other event types are answered and ignored', async () => {
    const id = await fresh();
    const sign = (body: string) => ({ 'content-type': 'application/json', 'x-pagerduty-signature': `v1=${hmacSha256Hex('old-secret-0000000000', body)},v1=${hmacSha256Hex(SECRETS.pagerduty, body)}` });
    const annotated = pagerDutyEvent(id, 'incident.annotated');
    expect(await (await post('/v1/inbound/pagerduty?tenant=acme', annotated, sign(annotated))).json()).toMatchObject({ applied: false });
    const resolved = pagerDutyEvent(id, 'incident.resolved');
    expect((await post('/v1/inbound/pagerduty?tenant=acme', resolved, { 'content-type': 'application/json', 'x-pagerduty-signature': 'v1=00' })).status).toBe(401);
    const response = await post('/v1/inbound/pagerduty?tenant=acme', resolved, sign(resolved));
    expect(await response.json()).toMatchObject({ applied: true, action: 'resolve', status: 'resolved' });
    expect(await current(id)).toMatchObject({ status: 'resolved', resolution: 'other' });
    expect((await current(id)).timeline.at(-1)).toMatchObject({ actor: 'pagerduty:Tenex Engineer' });
  });

  it('acknowledges from a Jira status change and resolves from a ServiceNow update, both signed with X-Quell-Signature', async () => {
    const id = await fresh();
    const jira = JSON.stringify({
      webhookEvent: 'jira:issue_updated', user: { displayName: 'Mia Krystof' }, changelog: { items: [{ field: 'status', toString: 'In Progress' }] },
      issue: { key: 'SOC-7', fields: { labels: ['quell', 'quell-tenant-acme', `quell-incident-${id}`], status: { statusCategory: { key: 'indeterminate' } } } },
    });
    const quellSigned = (body: string, secret: string) => ({ 'content-type': 'application/json', 'x-quell-signature': signWebhookPayload(body, secret, Math.floor(Date.now() / 1000)) });
    expect((await post('/v1/inbound/jira?tenant=acme', jira, quellSigned(jira, SECRETS.servicenow))).status).toBe(401);
    expect(await (await post('/v1/inbound/jira?tenant=acme', jira, quellSigned(jira, SECRETS.jira))).json()).toMatchObject({ applied: true, status: 'acknowledged' });
    const snow = JSON.stringify({ number: 'INC0010023', state: '6', correlation_id: `quell/acme/${id}`, sys_updated_by: 'beth.anglin' });
    expect(await (await post('/v1/inbound/servicenow?tenant=acme', snow, quellSigned(snow, SECRETS.servicenow))).json()).toMatchObject({ applied: true, status: 'resolved' });
    expect((await current(id)).timeline.slice(-2).map((entry) => entry.actor)).toEqual(['jira:Mia Krystof', 'servicenow:beth.anglin']);
  });

  it('resolves from a Jira admin webhook signed with its own X-Hub-Signature', async () => {
    const id = await fresh({ status: 'acknowledged' });
    const jira = JSON.stringify({
      webhookEvent: 'jira:issue_updated', user: { displayName: 'Mia Krystof' }, changelog: { items: [{ field: 'status', toString: 'Done' }] },
      issue: { key: 'SOC-8', fields: { labels: [`quell-incident-${id}`], status: { statusCategory: { key: 'done' } } } },
    });
    const hub = (secret: string) => ({ 'content-type': 'application/json', 'x-hub-signature': `sha256=${hmacSha256Hex(secret, jira)}` });
    expect((await post('/v1/inbound/jira?tenant=acme', jira, hub('not-the-jira-secret-000'))).status).toBe(401);
    expect(await json(await post('/v1/inbound/jira?tenant=acme', jira, hub(SECRETS.jira)))).toMatchObject({ applied: true, status: 'resolved', actor: 'jira:Mia Krystof' });
  });

  it('answers 400 naming the provider list for an unknown provider', async () => {
    expect((await post('/v1/inbound/opsgenie?tenant=acme', '{}', { 'content-type': 'application/json' })).status).toBe(400);
  });
});

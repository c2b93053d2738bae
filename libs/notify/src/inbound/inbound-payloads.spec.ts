import { message } from '../test/notification-fixture';
import { slackButtonValue } from './slack-interaction';
import { incidentOfDedupKey, InboundPayloadError } from './inbound-action';
import { parseInbound } from './inbound-provider';

const ID = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const slackForm = (payload: unknown) => body(`payload=${encodeURIComponent(JSON.stringify(payload))}`);

/** A PagerDuty v3 event shaped as the webhook docs' sample (event_type, agent, data with incident_key). */
const pagerDutyEvent = (eventType: string, incidentKey: string) => ({
  event: {
    id: '01DEN1HNMBMKXVSEU6XBRY8ATO', event_type: eventType, resource_type: 'incident', occurred_at: '2026-12-03T08:01:00.000Z',
    agent: { html_url: 'https://acme.pagerduty.com/users/PLH1HKV', id: 'PLH1HKV', self: 'https://api.pagerduty.com/users/PLH1HKV', summary: 'Tenex Engineer', type: 'user_reference' },
    data: { id: 'PGR0VU2', type: 'incident', number: 2, status: 'acknowledged', incident_key: incidentKey, title: 'P1 Brute force' },
  },
});

describe('inbound payloads', () => {
  it('reads the incident back from the dedup key every channel sends', () => {
    expect(incidentOfDedupKey(message().dedupKey)).toEqual({ tenant: 'acme', incidentId: ID });
    expect(incidentOfDedupKey('quell/acme/')).toBeUndefined();
    expect(incidentOfDedupKey('other/acme/x')).toBeUndefined();
  });

  it('acts on a Slack button as the user who clicked, ignoring other interactions', () => {
    const click = (actionId: string) => slackForm({
      type: 'block_actions', user: { id: 'U2CERLKJA', username: 'roadrunner', team_id: 'T1DC2JH3J' },
      actions: [{ type: 'button', action_id: actionId, block_id: 'b1', value: slackButtonValue('acme', ID), action_ts: '1531420618.000' }],
    });
    expect(parseInbound('slack', click('quell.acknowledge'))).toEqual({ tenant: 'acme', incidentId: ID, action: 'acknowledge', actor: 'slack:roadrunner' });
    expect(parseInbound('slack', click('quell.resolve'))).toMatchObject({ action: 'resolve' });
    expect(parseInbound('slack', click('open-incident-x'))).toEqual({ ignored: 'no Quell button in the Slack actions' });
    expect(parseInbound('slack', slackForm({ type: 'view_submission' }))).toHaveProperty('ignored');
    expect(() => parseInbound('slack', body('token=abc'))).toThrow(InboundPayloadError);
  });

  it('acts on PagerDuty acknowledged and resolved events by their incident_key, ignoring the other event types', () => {
    expect(parseInbound('pagerduty', body(pagerDutyEvent('incident.acknowledged', `quell/acme/${ID}`)))).toEqual({ tenant: 'acme', incidentId: ID, action: 'acknowledge', actor: 'pagerduty:Tenex Engineer' });
    expect(parseInbound('pagerduty', body(pagerDutyEvent('incident.resolved', `quell/acme/${ID}`)))).toMatchObject({ action: 'resolve' });
    expect(parseInbound('pagerduty', body(pagerDutyEvent('incident.annotated', `quell/acme/${ID}`)))).toEqual({ ignored: 'PagerDuty event incident.annotated asks nothing of Quell' });
    expect(() => parseInbound('pagerduty', body(pagerDutyEvent('incident.resolved', 'a-key-from-elsewhere')))).toThrow(/names no Quell incident/);
    expect(() => parseInbound('pagerduty', body('[1]'))).toThrow(/not a JSON object/);
  });

  it('resolves on a Jira status change into the done category, acknowledges into in progress, by the incident label', () => {
    const update = (category: string, labels = ['quell', 'quell-tenant-acme', `quell-incident-${ID}`]) => body({
      webhookEvent: 'jira:issue_updated', user: { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof' },
      issue: { key: 'SOC-1', fields: { labels, status: { name: 'Done', statusCategory: { key: category } } } },
      changelog: { items: [{ field: 'status', fromString: 'To Do', toString: 'Done' }] },
    });
    expect(parseInbound('jira', update('done'))).toEqual({ tenant: 'acme', incidentId: ID, action: 'resolve', actor: 'jira:Mia Krystof' });
    expect(parseInbound('jira', update('indeterminate'))).toMatchObject({ action: 'acknowledge' });
    expect(parseInbound('jira', update('new'))).toHaveProperty('ignored');
    expect(() => parseInbound('jira', update('done', ['quell']))).toThrow(/names no Quell incident/);
    expect(parseInbound('jira', body({ webhookEvent: 'jira:issue_updated', changelog: { items: [{ field: 'summary' }] } }))).toEqual({ ignored: 'the Jira update changes no status' });
  });

  it('resolves on a ServiceNow record in state Resolved or Closed, acknowledges In Progress, by its correlation_id', () => {
    const record = (state: string, correlation = `quell/acme/${ID}`) => body({ sys_id: '46d44a23a9fe19810012d100cca80666', number: 'INC0010023', state, correlation_id: correlation, sys_updated_by: 'beth.anglin' });
    expect(parseInbound('servicenow', record('6'))).toEqual({ tenant: 'acme', incidentId: ID, action: 'resolve', actor: 'servicenow:beth.anglin' });
    expect(parseInbound('servicenow', record('7'))).toMatchObject({ action: 'resolve' });
    expect(parseInbound('servicenow', record('2'))).toMatchObject({ action: 'acknowledge' });
    expect(parseInbound('servicenow', record('1'))).toHaveProperty('ignored');
    expect(() => parseInbound('servicenow', record('6', ''))).toThrow(/names no Quell incident/);
  });
});

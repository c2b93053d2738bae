import { LoopbackReceiver, sendChannelRequest, type Json, type ReceivedRequest } from '../test/loopback-receiver';
import { message } from '../test/notification-fixture';
import { pagerDutyRequest } from './pagerduty-request';

const routingKey = 'R0123456789abcdef0123456789ABCDE';

/** The Events API v2 rules (developer.pagerduty.com, "Send an Alert Event"): what makes PagerDuty answer 400. */
function eventProblems(event: Json): string[] {
  const problems: string[] = [];
  if (typeof event.routing_key !== 'string' || event.routing_key.length !== 32) problems.push('routing_key must be 32 characters');
  if (!['trigger', 'acknowledge', 'resolve'].includes(event.event_action)) problems.push('event_action must be trigger, acknowledge or resolve');
  if (typeof event.dedup_key !== 'string' || event.dedup_key.length > 255) problems.push('dedup_key up to 255 characters');
  if (event.event_action !== 'trigger') {
    if ('payload' in event) problems.push('acknowledge/resolve take no payload');
    return problems;
  }
  const payload = event.payload ?? {};
  if (typeof payload.summary !== 'string' || payload.summary.length === 0 || payload.summary.length > 1024) problems.push('payload.summary 1..1024 characters');
  if (typeof payload.source !== 'string' || payload.source.length === 0) problems.push('payload.source required');
  if (!['critical', 'error', 'warning', 'info'].includes(payload.severity)) problems.push('payload.severity must be critical, error, warning or info');
  if (payload.timestamp !== undefined && Number.isNaN(Date.parse(payload.timestamp))) problems.push('payload.timestamp must be ISO 8601');
  for (const link of event.links ?? []) if (typeof link.href !== 'string') problems.push('links need href');
  return problems;
}

function pagerDuty(request: ReceivedRequest): { status: number; body: string } {
  if (request.method !== 'POST' || request.path !== '/v2/enqueue') return { status: 404, body: 'not found' };
  if (request.headers['content-type'] !== 'application/json') return { status: 400, body: JSON.stringify({ status: 'invalid event', message: 'Content-Type' }) };
  const event = JSON.parse(request.rawBody);
  const errors = eventProblems(event);
  return errors.length === 0
    ? { status: 202, body: JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: event.dedup_key }) }
    : { status: 400, body: JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors }) };
}

describe('PagerDuty Events API v2 request', () => {
  let receiver: LoopbackReceiver;
  const target = () => ({ routingKey, url: `${receiver.baseUrl}/v2/enqueue` });
  beforeAll(async () => (receiver = await LoopbackReceiver.start(pagerDuty)));
  afterAll(() => receiver.close());

  it('goes to the documented endpoint unless redirected', () => {
    expect(pagerDutyRequest(message(), { routingKey }).url).toBe('https://events.pagerduty.com/v2/enqueue');
  });

  it('triggers, acknowledges and resolves one PagerDuty alert under one stable dedup key', async () => {
    const sent = [];
    for (const transition of ['opened', 'priority_raised', 'acknowledged', 'resolved'] as const) {
      const response = await sendChannelRequest(pagerDutyRequest(message(transition), target()));
      expect(response.status).toBe(202);
      sent.push(JSON.parse(receiver.received.at(-1)!.rawBody));
    }
    expect(sent.map((event) => event.event_action)).toEqual(['trigger', 'trigger', 'acknowledge', 'resolve']);
    expect(new Set(sent.map((event) => event.dedup_key))).toEqual(new Set(['quell/acme/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b']));
    expect(sent[0].payload).toMatchObject({
      source: 'web-1', severity: 'error', timestamp: '2026-11-28T02:05:00.000Z', group: 'acme', class: 'Successful login after brute force',
      custom_details: { priority: 'P1', why: expect.stringContaining('critical service payments'), rules: [expect.stringContaining('by Florian Roth')],
        factors: ['high rule +4 (+4)', 'critical service payments ×2 (+4)'], related_changes: ['started 4 min after CHG0012345 on web-1'] },
    });
    expect(sent[0].links).toEqual([{ href: 'https://quell.example.com/console/#/incidents/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', text: 'Open the incident in Quell' }]);
  });

  it('keeps the summary within 1024 characters and maps every Quell severity onto the PagerDuty enum', async () => {
    for (const severity of ['critical', 'high', 'medium', 'low', 'informational', 'unheard-of']) {
      const request = pagerDutyRequest(message('opened', { severity, title: 't'.repeat(5000) }), target());
      expect((await sendChannelRequest(request)).status).toBe(202);
    }
  });

  it('refuses a routing key that is not an integration key, before sending', () => {
    expect(() => pagerDutyRequest(message(), { routingKey: 'short' })).toThrow(/32-character integration key/);
  });
});

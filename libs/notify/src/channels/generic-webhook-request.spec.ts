import { verifyWebhookSignature } from '@quell/calendar';
import { LoopbackReceiver, sendChannelRequest, type ReceivedRequest } from '../test/loopback-receiver';
import { message } from '../test/notification-fixture';
import { genericWebhookRequest } from './generic-webhook-request';

const NOW = Date.parse('2026-11-28T02:06:00Z');
const secret = 'whsec-test';

/** What a receiver following our README does: POST JSON, verify the signature over the raw body. */
function check(request: ReceivedRequest): { status: number; body: string } {
  if (request.method !== 'POST' || request.path !== '/hooks/quell') return { status: 404, body: 'wrong method or path' };
  if (request.headers['content-type'] !== 'application/json') return { status: 415, body: 'not JSON' };
  const verdict = verifyWebhookSignature({ rawBody: request.rawBody, header: request.headers['x-quell-signature'] as string, secrets: [secret], now: NOW });
  return verdict.ok ? { status: 200, body: 'ok' } : { status: 401, body: verdict.message };
}

describe('generic webhook request', () => {
  let receiver: LoopbackReceiver;
  beforeAll(async () => (receiver = await LoopbackReceiver.start(check)));
  afterAll(() => receiver.close());

  it('is signed JSON a receiver verifies over the bytes it received', async () => {
    const request = genericWebhookRequest(message(), { url: `${receiver.baseUrl}/hooks/quell`, secret }, NOW);
    expect(await sendChannelRequest(request)).toEqual({ status: 200, body: 'ok' });
    const body = JSON.parse(receiver.received.at(-1)!.rawBody);
    expect(body).toMatchObject({
      event: 'incident.opened', priority: 1, url: 'https://quell.example.com/console/#/incidents/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      priorityReason: expect.stringContaining('critical service payments'),
      priorityFactors: ['high rule +4 (+4)', 'critical service payments ×2 (+4)'], relatedChanges: ['started 4 min after CHG0012345 on web-1'],
      rules: [{ title: 'Successful login after brute force', author: 'Florian Roth (Nextron Systems)' }],
    });
    expect(receiver.received.at(-1)!.headers['x-quell-delivery']).toBe('quell/acme/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/opened');
  });

  it('names each transition apart in X-Quell-Delivery, two raises of one incident included', () => {
    const raise = (at: number) => genericWebhookRequest({ ...message('priority_raised'), transitionKey: `0193a1b2/prioritized:raised/${at}` }, { url: 'https://x', secret }, NOW).headers['X-Quell-Delivery'];
    expect(raise(1)).toBe('quell/acme/0193a1b2/prioritized:raised/1');
    expect(raise(2)).not.toBe(raise(1));
  });

  it('is refused when signed with another secret or altered on the way', async () => {
    const wrong = genericWebhookRequest(message(), { url: `${receiver.baseUrl}/hooks/quell`, secret: 'other' }, NOW);
    expect((await sendChannelRequest(wrong)).status).toBe(401);
    const good = genericWebhookRequest(message(), { url: `${receiver.baseUrl}/hooks/quell`, secret }, NOW);
    expect((await sendChannelRequest({ ...good, body: good.body.replace('"priority":1', '"priority":5') })).status).toBe(401);
  });

  it('carries only the template fields, in order, when a template picks them', () => {
    const request = genericWebhookRequest(message('resolved'), { url: 'https://hooks.example.com/x', secret, fields: ['incidentId', 'status', 'url'] }, NOW);
    expect(Object.keys(JSON.parse(request.body))).toEqual(['event', 'incidentId', 'status', 'url']);
    expect(JSON.parse(request.body).event).toBe('incident.resolved');
  });

  it('refuses an unknown template field or a missing secret, naming them', () => {
    expect(() => genericWebhookRequest(message(), { url: 'https://x', secret, fields: ['nope' as never] }, NOW)).toThrow(/unknown webhook field\(s\) nope/);
    expect(() => genericWebhookRequest(message(), { url: 'https://x', secret: '' }, NOW)).toThrow(/signing secret/);
  });
});

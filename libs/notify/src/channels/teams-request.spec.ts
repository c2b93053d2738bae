import { LoopbackReceiver, sendChannelRequest, type Json, type ReceivedRequest } from '../test/loopback-receiver';
import { message } from '../test/notification-fixture';
import { TEAMS_MESSAGE_MAX_BYTES, teamsRequest } from './teams-request';

const ELEMENTS_IN_1_4 = new Set(['TextBlock', 'FactSet', 'Container', 'ColumnSet', 'Image', 'ImageSet', 'RichTextBlock', 'ActionSet']);

/** What Microsoft documents for an Adaptive Card sent to an incoming webhook or a Workflows trigger. */
function cardProblems(body: Json): string[] {
  const problems: string[] = [];
  if (body.type !== 'message') problems.push('type must be "message"');
  if (!Array.isArray(body.attachments) || body.attachments.length !== 1) problems.push('exactly one attachment');
  const attachment = body.attachments?.[0] ?? {};
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') problems.push('contentType must be application/vnd.microsoft.card.adaptive');
  const card = attachment.content ?? {};
  if (card.type !== 'AdaptiveCard') problems.push('content.type must be AdaptiveCard');
  if (card.$schema !== 'http://adaptivecards.io/schemas/adaptive-card.json') problems.push('$schema');
  if (!/^1\.[0-5]$/.test(card.version ?? '')) problems.push(`version ${card.version} not rendered by Teams`);
  for (const element of card.body ?? []) {
    if (!ELEMENTS_IN_1_4.has(element.type)) problems.push(`element ${element.type} not in schema 1.4`);
    if (element.type === 'TextBlock' && typeof element.text !== 'string') problems.push('TextBlock without text');
    if (element.type === 'FactSet') for (const fact of element.facts) if (typeof fact.title !== 'string' || typeof fact.value !== 'string') problems.push('fact needs title and value strings');
  }
  for (const action of card.actions ?? []) if (action.type !== 'Action.OpenUrl' || !/^https:\/\//.test(action.url)) problems.push('Action.OpenUrl with an https url expected');
  return problems;
}

function teams(request: ReceivedRequest): { status: number; body: string } {
  if (request.method !== 'POST' || !request.path.startsWith('/webhookb2/')) return { status: 404, body: 'not found' };
  if (!String(request.headers['content-type']).startsWith('application/json')) return { status: 400, body: 'Bad payload' };
  if (Buffer.byteLength(request.rawBody) > TEAMS_MESSAGE_MAX_BYTES) return { status: 413, body: 'Message size too large' };
  const problems = cardProblems(JSON.parse(request.rawBody));
  return problems.length === 0 ? { status: 200, body: '1' } : { status: 400, body: problems.join('; ') };
}

describe('Microsoft Teams webhook request', () => {
  let receiver: LoopbackReceiver;
  const hook = () => `${receiver.baseUrl}/webhookb2/0000@tenant/IncomingWebhook/abc/def`;
  beforeAll(async () => (receiver = await LoopbackReceiver.start(teams)));
  afterAll(() => receiver.close());

  it('is a message with one Adaptive Card 1.4 that names rule and author, entities, priority and why, and links the incident', async () => {
    expect(await sendChannelRequest(teamsRequest(message('acknowledged'), hook()))).toEqual({ status: 200, body: '1' });
    const card = JSON.parse(receiver.received.at(-1)!.rawBody).attachments[0].content;
    expect(card.version).toBe('1.4');
    expect(card.body[0].text).toBe('P1 acknowledged: Brute force then successful login on web-1');
    expect(card.body[1].text).toContain('after hours (+1)');
    expect(card.body[2].facts).toContainEqual({ title: 'Entities', value: 'host web-1, ip 203.0.113.7, user alice' });
    expect(card.body[3].text).toContain('by Florian Roth (Nextron Systems)');
    expect(card.body[4].text).toBe('Related change: started 4 min after CHG0012345 on web-1');
    expect(card.actions[0].url).toBe('https://quell.example.com/console/#/incidents/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
  });

  it('stays under 28 KB with thousands of entities and many rules', async () => {
    const big = message('opened', { entities: Array.from({ length: 3000 }, (_, i) => ({ type: 'host', value: `h${i}.example.com` })) });
    const request = teamsRequest({ ...big, rules: Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, title: 'z'.repeat(500), author: 'someone' })) }, hook());
    expect(await sendChannelRequest(request)).toEqual({ status: 200, body: '1' });
    expect(JSON.parse(request.body).attachments[0].content.body[3].text).toMatch(/and 190 more rules$/);
  });
});

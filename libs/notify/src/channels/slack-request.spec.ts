import { LoopbackReceiver, sendChannelRequest, type Json, type ReceivedRequest } from '../test/loopback-receiver';
import { message } from '../test/notification-fixture';
import { SLACK_LIMITS, slackRequest } from './slack-request';

/** Slack's documented checks on an incoming-webhook message; Slack answers `invalid_blocks` (400) when one fails. */
function blockProblems(body: Json): string[] {
  const problems: string[] = [];
  const max = (what: string, value: string | undefined, limit: number) => {
    if (typeof value !== 'string' || value.length === 0) problems.push(`${what} missing`);
    else if (value.length > limit) problems.push(`${what} longer than ${limit}`);
  };
  if (typeof body.text !== 'string') problems.push('no_text fallback');
  if (!Array.isArray(body.blocks) || body.blocks.length > SLACK_LIMITS.blocks) problems.push('blocks must be 1..50');
  for (const block of body.blocks ?? []) {
    if (block.type === 'header') {
      if (block.text?.type !== 'plain_text') problems.push('header text must be plain_text');
      max('header text', block.text?.text, 150);
    } else if (block.type === 'section') {
      max('section text', block.text?.text, 3000);
      if ((block.fields ?? []).length > 10) problems.push('more than 10 section fields');
      for (const field of block.fields ?? []) max('section field', field.text, 2000);
    } else if (block.type === 'context') {
      if (block.elements.length < 1 || block.elements.length > 10) problems.push('context needs 1..10 elements');
      for (const element of block.elements) max('context text', element.text, 3000);
    } else if (block.type === 'actions') {
      for (const button of block.elements) {
        if (button.type !== 'button' || button.text?.type !== 'plain_text') problems.push('button with plain_text expected');
        max('button text', button.text?.text, 75);
        // url, value and style are optional (Block Kit reference, "Button element").
        if (button.url !== undefined) max('button url', button.url, 3000);
        if (button.value !== undefined) max('button value', button.value, 2000);
        if (button.style !== undefined && !['primary', 'danger'].includes(button.style)) problems.push('button style must be primary or danger');
        max('action_id', button.action_id, 255);
      }
    } else problems.push(`unexpected block type ${block.type}`);
  }
  return problems;
}

function slack(request: ReceivedRequest): { status: number; body: string } {
  if (request.method !== 'POST' || !request.path.startsWith('/services/')) return { status: 404, body: 'no_service' };
  if (!String(request.headers['content-type']).startsWith('application/json')) return { status: 400, body: 'invalid_payload' };
  const problems = blockProblems(JSON.parse(request.rawBody));
  return problems.length === 0 ? { status: 200, body: 'ok' } : { status: 400, body: `invalid_blocks: ${problems.join('; ')}` };
}

describe('Slack incoming webhook request', () => {
  let receiver: LoopbackReceiver;
  const hook = () => `${receiver.baseUrl}/services/T000/B000/XXXX`;
  beforeAll(async () => (receiver = await LoopbackReceiver.start(slack)));
  afterAll(() => receiver.close());

  it('is a Block Kit message Slack accepts, naming rule and author, entities, priority and why, with a link', async () => {
    expect(await sendChannelRequest(slackRequest(message(), hook()))).toEqual({ status: 200, body: 'ok' });
    const body = JSON.parse(receiver.received.at(-1)!.rawBody);
    expect(body.blocks.map((block: Json) => block.type)).toEqual(['header', 'section', 'context', 'actions']);
    expect(body.blocks[0].text.text).toBe('P1 Incident opened: Brute force then successful login on web-1');
    expect(body.blocks[1].text.text).toContain('critical service payments (×2)');
    expect(body.blocks[1].text.text).toContain('• Related change: started 4 min after CHG0012345 on web-1');
    expect(body.blocks[1].fields[2].text).toContain('host web-1, ip 203.0.113.7, user alice');
    expect(body.blocks[2].elements[0].text).toBe('Rule: Successful login after brute force (rule 5a1b2c3d-0000-4000-8000-000000000001) by Florian Roth (Nextron Systems)');
    expect(body.blocks[3].elements[0].url).toBe('https://quell.example.com/console/#/incidents/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
  });

  it('stays within Slack limits for a huge title, many entities and many rules', async () => {
    const long = message('escalated', {
      title: 'x'.repeat(500),
      entities: Array.from({ length: 400 }, (_, i) => ({ type: 'host', value: `host-${i}.very-long-domain.example.com` })),
    });
    const many = { ...long, rules: Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, title: 'y'.repeat(4000), author: null })) };
    expect(await sendChannelRequest(slackRequest(many, hook()))).toEqual({ status: 200, body: 'ok' });
    const context = JSON.parse(receiver.received.at(-1)!.rawBody).blocks[2].elements;
    expect(context).toHaveLength(10);
    expect(context[9].text).toBe('and 21 more rules');
  });

  it('escapes <, > and & so a value cannot become a mention or a link', () => {
    const body = JSON.parse(slackRequest(message('opened', { entities: [{ type: 'user', value: '<!channel>&co' }] }), 'https://hooks.slack.com/services/x').body);
    expect(body.blocks[1].fields[2].text).toContain('&lt;!channel&gt;&amp;co');
  });

  it('adds Acknowledge and Resolve buttons naming the incident when interactive, Resolve alone once acknowledged, none once resolved', async () => {
    const buttons = async (transition: 'opened' | 'acknowledged' | 'resolved') => {
      expect(await sendChannelRequest(slackRequest(message(transition), hook(), { interactive: true }))).toEqual({ status: 200, body: 'ok' });
      return JSON.parse(receiver.received.at(-1)!.rawBody).blocks[3].elements.slice(1);
    };
    const opened = await buttons('opened');
    expect(opened.map((button: Json) => button.action_id)).toEqual(['quell.acknowledge', 'quell.resolve']);
    expect(JSON.parse(opened[0].value)).toEqual({ tenant: 'acme', incidentId: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' });
    expect((await buttons('acknowledged')).map((button: Json) => button.action_id)).toEqual(['quell.resolve']);
    expect(await buttons('resolved')).toEqual([]);
  });
});

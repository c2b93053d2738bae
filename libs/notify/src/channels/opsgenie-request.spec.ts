import { LoopbackReceiver, sendChannelRequest, type Json, type ReceivedRequest } from '../test/loopback-receiver';
import { message } from '../test/notification-fixture';
import { OPSGENIE_LIMITS, opsgenieRequest } from './opsgenie-request';

const apiKey = 'eb243592-faa2-4ba2-a551q-1afdf565c889';
const ALIAS = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

/** The Alert API's documented create fields and limits (docs.opsgenie.com, "Alert API"). */
function createProblems(body: Json): string[] {
  const problems: string[] = [];
  const max = (field: string, limit: number, required = false) => {
    const value = body[field];
    if (value === undefined) return required ? problems.push(`${field} required`) : undefined;
    if (typeof value !== 'string' || value.length > limit) problems.push(`${field} over ${limit} characters`);
  };
  max('message', OPSGENIE_LIMITS.message, true);
  max('alias', OPSGENIE_LIMITS.alias);
  max('description', OPSGENIE_LIMITS.description);
  max('entity', OPSGENIE_LIMITS.entity);
  max('source', OPSGENIE_LIMITS.source);
  if (body.priority !== undefined && !/^P[1-5]$/.test(body.priority)) problems.push('priority must be P1..P5');
  if ((body.tags ?? []).length > 20 || (body.tags ?? []).some((tag: string) => tag.length > 50)) problems.push('tags: up to 20, each up to 50 characters');
  const detailChars = Object.entries(body.details ?? {}).reduce((sum, [key, value]) => sum + key.length + String(value).length, 0);
  if (detailChars > OPSGENIE_LIMITS.detailsTotal) problems.push('details over 8000 characters');
  if (Object.values(body.details ?? {}).some((value) => typeof value !== 'string')) problems.push('details values must be strings');
  return problems;
}

function opsgenie(request: ReceivedRequest): { status: number; body: string } {
  if (request.headers.authorization !== `GenieKey ${apiKey}`) return { status: 401, body: JSON.stringify({ message: 'Key format is not valid!' }) };
  if (request.headers['content-type'] !== 'application/json') return { status: 415, body: '{}' };
  const url = new URL(request.path, 'http://x');
  const body = JSON.parse(request.rawBody);
  const byAlias = /^\/v2\/alerts\/([^/]+)\/(acknowledge|close|priority)$/.exec(url.pathname);
  let problems: string[];
  if (request.method === 'POST' && url.pathname === '/v2/alerts') problems = createProblems(body);
  else if (byAlias && url.searchParams.get('identifierType') === 'alias') {
    const [, , action] = byAlias;
    problems = action === 'priority'
      ? request.method === 'PUT' && /^P[1-5]$/.test(body.priority) ? [] : ['priority is PUT with P1..P5']
      : request.method === 'POST' && (body.source ?? '').length <= 100 && (body.note ?? '').length <= 25000 ? [] : [`${action} is POST with source ≤100, note ≤25000`];
  } else problems = [`no such endpoint ${request.method} ${request.path}`];
  return problems.length === 0
    ? { status: 202, body: JSON.stringify({ result: 'Request will be processed', took: 0.1, requestId: 'req-1' }) }
    : { status: 422, body: JSON.stringify({ message: problems.join('; ') }) };
}

describe('Opsgenie Alert API request', () => {
  let receiver: LoopbackReceiver;
  const target = () => ({ apiKey, baseUrl: receiver.baseUrl });
  beforeAll(async () => (receiver = await LoopbackReceiver.start(opsgenie)));
  afterAll(() => receiver.close());

  it('creates, raises, acknowledges and closes one alert whose alias is the incident id', async () => {
    for (const transition of ['opened', 'priority_raised', 'acknowledged', 'resolved'] as const) {
      expect(await sendChannelRequest(opsgenieRequest(message(transition), target()))).toMatchObject({ status: 202 });
    }
    expect(receiver.received.slice(-4).map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v2/alerts',
      `PUT /v2/alerts/${ALIAS}/priority?identifierType=alias`,
      `POST /v2/alerts/${ALIAS}/acknowledge?identifierType=alias`,
      `POST /v2/alerts/${ALIAS}/close?identifierType=alias`,
    ]);
    const created = JSON.parse(receiver.received.at(-4)!.rawBody);
    expect(created).toMatchObject({ alias: ALIAS, priority: 'P1', source: 'Quell', entity: 'host web-1, ip 203.0.113.7, user alice' });
    expect(created.description).toContain('Rule: Successful login after brute force (rule 5a1b2c3d-0000-4000-8000-000000000001) by Florian Roth (Nextron Systems)');
    expect(created.description).toContain('Why: P1 because:');
    expect(created.description).toContain('Related change: started 4 min after CHG0012345 on web-1');
    expect(created.details.incident).toBe(`https://quell.example.com/console/#/incidents/${ALIAS}`);
  });

  it('keeps every field within its documented limit', async () => {
    const big = message('opened', { title: 'm'.repeat(400), entities: Array.from({ length: 2000 }, (_, i) => ({ type: 'ip', value: `10.0.${i >> 8}.${i & 255}` })) });
    const request = opsgenieRequest({ ...big, rules: Array.from({ length: 100 }, (_, i) => ({ id: `r${i}`, title: 'q'.repeat(300), author: 'a' })) }, target());
    expect(await sendChannelRequest(request)).toMatchObject({ status: 202 });
  });

  it('uses the EU host when the account is in the EU, and needs a key', () => {
    expect(opsgenieRequest(message(), { apiKey, region: 'eu' }).url).toBe('https://api.eu.opsgenie.com/v2/alerts');
    expect(() => opsgenieRequest(message(), { apiKey: ' ' })).toThrow(/API integration key/);
  });
});

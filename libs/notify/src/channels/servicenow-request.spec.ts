import { LoopbackReceiver, sendChannelRequest, type Json, type ReceivedRequest } from '../test/loopback-receiver';
import { message } from '../test/notification-fixture';
import { impactAndUrgency, parseServiceNowCreateResponse, parseServiceNowTicket, serviceNowRequest, type ServiceNowTarget } from './servicenow-request';

const user = 'quell.integration';
const password = 'pa55-word';
const SYS_ID = '46d44a23a9fe19810012d100cca80666';
/** Out-of-box incident fields we write; ServiceNow ignores an unknown field silently, so a typo is caught here. */
const KNOWN_FIELDS = ['short_description', 'description', 'impact', 'urgency', 'correlation_id', 'correlation_display', 'assignment_group', 'state', 'work_notes', 'close_code', 'close_notes'];
const CLOSE_CODES = ['Duplicate', 'Known error', 'No resolution provided', 'Resolved by caller', 'Resolved by change', 'Resolved by problem', 'Resolved by request', 'Solution provided', 'Workaround provided', 'User error'];

function fieldProblems(body: Json): string[] {
  const problems = Object.keys(body).filter((field) => !KNOWN_FIELDS.includes(field)).map((field) => `unknown field ${field}`);
  if (body.short_description !== undefined && (typeof body.short_description !== 'string' || body.short_description.length > 160)) problems.push('short_description up to 160');
  for (const field of ['impact', 'urgency']) if (body[field] !== undefined && !['1', '2', '3'].includes(body[field])) problems.push(`${field} must be 1, 2 or 3`);
  // The out-of-box data policy: resolving needs a resolution code and notes.
  if (body.state === '6' && (!CLOSE_CODES.includes(body.close_code) || !body.close_notes)) problems.push('Resolution code and Resolution notes are mandatory');
  return problems;
}

/** The Table API's answers: 201 `{ result }` on create, 200 `{ result }` on PATCH, 404 for an unknown sys_id. */
function serviceNowStandIn() {
  const records = new Map<string, Json>();
  return (request: ReceivedRequest): { status: number; body: string } => {
    if (request.headers.authorization !== `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`) return { status: 401, body: JSON.stringify({ error: { message: 'User Not Authenticated' }, status: 'failure' }) };
    if (request.headers.accept !== 'application/json' || request.headers['content-type'] !== 'application/json') return { status: 406, body: '' };
    const body = JSON.parse(request.rawBody);
    const problems = fieldProblems(body);
    if (problems.length) return { status: 400, body: JSON.stringify({ error: { message: problems.join('; ') }, status: 'failure' }) };
    if (request.method === 'POST' && request.path === '/api/now/table/incident') {
      const record = { ...body, sys_id: SYS_ID, number: `INC00100${23 + records.size}`, state: '1' };
      records.set(SYS_ID, record);
      return { status: 201, body: JSON.stringify({ result: record }) };
    }
    const match = /^\/api\/now\/table\/incident\/([0-9a-f]{32})$/.exec(request.path);
    if (request.method !== 'PATCH' || !match) return { status: 405, body: '' };
    const record = records.get(match[1]);
    if (!record) return { status: 404, body: JSON.stringify({ error: { message: 'No Record found' }, status: 'failure' }) };
    Object.assign(record, body);
    return { status: 200, body: JSON.stringify({ result: record }) };
  };
}

describe('ServiceNow Table API request', () => {
  let receiver: LoopbackReceiver;
  const target = (): ServiceNowTarget => ({ instanceUrl: receiver.baseUrl, user, password, assignmentGroup: 'SOC' });
  beforeAll(async () => (receiver = await LoopbackReceiver.start(serviceNowStandIn())));
  afterAll(() => receiver.close());

  it('creates the incident once, then updates, acknowledges and resolves the stored record', async () => {
    const created = await sendChannelRequest(serviceNowRequest(message('opened'), target(), undefined));
    const ticket = parseServiceNowCreateResponse(created.status, created.body);
    expect(ticket).toBe(`INC0010023/${SYS_ID}`);
    const body = JSON.parse(receiver.received.at(-1)!.rawBody);
    expect(body).toMatchObject({ short_description: 'P1 Brute force then successful login on web-1', impact: '1', urgency: '1', correlation_id: 'quell/acme/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', assignment_group: 'SOC' });
    for (const part of ['by Florian Roth (Nextron Systems)', 'Why: P1 because:', 'Related change: started 4 min', 'Incident: https://quell.example.com/console/#/incidents/']) expect(body.description).toContain(part);

    const sent = [];
    for (const transition of ['opened', 'priority_raised', 'acknowledged', 'resolved'] as const) {
      expect((await sendChannelRequest(serviceNowRequest(message(transition, { priority: 2 }), target(), ticket))).status).toBe(200);
      sent.push(JSON.parse(receiver.received.at(-1)!.rawBody));
    }
    expect(receiver.received.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(receiver.received.slice(-4).every((request) => request.method === 'PATCH' && request.path === `/api/now/table/incident/${SYS_ID}`)).toBe(true);
    expect(sent[1]).toMatchObject({ impact: '1', urgency: '2', work_notes: expect.stringContaining('Why:') });
    expect(sent[2]).toEqual({ state: '2', work_notes: expect.stringContaining('Acknowledged in Quell') });
    expect(sent[3]).toEqual({ state: '6', close_code: 'Solution provided', close_notes: expect.stringContaining('Resolved in Quell: https://') });
  });

  it('maps P1–P5 onto impact and urgency that the default priority lookup turns back into the same priority', () => {
    const lookup: Record<string, number> = { '1/1': 1, '1/2': 2, '2/1': 2, '1/3': 3, '2/2': 3, '3/1': 3, '2/3': 4, '3/2': 4, '3/3': 5 };
    for (const priority of [1, 2, 3, 4, 5]) {
      const { impact, urgency } = impactAndUrgency(priority);
      expect(lookup[`${impact}/${urgency}`]).toBe(priority);
    }
  });

  it('refuses a create answer without sys_id and number, and a reference that is not number/sys_id', () => {
    expect(() => parseServiceNowCreateResponse(401, '{"error":{"message":"User Not Authenticated"}}')).toThrow(/HTTP 401/);
    expect(() => parseServiceNowCreateResponse(201, '{"result":{"number":"INC1"}}')).toThrow(/did not create/);
    expect(() => parseServiceNowTicket('INC0010023')).toThrow(/not a ServiceNow ticket reference/);
    expect(() => serviceNowRequest(message(), { instanceUrl: 'https://x', user: '', password: '' }, undefined)).toThrow('the ServiceNow channel needs user, password');
  });
});

import { LoopbackReceiver, sendChannelRequest, type Json, type ReceivedRequest } from '../test/loopback-receiver';
import { message } from '../test/notification-fixture';
import { jiraRequest, parseJiraCreateResponse, type JiraTarget } from './jira-request';

const email = 'soc-bot@example.com';
const apiToken = 'ATATT3xFfGF0-test-token';
const RESOLVE_TRANSITION = '31';

/** ADF as documented (developer.atlassian.com, "Atlassian Document Format"): doc v1, blocks of non-empty text nodes. */
function adfProblems(doc: Json, where: string): string[] {
  if (doc?.type !== 'doc' || doc.version !== 1 || !Array.isArray(doc.content)) return [`${where} is not an ADF doc of version 1`];
  const problems: string[] = [];
  for (const block of doc.content) {
    if (!['paragraph', 'heading', 'bulletList', 'codeBlock'].includes(block.type)) problems.push(`${where}: unexpected block ${block.type}`);
    for (const node of block.content ?? []) {
      if (node.type !== 'text' || typeof node.text !== 'string' || node.text.length === 0) problems.push(`${where}: text nodes must be non-empty`);
      for (const mark of node.marks ?? []) if (mark.type === 'link' && !/^https?:\/\//.test(mark.attrs?.href)) problems.push(`${where}: link without href`);
    }
  }
  return problems;
}

function summaryProblems(summary: unknown): string[] {
  if (typeof summary !== 'string' || summary.length === 0 || summary.length > 255) return ['summary: 1..255 characters'];
  return /[\r\n]/.test(summary) ? ['summary: Field \'summary\' cannot contain new lines'] : [];
}

/** Jira Cloud's answers: 201 `{ id, key, self }` on create, 204 on edit and transition, 201 on comment, 400 `{ errors }` otherwise. */
function jiraStandIn() {
  const issues = new Map<string, Json>();
  return (request: ReceivedRequest): { status: number; body: string } => {
    if (request.headers.authorization !== `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`) return { status: 401, body: 'Client must be authenticated to access this resource.' };
    if (request.headers['content-type'] !== 'application/json') return { status: 415, body: '' };
    const body = JSON.parse(request.rawBody);
    const invalid = (errors: string[]) => ({ status: 400, body: JSON.stringify({ errorMessages: [], errors }) });
    if (request.method === 'POST' && request.path === '/rest/api/3/issue') {
      const fields = body.fields ?? {};
      const problems = [...summaryProblems(fields.summary), ...adfProblems(fields.description, 'description')];
      if (fields.project?.key !== 'SOC') problems.push('project: valid project is required');
      if (!fields.issuetype?.name && !fields.issuetype?.id) problems.push('issuetype: Specify an issue type');
      if ((fields.labels ?? []).some((label: string) => /\s/.test(label))) problems.push('labels: a label cannot contain spaces');
      if (problems.length) return invalid(problems);
      const key = `SOC-${issues.size + 1}`;
      issues.set(key, fields);
      return { status: 201, body: JSON.stringify({ id: String(10000 + issues.size), key, self: `https://example.atlassian.net/rest/api/3/issue/${key}` }) };
    }
    const match = /^\/rest\/api\/3\/issue\/([A-Z]+-\d+)(\/comment|\/transitions)?$/.exec(request.path);
    if (!match || !issues.has(match[1])) return { status: 404, body: JSON.stringify({ errorMessages: ['Issue does not exist or you do not have permission to see it.'] }) };
    if (request.method === 'PUT' && !match[2]) {
      const problems = [...summaryProblems(body.fields.summary), ...adfProblems(body.fields.description, 'description')];
      return problems.length ? invalid(problems) : { status: 204, body: '' };
    }
    if (request.method === 'POST' && match[2] === '/comment') {
      const problems = adfProblems(body.body, 'comment');
      return problems.length ? invalid(problems) : { status: 201, body: JSON.stringify({ id: '10100' }) };
    }
    if (request.method === 'POST' && match[2] === '/transitions') {
      if (body.transition?.id !== RESOLVE_TRANSITION) return invalid(['Transition id is not valid for this issue.']);
      const problems = (body.update?.comment ?? []).flatMap((entry: Json) => adfProblems(entry.add?.body, 'transition comment'));
      return problems.length ? invalid(problems) : { status: 204, body: '' };
    }
    return { status: 405, body: '' };
  };
}

describe('Jira Cloud REST v3 request', () => {
  let receiver: LoopbackReceiver;
  const target = (): JiraTarget => ({ siteUrl: `${receiver.baseUrl}/`, email, apiToken, projectKey: 'SOC', resolveTransitionId: RESOLVE_TRANSITION });
  beforeAll(async () => (receiver = await LoopbackReceiver.start(jiraStandIn())));
  afterAll(() => receiver.close());

  it('creates the issue once, then updates, comments and resolves the stored key', async () => {
    const created = await sendChannelRequest(jiraRequest(message('opened'), target(), undefined));
    expect(created.status).toBe(201);
    const ticket = parseJiraCreateResponse(created.status, created.body);
    expect(ticket).toBe('SOC-1');
    const fields = JSON.parse(receiver.received.at(-1)!.rawBody).fields;
    expect(fields).toMatchObject({ summary: 'P1 Brute force then successful login on web-1', issuetype: { name: 'Task' }, labels: ['quell', 'quell-P1', 'quell-tenant-acme', 'quell-incident-0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b'] });
    const text = JSON.stringify(fields.description);
    for (const part of ['by Florian Roth (Nextron Systems)', 'critical service payments', 'host web-1', 'started 4 min after CHG0012345']) expect(text).toContain(part);
    expect(fields.description.content.at(-1).content.at(-1)).toEqual({
      type: 'text', text: 'https://quell.example.com/console/#/incidents/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      marks: [{ type: 'link', attrs: { href: 'https://quell.example.com/console/#/incidents/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } }],
    });

    // A replayed "opened" with the ticket stored is an update, never a second issue.
    for (const transition of ['opened', 'priority_raised', 'acknowledged', 'resolved'] as const) {
      const response = await sendChannelRequest(jiraRequest(message(transition), target(), ticket));
      expect(response.status).toBeLessThan(300);
    }
    expect(receiver.received.slice(-5).map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /rest/api/3/issue', 'PUT /rest/api/3/issue/SOC-1', 'PUT /rest/api/3/issue/SOC-1', 'POST /rest/api/3/issue/SOC-1/comment', 'POST /rest/api/3/issue/SOC-1/transitions',
    ]);
  });

  it('keeps the summary to one line of at most 255 characters', async () => {
    const response = await sendChannelRequest(jiraRequest(message('opened', { title: `two\nlines ${'x'.repeat(400)}` }), target(), undefined));
    expect(response.status).toBe(201);
  });

  it('refuses a create answer without a key, and a target missing its settings, naming them', () => {
    expect(() => parseJiraCreateResponse(400, '{"errors":{"summary":"required"}}')).toThrow(/HTTP 400/);
    expect(() => parseJiraCreateResponse(201, 'not json')).toThrow(/did not create an issue/);
    expect(() => jiraRequest(message(), { ...target(), apiToken: '', resolveTransitionId: ' ' }, undefined)).toThrow('the Jira channel needs apiToken, resolveTransitionId');
  });
});

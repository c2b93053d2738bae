import { emptyEventParts, type Alert, type Incident } from '@quell/contracts';
import { eventToRow } from '@quell/platform-event-history';
import { serviceOpenApiDocument } from '@quell/platform-service-kit';
import { validateOpenApi, waitFor } from '@quell/platform-testing';
import { IncidentManagerModule } from '../incident-manager.service';
import { IncidentApiHarness, incident, KEYS, T0 } from './test/incident-api-harness';

type Problem = { status: number; type: string; detail: string; currentVersion?: number; errors?: { path: string; message: string }[] };
type Detail = { incident: Incident; alerts: Alert[]; sampleEvents: unknown[]; unavailable: string[] };

function alertFor(id: string): Alert {
  return {
    id, tenant: 'acme', rule: { id: 'ssh-brute', title: 'SSH brute force', version: '1', level: 'high', author: 'Quell', tags: [] }, kind: 'detection',
    entities: [{ type: 'host', value: 'web-1' }], fingerprint: id, firstSeen: T0, lastSeen: T0, eventCount: 3, sampleEventIds: [], tactics: [], techniques: ['T1110'],
    killChainPhase: null, explanation: null, details: {}, suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
  };
}

describe('the incidents API (in-process bus, embedded engine)', () => {
  const api = new IncidentApiHarness();
  let n = 0;
  const fresh = async (overrides: Partial<Incident> = {}) => {
    const value = incident(`inc-${++n}`, overrides);
    await api.seed(value);
    return value;
  };

  // Three streams per tenant: the cap's test reaches it without opening fifty.
  beforeAll(() => api.start({ INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT: '3' }), 60_000);
  afterAll(() => api.stop());

  it('refuses a request without a known key (401) and a read key acting (403)', async () => {
    const { id } = await fresh();
    expect((await api.request('GET', '/v1/incidents', 'no-such-key')).status).toBe(401);
    expect((await fetch(`${api.url}/v1/incidents/${id}`)).status).toBe(401);
    expect((await api.request('POST', `/v1/incidents/${id}/acknowledge`, KEYS.read, {})).status).toBe(403);
  });

  it('reads one incident with its alerts, their sample events and ETag; another tenant’s key gets a 404', async () => {
    const event = { ...emptyEventParts(), id: 'ev-1', tenant: 'acme', time: T0, ingestTime: T0, source: { type: 'syslog', name: 'sshd' }, className: 'authentication', classUid: 3002, outcome: 'failure' };
    await api.infra.eventHistory!.insertBatch([eventToRow(event)], 'ev-1');
    await api.seedAlerts({ ...alertFor('al-1'), sampleEventIds: ['ev-1', 'ev-unknown'] });
    const { id } = await fresh({ alertIds: ['al-1'], alertCount: 1 });
    const read = await api.request('GET', `/v1/incidents/${id}`, KEYS.read);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    const detail = (await read.json()) as Detail;
    expect(detail.incident).toMatchObject({ id, status: 'open', version: 1 });
    expect(detail.alerts.map((a) => a.id)).toEqual(['al-1']);
    expect(detail.sampleEvents).toEqual([expect.objectContaining({ id: 'ev-1', className: 'authentication', outcome: 'failure' })]);
    expect(detail.unavailable).toEqual([]);
    expect((await api.request('GET', `/v1/incidents/${id}`, KEYS.otherTenant)).status).toBe(404);
    expect((await api.request('POST', `/v1/incidents/${id}/acknowledge`, KEYS.otherTenant, {})).status).toBe(404);
  });

  it('acknowledges as the key’s name, answering the new version and its ETag; again is no new version', async () => {
    const { id } = await fresh();
    const ack = await api.request('POST', `/v1/incidents/${id}/acknowledge`, KEYS.write, { comment: 'on it' }, { 'if-match': '"1"' });
    expect(ack.status).toBe(200);
    expect(ack.headers.get('etag')).toBe('"2"');
    const acked = (await ack.json()) as Incident;
    expect(acked).toMatchObject({ status: 'acknowledged', version: 2 });
    expect(acked.timeline.at(-1)).toMatchObject({ actor: 'ann', action: 'acknowledged', detail: 'on it' });
    const again = await api.request('POST', `/v1/incidents/${id}/acknowledge`, KEYS.write, {});
    expect(((await again.json()) as Incident).version).toBe(2);
  });

  it('answers a stale If-Match or expectedVersion with 409 and the current version', async () => {
    const { id } = await fresh();
    await api.request('POST', `/v1/incidents/${id}/comment`, KEYS.write, { text: 'first' });
    for (const [body, headers] of [[{ text: 'late' }, { 'if-match': '"1"' }], [{ text: 'late', expectedVersion: 1 }, {}]] as const) {
      const stale = await api.request('POST', `/v1/incidents/${id}/comment`, KEYS.write, body, headers);
      expect(stale.status).toBe(409);
      expect(stale.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect((await stale.json()) as Problem).toMatchObject({ type: 'urn:quell:problem:stale-version', currentVersion: 2, detail: expect.stringMatching(/current version is 2/) });
    }
    expect((await api.request('POST', `/v1/incidents/${id}/comment`, KEYS.write, { text: 'x' }, { 'if-match': 'W/"2"' })).status).toBe(400);
    expect((await api.request('POST', `/v1/incidents/${id}/comment`, KEYS.write, { text: 'x', expectedVersion: 3 }, { 'if-match': '"2"' })).status).toBe(400);
    expect((await api.request('POST', `/v1/incidents/${id}/comment`, KEYS.write, { text: 'ok' }, { 'if-match': '"2"' })).status).toBe(200);
  });

  it.each([
    ['an unknown resolution code', 'resolve', { resolution: 'fixed' }, 'resolution', /must be one of true_positive, false_positive, benign, duplicate, other/],
    ['a priority outside 1–5', 'priority', { priority: 7, reason: 'vip' }, 'priority', /1 \(page now\) to 5/],
    ['a priority without a reason', 'priority', { priority: 2 }, 'reason', /a reason is required/],
    ['an empty comment', 'comment', { text: ' ' }, 'text', /text is required/],
    ['an assignment without assignee', 'assign', {}, 'assignee', /./],
  ])('refuses %s with a 400 naming the field', async (_name, action, body, path, message) => {
    const { id } = await fresh();
    const response = await api.request('POST', `/v1/incidents/${id}/${action}`, KEYS.write, body);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
  });

  it('walks the lifecycle: assign, priority with a reason, resolve with a code, reopen, close; a refused move is a 409', async () => {
    const { id } = await fresh();
    const post = async (action: string, body: unknown) => api.request('POST', `/v1/incidents/${id}/${action}`, KEYS.write, body);
    expect(((await (await post('assign', { assignee: 'bob' })).json()) as Incident).assignee).toBe('bob');
    expect(((await (await post('priority', { priority: 1, reason: 'payments down' })).json()) as Incident).priority).toBe(1);
    const resolved = (await (await post('resolve', { resolution: 'false_positive', comment: 'backup job' })).json()) as Incident;
    expect(resolved).toMatchObject({ status: 'resolved', resolution: 'false_positive' });
    const conflict = await post('acknowledge', {});
    expect(conflict.status).toBe(409);
    expect((await conflict.json()) as Problem).toMatchObject({ type: 'urn:quell:problem:invalid-transition', detail: `cannot acknowledge incident ${id}: it is resolved` });
    expect(((await (await post('reopen', { reason: 'back' })).json()) as Incident).status).toBe('open');
    const closed = (await (await post('close', {})).json()) as Incident;
    expect(closed).toMatchObject({ status: 'closed', version: 6 });
    expect(closed.timeline.map((e) => e.action)).toEqual(['opened', 'assigned', 'priority_changed', 'resolved', 'reopened', 'closed']);
  });

  it('lists the latest version of the tenant’s incidents from the history, by status, paged', async () => {
    await fresh({ tenant: 'globex', title: 'not acme' });
    const listed = await api.request('GET', '/v1/incidents?limit=2', KEYS.read);
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { items: { id: string }[]; nextCursor: string | null };
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    const bad = await api.request('GET', '/v1/incidents?status=pending&priority=9', KEYS.read);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).errors?.map((e) => e.path).sort()).toEqual(['priority.0', 'status.0']);
    expect((await api.request('GET', '/v1/incidents?cursor=nonsense', KEYS.read)).status).toBe(400);
    const globex = (await (await api.request('GET', '/v1/incidents', KEYS.otherTenant)).json()) as { items: { title: string }[] };
    expect(globex.items.map((i) => i.title)).toEqual(['not acme']);
  });

  it('streams the tenant’s incident changes as server-sent events, and resumes after Last-Event-ID', async () => {
    const { id } = await fresh();
    const other = await fresh({ tenant: 'globex' });
    const stream = await openStream(api, KEYS.read);
    await api.request('POST', `/v1/incidents/${other.id}/comment`, KEYS.otherTenant, { text: 'not for acme' });
    await api.request('POST', `/v1/incidents/${id}/acknowledge`, KEYS.write, {});
    const first = await stream.next('incident');
    expect(first.id).toBe(`${id}@2`);
    expect(JSON.parse(first.data)).toMatchObject({ id, version: 2, status: 'acknowledged', priority: 3, title: `Incident ${id}` });
    stream.close();

    await api.request('POST', `/v1/incidents/${id}/assign`, KEYS.write, { assignee: 'bob' });
    const resumed = await openStream(api, KEYS.read, first.id);
    const missed = await resumed.next('incident');
    expect(missed.id).toBe(`${id}@3`);
    resumed.close();

    const unknown = await openStream(api, KEYS.read, 'gone@9');
    expect((await unknown.next('resync')).event).toBe('resync');
    // INCIDENT_STREAM_HEARTBEAT_MS is 1000 here: the idle stream says it is alive.
    expect((await unknown.next(': heartbeat')).event).toBe(': heartbeat');
    unknown.close();
  });

  it('refuses a tenant’s stream over INCIDENT_STREAM_MAX_CONNECTIONS_PER_TENANT with 429 and Retry-After, and takes one again once a stream closes', async () => {
    const open = [await openStream(api, KEYS.otherTenant), await openStream(api, KEYS.otherTenant), await openStream(api, KEYS.otherTenant)];
    const refused = await api.request('GET', '/v1/incidents/stream', KEYS.otherTenant);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(((await refused.json()) as Problem).detail).toMatch(/tenant globex has 3 incident streams open/);
    // Another tenant's streams are counted apart.
    const acme = await openStream(api, KEYS.read);
    acme.close();
    open.pop()!.close();
    // The server learns of the close from its socket, a moment after the client aborts.
    const again = await waitFor(async () => {
      const response = await api.request('GET', '/v1/incidents/stream', KEYS.otherTenant);
      if (response.status === 200) return response;
      await response.body?.cancel();
      return undefined;
    }, { description: 'a globex stream taken again' });
    expect(again.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await again.body?.cancel();
    open.forEach((stream) => stream.close());
  });
});

describe('the incidents API’s OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and documents every route, filter and If-Match', async () => {
    const document = serviceOpenApiDocument('incident-manager', IncidentManagerModule);
    await expect(validateOpenApi(document)).resolves.toEqual({ valid: true });
    const actions = ['acknowledge', 'assign', 'comment', 'priority', 'resolve', 'reopen', 'close'].map((a) => `/v1/incidents/{id}/${a}`);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/incidents', '/v1/incidents/{id}', '/v1/incidents/stream', ...actions]));
    const list = document.paths['/v1/incidents']['get'] as { parameters: { name: string }[] };
    expect(list.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'priority', 'service', 'entity', 'rule', 'from', 'to', 'q', 'limit', 'cursor']));
    const resolve = document.paths['/v1/incidents/{id}/resolve']['post'] as { parameters: { name: string }[] };
    expect(resolve.parameters.map((p) => p.name)).toContain('If-Match');
  });
});

interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** A minimal SSE reader over fetch: `next(event)` resolves with the next event of that name. */
async function openStream(api: IncidentApiHarness, key: string, lastEventId?: string) {
  const controller = new AbortController();
  const response = await fetch(`${api.url}/v1/incidents/stream`, {
    headers: { authorization: `Bearer ${key}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: SseEvent[] = [];
  async function next(name: string): Promise<SseEvent> {
    for (;;) {
      const at = events.findIndex((e) => e.event === name);
      if (at >= 0) return events.splice(at, 1)[0];
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        // A comment block (a heartbeat) is handed out as an event named after its text, e.g. ': heartbeat'.
        if (block.startsWith(':')) events.push({ event: block, data: '' });
        const fields = Object.fromEntries(block.split('\n').filter((l) => !l.startsWith(':') && l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
        if (fields['event']) events.push({ event: fields['event'], id: fields['id'], data: fields['data'] ?? '' });
      }
    }
  }
  return { next, close: () => controller.abort() };
}

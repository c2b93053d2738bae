import { waitFor } from '@quell/platform-testing';
import { CalendarHarness, firewallDraft, KEYS } from '../test/calendar-harness';

type Problem = { status: number; detail: string; errors?: { path: string; message: string }[] };
type Saved = { change: { id: string; status: string; version: number; approver: string | null; approvals: { by: string; comment: string | null }[] }; overlaps: { changeIds: string[]; shared: string[] }[] };

describe('the change calendar API (in-process bus)', () => {
  const calendar = new CalendarHarness();

  beforeAll(() => calendar.start(), 60_000);
  afterAll(() => calendar.stop());

  async function create(draft = firewallDraft()): Promise<Saved> {
    const response = await calendar.request('POST', '/v1/changes', KEYS.write, draft);
    expect(response.status).toBe(201);
    return (await response.json()) as Saved;
  }

  it('creates a requested change, answers it with its ETag and Location, and reads it back', async () => {
    const response = await calendar.request('POST', '/v1/changes', KEYS.write, firewallDraft());
    expect(response.status).toBe(201);
    const saved = (await response.json()) as Saved;
    expect(saved.change).toMatchObject({ status: 'requested', version: 1, approver: null });
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.headers.get('location')).toBe(`/v1/changes/${saved.change.id}`);

    const read = await calendar.request('GET', `/v1/changes/${saved.change.id}`, KEYS.read);
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    expect(await read.json()).toMatchObject({ id: saved.change.id, title: 'Firewall maintenance', tenant: 'acme', owner: 'netops' });
  });

  it.each([
    ['end before start', { windows: [{ start: '2026-03-02T03:00:00Z', end: '2026-03-02T01:00:00Z' }] }, 'windows.0', /not after start/],
    ['an unknown time zone', { windows: [{ start: '2026-03-02T01:00:00Z', end: '2026-03-02T02:00:00Z', timeZone: 'Mars/Olympus' }] }, 'windows.0', /unknown time zone/],
    ['an invalid RRULE', { windows: [{ start: '2026-03-02T01:00:00Z', end: '2026-03-02T02:00:00Z', rrule: 'FREQ=SOMETIMES' }] }, 'windows.0', /./],
    ['an empty scope', { scope: { hosts: [] } }, 'scope', /empty scope/],
    ['a window longer than CHANGE_MAX_WINDOW_HOURS', { windows: [{ start: '2026-03-02T00:00:00Z', end: '2026-03-02T13:00:00Z' }] }, 'windows.0', /longer than the maximum of 12 h/],
    ['an unknown field', { bogus: 1 }, 'bogus', /^unknown field$/],
    ['an unknown scope field', { scope: { hosts: ['fw-01'], hostz: ['fw-02'] } }, 'scope.hostz', /^unknown field$/],
    ['an unknown window field', { windows: [{ start: '2026-03-02T01:00:00Z', end: '2026-03-02T02:00:00Z', tz: 'Europe/Berlin' }] }, 'windows.0.tz', /^unknown field$/],
    ['a server-owned field', { version: 7 }, 'version', /set by the server/],
  ])('refuses %s with a 400 naming the field', async (_name, overrides, path, message) => {
    const response = await calendar.request('POST', '/v1/changes', KEYS.write, firewallDraft(overrides));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const body = (await response.json()) as Problem;
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(message) })]));
  });

  it('refuses a new change that claims to be approved, and a read key writing, and no key at all', async () => {
    const approved = await calendar.request('POST', '/v1/changes', KEYS.write, firewallDraft({ status: 'approved' }));
    expect(approved.status).toBe(400);
    expect(((await approved.json()) as Problem).errors).toEqual([{ location: 'body', path: 'status', message: 'is approved; a new change must be requested' }]);
    expect((await calendar.request('POST', '/v1/changes', KEYS.read, firewallDraft())).status).toBe(403);
    expect((await calendar.request('GET', '/v1/changes', 'no-such-key')).status).toBe(401);
  });

  it('keeps tenants apart: another tenant’s change is a 404', async () => {
    const { change } = await create();
    expect((await calendar.request('GET', `/v1/changes/${change.id}`, KEYS.otherTenant)).status).toBe(404);
    expect((await calendar.request('GET', '/v1/changes/no-such-change', KEYS.read)).status).toBe(404);
  });

  it('reports overlapping changes in the create answer', async () => {
    const first = await create(firewallDraft({ scope: { hosts: ['edge-7'] } }));
    const second = await create(firewallDraft({ scope: { hosts: ['edge-*'] } }));
    expect(second.overlaps).toEqual([expect.objectContaining({ changeIds: expect.arrayContaining([first.change.id, second.change.id]), shared: [expect.stringMatching(/^host edge-(7 ~ edge-\*|\* ~ edge-7)$/)] })]);
  });

  it('updates with If-Match: 428 without it, 409 when stale, 200 with the new ETag', async () => {
    const { change } = await create();
    const path = `/v1/changes/${change.id}`;
    const revised = firewallDraft({ title: 'Firewall maintenance, part 2' });
    expect((await calendar.request('PUT', path, KEYS.write, revised)).status).toBe(428);
    const ok = await calendar.request('PUT', path, KEYS.write, revised, { 'if-match': '"1"' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    const stale = await calendar.request('PUT', path, KEYS.write, revised, { 'if-match': '"1"' });
    expect(stale.status).toBe(409);
    const invalid = await calendar.request('PUT', path, KEYS.write, firewallDraft({ scope: {} }), { 'if-match': '"2"' });
    expect(invalid.status).toBe(400);
  });

  it('refuses a PUT of the whole GET answer, naming each server-owned field; its draft fields alone are taken', async () => {
    const { change } = await create();
    const path = `/v1/changes/${change.id}`;
    const read = (await (await calendar.request('GET', path, KEYS.read)).json()) as Record<string, unknown>;
    const whole = await calendar.request('PUT', path, KEYS.write, { ...read, title: 'Firewall maintenance, edited' }, { 'if-match': '"1"' });
    expect(whole.status).toBe(400);
    const problem = (await whole.json()) as Problem;
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['approvals', 'approver', 'id', 'tenant', 'version']);
    expect(problem.errors?.every((e) => /set by the server/.test(e.message))).toBe(true);
    const { title, ticketRef, kind, status, owner, scope, windows } = read;
    const draft = await calendar.request('PUT', path, KEYS.write, { title, ticketRef, kind, status, owner, scope, windows }, { 'if-match': '"1"' });
    expect(draft.status).toBe(200);
    expect(((await draft.json()) as Saved).change.version).toBe(2);
  });

  it('approves with an admin key, recording who, when and the comment; a write key may not approve', async () => {
    const { change } = await create();
    const path = `/v1/changes/${change.id}`;
    expect((await calendar.request('POST', `${path}/approve`, KEYS.write, {})).status).toBe(403);
    const approved = await calendar.request('POST', `${path}/approve`, KEYS.admin, { comment: 'CAB 2 March' });
    expect(approved.status).toBe(200);
    const body = (await approved.json()) as Saved['change'] & { approvals: { by: string; at: number; comment: string }[] };
    expect(body).toMatchObject({ status: 'approved', approver: 'alice', version: 2 });
    expect(body.approvals).toEqual([expect.objectContaining({ by: 'alice', decision: 'approved', comment: 'CAB 2 March', at: expect.any(Number) })]);
    // Every version is kept (mirrored to ClickHouse from the changes topic).
    const versions = await waitFor(async () => {
      const answer = (await (await calendar.request('GET', `${path}/versions`, KEYS.read)).json()) as { versions: { version: number; status: string }[] };
      return answer.versions.length === 2 ? answer.versions : undefined;
    }, { description: 'both versions in the history' });
    expect(versions.map((v) => [v.version, v.status])).toEqual([[1, 'requested'], [2, 'approved']]);
    expect((await calendar.request('GET', '/v1/changes/no-such-change/versions', KEYS.read)).status).toBe(404);
    // Approving twice is a conflict with the change's state.
    expect((await calendar.request('POST', `${path}/approve`, KEYS.admin, {})).status).toBe(409);
  });

  it('refuses a decision with a field it does not know, rather than dropping it', async () => {
    const { change } = await create();
    const response = await calendar.request('POST', `/v1/changes/${change.id}/approve`, KEYS.admin, { coment: 'CAB 2 March' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).detail).toMatch(/Unrecognized key: "coment"/);
    expect(((await (await calendar.request('GET', `/v1/changes/${change.id}`, KEYS.read)).json()) as Saved['change']).status).toBe('requested');
  });

  it('answers a PUT of a cancelled change 409 whatever its status, and says when a left-out status is the default', async () => {
    const { change } = await create();
    const path = `/v1/changes/${change.id}`;
    expect((await calendar.request('POST', `${path}/approve`, KEYS.admin, {})).status).toBe(200);
    const withoutStatus = firewallDraft({ title: 'Firewall maintenance, renamed' }); // it has no status
    const leftOut = await calendar.request('PUT', path, KEYS.write, withoutStatus, { 'if-match': '"2"' });
    expect(leftOut.status).toBe(400);
    expect(((await leftOut.json()) as Problem).errors).toEqual([{ location: 'body', path: 'status', message: "is requested when left out; it must stay approved, the change's status" }]);
    expect((await calendar.request('POST', `${path}/cancel`, KEYS.write)).status).toBe(200);
    const cancelled = await calendar.request('PUT', path, KEYS.write, withoutStatus, { 'if-match': '"3"' });
    expect(cancelled.status).toBe(409);
    expect(((await cancelled.json()) as Problem).detail).toBe('cannot revise a cancelled change');
  });

  it('rejects, and cancels; a cancelled change cannot be approved', async () => {
    const rejected = await create();
    const reject = await calendar.request('POST', `/v1/changes/${rejected.change.id}/reject`, KEYS.admin, { comment: 'no rollback plan' });
    expect(reject.status).toBe(200);
    expect(await reject.json()).toMatchObject({ status: 'rejected', approvals: [expect.objectContaining({ by: 'alice', decision: 'rejected', comment: 'no rollback plan' })] });

    const cancelled = await create();
    const cancel = await calendar.request('POST', `/v1/changes/${cancelled.change.id}/cancel`, KEYS.write);
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toMatchObject({ status: 'cancelled', version: 2 });
    expect((await calendar.request('POST', `/v1/changes/${cancelled.change.id}/approve`, KEYS.admin, {})).status).toBe(409);
    expect((await calendar.request('POST', `/v1/changes/${cancelled.change.id}/cancel`, KEYS.read)).status).toBe(403);
  });

  it('searches by ticket, status, entity and time range, in pages', async () => {
    const ticket = `CHG-${Date.now()}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await create(firewallDraft({ ticketRef: ticket, scope: { hosts: [`sw-${i}`] } }))).change.id);
    const page1 = await calendar.request('GET', `/v1/changes?ticketRef=${ticket}&limit=2`, KEYS.read);
    expect(page1.status).toBe(200);
    const first = (await page1.json()) as { changes: { id: string }[]; nextCursor: string };
    expect(first.changes).toHaveLength(2);
    const page2 = (await (await calendar.request('GET', `/v1/changes?ticketRef=${ticket}&limit=2&cursor=${first.nextCursor}`, KEYS.read)).json()) as { changes: { id: string }[]; nextCursor: string | null };
    expect([...first.changes, ...page2.changes].map((c) => c.id)).toEqual([...ids].sort());
    expect(page2.nextCursor).toBeNull();

    const byHost = (await (await calendar.request('GET', `/v1/changes?ticketRef=${ticket}&host=SW-1&status=requested`, KEYS.read)).json()) as { changes: { id: string }[] };
    expect(byHost.changes.map((c) => c.id)).toEqual([ids[1]]);
    const outside = (await (await calendar.request('GET', `/v1/changes?ticketRef=${ticket}&from=2026-03-03T00:00:00Z&to=2026-03-04T00:00:00Z`, KEYS.read)).json()) as { changes: unknown[] };
    expect(outside.changes).toEqual([]);
    const inside = (await (await calendar.request('GET', `/v1/changes?ticketRef=${ticket}&from=2026-03-02T00:30:00Z&to=2026-03-02T00:31:00Z`, KEYS.read)).json()) as { changes: unknown[] };
    expect(inside.changes).toHaveLength(3);
  });

  it.each([
    ['limit=0', 'limit'],
    ['from=yesterday', 'from'],
    ['from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z', 'to'],
    ['cursor=garbage', 'cursor'],
    ['form=2026-03-01T00:00:00Z', ''],
  ])('refuses the suppressed-alerts query %s with a 400 naming it', async (query, path) => {
    const { change } = await create();
    const response = await calendar.request('GET', `/v1/changes/${change.id}/suppressed-alerts?${query}`, KEYS.read);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.[0]?.path).toBe(path);
    if (!path) expect(problem.detail).toMatch(/form/);
  });

  it('refuses a bad search query with a 400', async () => {
    const response = await calendar.request('GET', '/v1/changes?limit=500', KEYS.read);
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).errors?.[0]).toMatchObject({ path: 'limit' });
    expect((await calendar.request('GET', '/v1/changes?from=2026-03-04T00:00:00Z&to=2026-03-03T00:00:00Z', KEYS.read)).status).toBe(400);
    // A misspelt filter would otherwise list every change.
    const unknown = await calendar.request('GET', '/v1/changes?zz=1&hosts=fw-01', KEYS.read);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Problem).detail).toMatch(/Unrecognized keys: "zz", "hosts"/);
  });

  it.each([
    ['from=yesterday', 'from', /must be epoch ms or ISO 8601/],
    ['to=2026-13-01T00:00:00Z', 'to', /must be epoch ms or ISO 8601/],
    ['cursor=garbage!!', 'cursor', /not a cursor this listing handed out/],
    ['ip=10.0.0.300', 'ip', /must be an IP address/],
  ])('refuses %s in a search, saying what is wrong with it', async (query, path, message) => {
    const response = await calendar.request('GET', `/v1/changes?${query}`, KEYS.read);
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).errors?.[0]).toMatchObject({ path, message: expect.stringMatching(message) });
  });
});

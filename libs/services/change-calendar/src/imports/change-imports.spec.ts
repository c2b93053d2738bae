import { signWebhookPayload } from '@quell/calendar';
import { CalendarHarness, KEYS, WEBHOOK_SECRET } from '../test/calendar-harness';

const HEADER = '"number","short_description","type","state","approval","start_date","end_date","assigned_to","cmdb_ci","sys_updated_on"';
const CSV = [
  HEADER,
  '"CHG0031001","Firewall rule base upgrade on fw-01","Normal","Scheduled","Approved","2026-03-14 01:00:00","2026-03-14 03:00:00","Dana Ortiz","fw-01","2026-03-10 16:20:11"',
  '"CHG0031002","Patch payroll","standard","Authorize","requested","2026-03-15 22:00:00","2026-03-16 02:00:00","Lee Chen","Payroll","2026-03-11 09:00:00"',
  '"CHG0031003","No CI given","Normal","Authorize","requested","2026-03-15 22:00:00","2026-03-16 02:00:00","Lee Chen","","2026-03-11 09:00:00"',
].join('\n');

type Outcome = { dryRun: boolean; counts: Record<string, number>; lines: string[]; written: { changeId: string; ticketRef: string }[]; plan: { errors: { row: number; field: string }[] } };

describe('ITSM imports and the signed webhook (in-process bus)', () => {
  const calendar = new CalendarHarness();

  beforeAll(
    () => calendar.start({ CHANGE_JIRA_FIELD_NAMES: 'customfield_10005=Change start date,customfield_10006=Change completion date,customfield_10007=Change type,customfield_10009=Affected services,customfield_10010=Approvals' }),
    60_000,
  );
  afterAll(() => calendar.stop());

  const importCsv = (query: string, key = KEYS.admin) =>
    calendar.post(`/v1/changes/import?source=servicenow&timeZone=Europe/Berlin${query}`, CSV, { authorization: `Bearer ${key}`, 'content-type': 'text/csv' });

  it('plans a dry run without writing, imports, and a second import changes nothing', async () => {
    const dry = await importCsv('&dryRun=true');
    expect(dry.status).toBe(200);
    const plan = (await dry.json()) as Outcome;
    expect(plan).toMatchObject({ dryRun: true, counts: { create: 2, update: 0, unchanged: 0, errors: 1 }, written: [] });
    expect(plan.plan.errors).toEqual([expect.objectContaining({ row: 3, field: 'cmdb_ci' })]);
    expect(plan.lines.length).toBeGreaterThan(0);
    const none = (await (await calendar.request('GET', '/v1/changes?ticketRef=CHG0031001', KEYS.read)).json()) as { changes: unknown[] };
    expect(none.changes).toEqual([]);

    const real = (await (await importCsv('')).json()) as Outcome;
    expect(real.counts).toMatchObject({ create: 2, errors: 1 });
    expect(real.written.map((w) => w.ticketRef).sort()).toEqual(['CHG0031001', 'CHG0031002']);
    const imported = (await (await calendar.request('GET', '/v1/changes?ticketRef=CHG0031001', KEYS.read)).json()) as { changes: { status: string; approver: string; scope: { hosts: string[] }; windows: { start: number }[] }[] };
    expect(imported.changes).toEqual([expect.objectContaining({ status: 'approved', approver: 'servicenow', scope: expect.objectContaining({ hosts: ['fw-01'] }) })]);
    expect(imported.changes[0].windows[0].start).toBe(Date.parse('2026-03-14T01:00:00+01:00'));

    const again = (await (await importCsv('')).json()) as Outcome;
    expect(again.counts).toMatchObject({ create: 0, update: 0, unchanged: 2 });
  });

  it('refuses a misspelt dry run rather than importing for real', async () => {
    const misspelt = await importCsv('&dryrun=true');
    expect(misspelt.status).toBe(400);
    expect(((await misspelt.json()) as { detail: string }).detail).toMatch(/Unrecognized key: "dryrun"/);
  });

  it('refuses an import without an admin key, without a format, or of an unreadable file', async () => {
    expect((await importCsv('', KEYS.write)).status).toBe(403);
    const noFormat = await calendar.post('/v1/changes/import?source=servicenow', CSV, { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/octet-stream' });
    expect(noFormat.status).toBe(415);
    const unreadable = await calendar.post('/v1/changes/import?source=servicenow&format=json', '{"records": 42}', { authorization: `Bearer ${KEYS.admin}` });
    expect(unreadable.status).toBe(400);
    const badSource = await calendar.post('/v1/changes/import?source=remedy&format=csv', CSV, { authorization: `Bearer ${KEYS.admin}` });
    expect(badSource.status).toBe(400);
  });

  it('takes a signed push that updates an imported change, and refuses an unsigned or forged one', async () => {
    await importCsv('');
    const record = JSON.stringify({ number: 'CHG0031002', short_description: 'Patch payroll', type: 'standard', state: 'Scheduled', approval: 'approved', start_date: '2026-03-15 22:00:00', end_date: '2026-03-16 01:00:00', assigned_to: 'Lee Chen', cmdb_ci: 'Payroll', sys_updated_on: '2026-03-12 10:00:00' });
    const path = '/v1/changes/webhook?tenant=acme&source=servicenow&timeZone=Europe/Berlin';
    const now = Math.floor(Date.now() / 1000);

    expect((await calendar.post(path, record, { 'content-type': 'application/json' })).status).toBe(401);
    const forged = await calendar.post(path, record, { 'quell-signature': signWebhookPayload(record, 'not-the-secret-at-all', now) });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ reason: 'signature-mismatch' });
    const otherTenant = await calendar.post(path.replace('acme', 'globex'), record, { 'quell-signature': signWebhookPayload(record, WEBHOOK_SECRET, now) });
    expect(otherTenant.status).toBe(401);
    const stale = await calendar.post(path, record, { 'quell-signature': signWebhookPayload(record, WEBHOOK_SECRET, now - 3_600) });
    expect(await stale.json()).toMatchObject({ reason: 'timestamp-outside-tolerance' });

    const pushed = await calendar.post(path, record, { 'quell-signature': signWebhookPayload(record, WEBHOOK_SECRET, now) });
    expect(pushed.status).toBe(200);
    expect(((await pushed.json()) as Outcome).counts).toMatchObject({ update: 1 });
    const changed = (await (await calendar.request('GET', '/v1/changes?ticketRef=CHG0031002', KEYS.read)).json()) as { changes: { status: string; windows: { end: number }[] }[] };
    expect(changed.changes[0]).toMatchObject({ status: 'approved' });
    expect(changed.changes[0].windows[0].end).toBe(Date.parse('2026-03-16T01:00:00+01:00'));
    // The same push again changes nothing.
    const replayed = await calendar.post(path, record, { 'quell-signature': signWebhookPayload(record, WEBHOOK_SECRET, now) });
    expect(((await replayed.json()) as Outcome).counts).toMatchObject({ update: 0, unchanged: 1 });
  });

  it('takes a Jira webhook whose custom fields are named by CHANGE_JIRA_FIELD_NAMES', async () => {
    const issue = {
      id: '10042',
      key: 'ITSM-42',
      fields: {
        summary: 'Firewall rule base upgrade on fw-01', issuetype: { name: 'Change' }, status: { name: 'Awaiting implementation' }, assignee: { displayName: 'Dana Ortiz' },
        updated: '2026-03-10T17:20:00.000+0100', customfield_10005: '2026-03-14T01:00:00.000+0100', customfield_10006: '2026-03-14T03:00:00.000+0100',
        customfield_10007: { value: 'Normal' }, customfield_10009: [{ name: 'fw-01' }],
        customfield_10010: [{ finalDecision: 'approved', approvers: [{ approver: { displayName: 'Morgan Blake' }, approverDecision: 'approved' }] }],
      },
    };
    const body = JSON.stringify({ webhookEvent: 'jira:issue_updated', issue });
    const pushed = await calendar.post('/v1/changes/webhook?tenant=acme&source=jira', body, { 'quell-signature': signWebhookPayload(body, WEBHOOK_SECRET, Math.floor(Date.now() / 1000)) });
    expect(pushed.status).toBe(200);
    expect(((await pushed.json()) as Outcome).counts).toMatchObject({ create: 1, errors: 0 });
    const found = (await (await calendar.request('GET', '/v1/changes?ticketRef=ITSM-42', KEYS.read)).json()) as { changes: unknown[] };
    expect(found.changes).toEqual([expect.objectContaining({ status: 'approved', approver: 'Morgan Blake', scope: expect.objectContaining({ hosts: ['fw-01'] }) })]);
  });
});

// Issue 15: an analyst works incidents all day, across restarts of the all-in-one. Its incident state
// (and dedup windows, notification marks, pending deliveries) lives in the data directory's state file,
// so after a restart on the same directory an incident from before answers its actions with the next
// version, an alert sharing its entities joins it instead of opening another, and a failed
// notification is retried, once.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Alert, Incident } from '@quell/contracts';
import type { IncidentPage } from '@quell/platform-incident-history';
import { freePort, waitFor } from '@quell/platform-testing';
import { killAllInOnes, startAllInOne, stopAllInOne, untilReady } from './test/all-in-one-child';

const auth = { Authorization: 'Bearer quell-demo-key', 'Content-Type': 'application/json' };
const ATTACKER = '198.51.100.77';

/** A failed logon (the sample failed-logon rule alerts on each) from the attacker on `host`, now. */
function failedLogon(host: string, user: string): object {
  return { '@timestamp': new Date().toISOString(), event: { category: 'authentication', outcome: 'failure' }, host: { name: host }, source: { ip: ATTACKER }, user: { name: user } };
}

const until = <T>(description: string, probe: () => Promise<T | undefined>): Promise<T> => waitFor(probe, { description, timeoutMs: 60_000, intervalMs: 250 });

describe('the all-in-one restarted on the same data directory', () => {
  jest.setTimeout(180_000);
  // The webhook refuses (503) until the restart: its retry, a timer due 15 s later, outlives the first run.
  const webhook = { status: 503, calls: [] as string[] };
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk)).on('end', () => {
      webhook.calls.push(body);
      res.writeHead(webhook.status).end();
    });
  });
  beforeAll(() => new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done)));
  afterAll(() => {
    killAllInOnes();
    return new Promise((done) => receiver.close(done));
  });

  it('acts on an incident from before the restart, with versions going on, groups new alerts into it, and sends a pending retry once', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'quell-aio-restart-')), 'clickhouse');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const env = { PORT: String(port), CLICKHOUSE_DATA_DIR: dataDir, QUELL_DEMO: '0', NOTIFY_WEBHOOK_URL: webhookUrl, NOTIFY_RETRY_DELAYS_MS: '15000', NOTIFY_RETRY_JITTER: '0' };
    const post = (path: string, body: object, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { method: 'POST', headers: { ...auth, ...headers }, body: JSON.stringify(body) });
    const attackerIncidents = async () => ((await (await fetch(`${url}/v1/incidents?entity=${ATTACKER}`, { headers: auth })).json()) as IncidentPage).items;
    const detail = async (id: string) => {
      const response = await fetch(`${url}/v1/incidents/${id}`, { headers: auth });
      return { etag: response.headers.get('etag'), ...((await response.json()) as { incident: Incident; alerts: Alert[] }) };
    };
    const current = async (id: string) => {
      const { etag, incident } = await detail(id);
      return { etag, incident };
    };

    const first = startAllInOne(env);
    await untilReady(url, first);
    const firstLogon = failedLogon('web-7', 'root');
    expect((await post('/v1/events', firstLogon)).status).toBe(202);
    const opened = await until('the incident', async () => (await attackerIncidents()).find((incident) => incident.alertCount === 1));
    const assigned = await post(`/v1/incidents/${opened.id}/assign`, { assignee: 'alice' }, { 'If-Match': `"${opened.version}"` });
    expect(assigned.status).toBe(200);
    const before = (await assigned.json()) as Incident;
    // The list reads the history, written a moment after each version is published.
    await until('the assigned version in the history', async () => ((await attackerIncidents())[0]?.version === before.version ? true : undefined));
    await until('the refused notification', async () => (webhook.calls.length > 0 ? true : undefined));
    expect(await stopAllInOne(first)).toBe(0);
    expect(webhook.calls).toHaveLength(1);
    webhook.status = 200;

    const second = startAllInOne(env);
    await untilReady(url, second);
    expect(await current(opened.id)).toEqual({ etag: `"${before.version}"`, incident: expect.objectContaining({ id: opened.id, assignee: 'alice', version: before.version }) });

    const acknowledged = await post(`/v1/incidents/${opened.id}/acknowledge`, { comment: 'looking' }, { 'If-Match': `"${before.version}"` });
    expect(acknowledged.status).toBe(200);
    expect(await acknowledged.json()).toMatchObject({ status: 'acknowledged', version: before.version + 1 });
    const commented = await post(`/v1/incidents/${opened.id}/comment`, { text: 'blocked 198.51.100.77 at the edge', expectedVersion: before.version + 1 });
    expect(commented.status).toBe(200);
    const afterComment = (await commented.json()) as Incident;
    expect(afterComment.version).toBe(before.version + 2);
    const timeline = (await current(opened.id)).incident.timeline;
    expect(timeline.filter((entry) => ['assigned', 'acknowledged', 'commented'].includes(entry.action))).toEqual([
      expect.objectContaining({ action: 'assigned', detail: expect.stringContaining('alice') }),
      expect.objectContaining({ action: 'acknowledged', detail: expect.stringContaining('looking') }),
      expect.objectContaining({ action: 'commented', detail: 'blocked 198.51.100.77 at the edge' }),
    ]);
    // The version read before the restart is stale now, as it would be without one.
    expect((await post(`/v1/incidents/${opened.id}/assign`, { assignee: 'bob' }, { 'If-Match': `"${before.version}"` })).status).toBe(409);

    // The first logon again: its dedup window outlived the restart, so it counts as a repeat of the first alert.
    expect((await post('/v1/events', firstLogon)).status).toBe(202);
    // Another host attacked from the same address: its alert joins the open incident.
    expect((await post('/v1/events', failedLogon('web-9', 'admin'))).status).toBe(202);
    const joined = await until('the second alert in the incident', async () => {
      const { incident } = await current(opened.id);
      return incident.alertCount === 2 ? incident : undefined;
    });
    expect(joined).toMatchObject({ status: 'acknowledged', assignee: 'alice' });
    expect(joined.version).toBeGreaterThan(afterComment.version);
    expect(joined.entities).toEqual(expect.arrayContaining([{ type: 'host', value: 'web-7' }, { type: 'host', value: 'web-9' }]));
    const repeated = await until('the repeat folded into the first alert', async () => {
      const { alerts } = await detail(opened.id);
      return alerts.find((alert) => alert.entities.some((entity) => entity.value === 'web-7') && alert.dedup?.count === 2);
    });
    expect((await detail(opened.id)).alerts.map((alert) => alert.id).sort()).toEqual([...joined.alertIds].sort());
    expect(joined.alertIds).toContain(repeated.id);
    await until('the joined version in the history', async () => ((await attackerIncidents())[0]?.version === joined.version ? true : undefined));
    expect((await attackerIncidents()).map((incident) => incident.id)).toEqual([opened.id]);
    // The retry scheduled before the restart is sent after it, and the opening is not announced a third time.
    await until('the retried notification', async () => (webhook.calls.length > 1 ? true : undefined));
    expect(webhook.calls.map((body) => body.includes(opened.id))).toEqual([true, true]);
    expect(await stopAllInOne(second)).toBe(0);
    expect(webhook.calls).toHaveLength(2);
  });
});

import type { Alert } from '@quell/contracts';
import { waitFor } from '@quell/platform-testing';
import { runCli } from '../../cli';
import { IncidentManagerServer, KEYS } from './test/incident-manager-server';

/**
 * `quell incidents` against the real incident-manager started in this process (in-process bus,
 * embedded ClickHouse), fed with alerts, as a user runs it: flags, the key from the environment.
 */
const server = new IncidentManagerServer();

async function quell(args: string[], key = KEYS.write) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), read: async () => '', now: () => Date.now(), env: { QUELL_URL: server.url, QUELL_API_KEY: key } };
  const code = await runCli(['incidents', ...args], io);
  return { code, out, err, json: () => JSON.parse(out.join('\n')) as Record<string, any> };
}

const AT = Date.UTC(2026, 11, 1, 3, 0);

function alertOn(host: string, id: string, title: string): Alert {
  return {
    id, tenant: 'acme', rule: { id: `rule-${id}`, title, version: '1', level: 'high', author: 'Quell', tags: [] }, kind: 'detection',
    entities: [{ type: 'host', value: host }], fingerprint: `fp-${id}`, firstSeen: AT, lastSeen: AT, eventCount: 1, sampleEventIds: [], tactics: [], techniques: [],
    killChainPhase: null, explanation: null, details: {}, suppression: { state: 'none', changeId: null, reason: null }, dedup: null,
  };
}

describe('quell incidents (against the incident-manager API)', () => {
  let id = '';

  beforeAll(async () => {
    await server.start();
    await server.publish(alertOn('web-1', 'cli-a1', 'SSH brute force'), alertOn('db-7', 'cli-a2', 'LSASS dump'));
    const listed = await waitFor(async () => {
      const run = await quell(['list', '--json'], KEYS.read);
      return run.json().items.length === 2 ? run.json().items : undefined;
    }, { description: 'both incidents listed', timeoutMs: 30_000 });
    id = listed.find((i: { title: string }) => i.title === 'LSASS dump').id as string;
  }, 120_000);
  afterAll(() => server.stop());

  it('lists incidents as a table, and filters them', async () => {
    const run = await quell(['list'], KEYS.read);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^ID\s+P\s+STATUS\s+SEVERITY\s+ALERTS\s+ASSIGNEE\s+LAST SEEN\s+TITLE$/);
    expect(run.out).toHaveLength(3);
    const filtered = await quell(['list', '--entity', 'host:db-7', '--json'], KEYS.read);
    expect(filtered.json().items.map((i: { title: string }) => i.title)).toEqual(['LSASS dump']);
    // The priority as the table prints it (P1…P5) filters as the number does.
    const byPriority = await quell(['list', '--priority', 'P1,P2,P3,P4,P5', '--json'], KEYS.read);
    expect(byPriority.code).toBe(0);
    expect(byPriority.json().items).toHaveLength(2);
  });

  it('acknowledges, assigns, comments and resolves, the key’s name as actor; show prints the timeline', async () => {
    expect((await quell(['ack', id, '--comment', 'looking'])).out[0]).toMatch(new RegExp(`^${id} acknowledged, P\\d, assignee - \\(version \\d+\\); last: acknowledged by ann$`));
    expect((await quell(['assign', id, 'bob'])).out[0]).toMatch(/assignee bob/);
    expect((await quell(['comment', id, 'dumped', 'from', 'svc account'])).code).toBe(0);
    const resolved = await quell(['resolve', id, '--resolution', 'true_positive', '--comment', 'contained', '--json']);
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolution: 'true_positive', assignee: 'bob' });
    const shown = await quell(['show', id], KEYS.read);
    expect(shown.out[0]).toBe(`${id}  LSASS dump`);
    expect(shown.out.join('\n')).toMatch(/status\s+resolved \(true_positive\)/);
    expect(shown.out.filter((l) => /\sann\s/.test(l)).map((l) => l.trim().split(/\s+/)[2])).toEqual(['acknowledged', 'assigned', 'commented', 'resolved']);
    expect(shown.out.join('\n')).toContain('commented  dumped from svc account');
  });

  it('refuses a stale --version (exit 2, the reason on one line), a bad resolution and a read key acting', async () => {
    const stale = await quell(['comment', id, 'late', '--version', '1']);
    expect(stale.code).toBe(2);
    expect(stale.err).toEqual([expect.stringMatching(new RegExp(`^quell: POST /v1/incidents/${id}/comment: 409 the incident changed meanwhile: its current version is \\d+`))]);
    const bad = await quell(['resolve', id, '--resolution', 'fixed']);
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toBe('quell: --resolution must be one of true_positive, false_positive, benign, duplicate, other');
    expect((await quell(['ack', id], KEYS.read)).code).toBe(2);
  });

  it('says where the server is not, and what usage is wrong', async () => {
    const run = await runCli(['incidents', 'list', '--url', 'http://127.0.0.1:9'], { out: () => undefined, err: () => undefined, read: async () => '', now: Date.now, env: { QUELL_API_KEY: KEYS.read } });
    expect(run).toBe(1);
    expect((await quell(['assign', id])).err[0]).toBe('quell: assign needs an incident id and an assignee (or --unassign)');
    expect((await quell(['frobnicate'])).code).toBe(1);
  });
});

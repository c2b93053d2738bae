import type { Incident } from '@quell/contracts';
import { requireRedisUrl } from '@quell/platform-testing';
import { IncidentApiHarness, incident, KEYS, T0 } from './test/incident-api-harness';

type Page = { items: { id: string; version: number; status: string; lastSeen: number }[]; nextCursor: string | null };
const HOUR = 3_600_000;

/**
 * GET /v1/incidents over the real Redis (the incidents) and the embedded ClickHouse engine (the
 * incident history it lists from), with incidents seeded as the alert fold and the history writer store them.
 */
describe('listing incidents (Redis state, embedded ClickHouse history)', () => {
  // Throws (failing this file with instructions) when REDIS_URL is unset: never a silent skip.
  const api = new IncidentApiHarness();
  const seeded: Incident[] = [
    incident('a', { title: 'SSH brute force on web-1', priority: 2, status: 'open', entities: [{ type: 'host', value: 'web-1' }, { type: 'ip', value: '203.0.113.9' }], ruleIds: ['ssh-brute'], lastSeen: T0 + 1 * HOUR }),
    incident('b', { title: 'LSASS dump', priority: 1, status: 'acknowledged', assignee: 'bob', services: ['payments'], entities: [{ type: 'host', value: 'db-1' }], ruleIds: ['lsass'], lastSeen: T0 + 2 * HOUR }),
    incident('c', { title: 'Firewall change at night', priority: 2, status: 'open', entities: [{ type: 'host', value: 'fw-01' }], ruleIds: ['unapproved-change'], lastSeen: T0 + 3 * HOUR }),
    incident('d', { title: 'Noisy check', priority: 5, status: 'closed', entities: [{ type: 'user', value: 'web-1' }], ruleIds: ['flap'], lastSeen: T0 + 4 * HOUR }),
    incident('e', { title: 'Admin login', priority: 4, status: 'resolved', resolution: 'benign', entities: [{ type: 'user', value: 'root' }], ruleIds: ['ssh-brute'], firstSeen: T0 + 24 * HOUR, lastSeen: T0 + 25 * HOUR }),
    incident('f', { title: 'Port scan', priority: 3, status: 'open', services: ['payments'], entities: [{ type: 'ip', value: '198.51.100.7' }], ruleIds: ['scan'], lastSeen: T0 + 5 * HOUR }),
    incident('g', { title: 'Other tenant', tenant: 'globex', priority: 1, ruleIds: ['ssh-brute'], lastSeen: T0 + 6 * HOUR }),
  ];

  beforeAll(async () => {
    await api.start({ REDIS_URL: requireRedisUrl() });
    await api.seed(...seeded);
    // g's later version is resolved; a version recorded twice counts once.
    const later = { ...seeded[6], tenant: 'acme', id: 'h', title: 'Was open', status: 'open', priority: 3, entities: [{ type: 'host', value: 'mail-1' }], lastSeen: T0 + 7 * HOUR };
    await api.seed(later);
    await api.history().recordIncidents([{ ...later, status: 'resolved', resolution: 'false_positive', version: 2 }], T0);
    await api.history().recordIncidents([{ ...later, status: 'resolved', resolution: 'false_positive', version: 2 }], T0);
  }, 60_000);
  afterAll(() => api.stop());

  async function ids(query: string): Promise<string[]> {
    const response = await api.request('GET', `/v1/incidents${query}`, KEYS.read);
    expect(response.status).toBe(200);
    return ((await response.json()) as Page).items.map((item) => item.id);
  }

  it('lists the latest version of each of the tenant’s incidents, most recently active first', async () => {
    const response = await api.request('GET', '/v1/incidents', KEYS.read);
    const page = (await response.json()) as Page;
    expect(page.items.map((i) => i.id)).toEqual(['e', 'h', 'f', 'd', 'c', 'b', 'a']);
    expect(page.items.find((i) => i.id === 'h')).toMatchObject({ status: 'resolved', version: 2 });
    expect(page.nextCursor).toBeNull();
  });

  it.each([
    ['status (a list)', '?status=open,acknowledged', ['f', 'c', 'b', 'a']],
    ['status judged on the latest version', '?status=open', ['f', 'c', 'a']],
    ['priority', '?priority=1&priority=2', ['c', 'b', 'a']],
    ['service', '?service=payments', ['f', 'b']],
    ['a typed entity', '?entity=host:web-1', ['a']],
    ['a bare entity value, any type', '?entity=web-1', ['d', 'a']],
    ['an IP entity', '?entity=ip:203.0.113.9', ['a']],
    ['rule', '?rule=ssh-brute', ['e', 'h', 'a']],
    ['assignee', '?assignee=bob', ['b']],
    ['time range (active in it)', `?from=${T0 + 2.5 * HOUR}&to=${T0 + 20 * HOUR}`, ['h', 'f', 'd', 'c']],
    ['time range in ISO 8601', `?from=${new Date(T0 + 24 * HOUR).toISOString()}`, ['e']],
    ['free text, any case', '?q=FIREWALL', ['c']],
    ['filters combined', '?status=open&rule=ssh-brute', ['a']],
  ])('filters by %s', async (_name, query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it('pages by cursor without repeating or skipping an incident', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await api.request('GET', `/v1/incidents?limit=3${cursor ? `&cursor=${cursor}` : ''}`, KEYS.read);
      const page = (await response.json()) as Page;
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['e', 'h', 'f', 'd', 'c', 'b', 'a']);
  });

  it('keeps the other tenant’s incidents out', async () => {
    const response = await api.request('GET', '/v1/incidents?rule=ssh-brute', KEYS.otherTenant);
    expect(((await response.json()) as Page).items.map((i) => i.id)).toEqual(['g']);
  });

  it('lets one of two writers racing on the same version win; the other gets 409 with the current version', async () => {
    const [first, second] = await Promise.all(
      ['first', 'second'].map((text) => api.request('POST', '/v1/incidents/a/comment', KEYS.write, { text }, { 'if-match': '"1"' })),
    );
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(await loser.json()).toMatchObject({ currentVersion: 2 });
    const { incident: stored } = (await (await api.request('GET', '/v1/incidents/a', KEYS.read)).json()) as { incident: Incident };
    expect(stored.timeline.filter((e) => e.action === 'commented')).toHaveLength(1);
  });
});

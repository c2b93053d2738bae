import type { Entity, Incident } from '@quell/contracts';
import { IncidentApiHarness, incident, KEYS, T0 } from '../api/test/incident-api-harness';
import type { SimilarIncidentsAnswer } from './similar-incidents';

const MINUTE = 60_000;
const host = (value: string): Entity => ({ type: 'host', value });
const ip = (value: string): Entity => ({ type: 'ip', value });

/** An incident version as the history stores it (Incident v3: its own rules and techniques). */
function past(id: string, ruleIds: string[], techniques: string[], entities: Entity[], overrides: Partial<Incident> = {}): Incident {
  return incident(id, { ruleIds, techniques, entities, status: 'resolved', version: 3, ...overrides });
}

const resolvedAfter = (minutes: number, resolution: string): Partial<Incident> => ({ resolution, resolvedAt: T0 + minutes * MINUTE });

describe('GET /v1/incidents/{id}/similar (in-process bus, embedded engine)', () => {
  const api = new IncidentApiHarness();

  beforeAll(async () => {
    await api.start();
    await api.history().recordIncidents(
      [
        // The new incident: a brute force then a logon from 203.0.113.5 on web-1.
        incident('new-1', { ruleIds: ['brute', 'logon-after-brute'], techniques: ['T1078', 'T1110.001'], entities: [host('web-1'), ip('203.0.113.5')] }),
        // Same source address on another host, a false positive (the pentest) after two hours.
        past('pentest', ['brute'], ['T1110.001'], [host('web-9'), ip('203.0.113.5')], { title: 'Pentest brute force', ...resolvedAfter(120, 'false_positive') }),
        // Same rule pair on the same host: the closest, closed as a true positive after 30 minutes.
        past('reset', ['brute', 'logon-after-brute'], ['T1110.001'], [host('web-1')], { status: 'closed', ...resolvedAfter(30, 'true_positive') }),
        // Unrelated; still open; merged away; another tenant's twin: none of them is answered.
        past('lsass', ['lsass-dump'], ['T1003.001'], [host('db-1')], resolvedAfter(10, 'true_positive')),
        incident('open-1', { ruleIds: ['brute'], techniques: ['T1110.001'], entities: [host('web-1')] }),
        past('merged', ['brute'], ['T1110.001'], [host('web-1')], { status: 'closed', mergedInto: 'reset' }),
        past('globex-twin', ['brute', 'logon-after-brute'], ['T1078', 'T1110.001'], [host('web-1')], { tenant: 'globex', ...resolvedAfter(5, 'benign') }),
      ],
      T0,
    );
  }, 60_000);
  afterAll(() => api.stop());

  it('ranks the tenant’s resolved incidents by shared rules, techniques and entities, each score explained', async () => {
    const response = await api.request('GET', '/v1/incidents/new-1/similar', KEYS.read);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as SimilarIncidentsAnswer;
    expect(answer.compared).toEqual({ ruleIds: ['brute', 'logon-after-brute'], techniques: ['T1078', 'T1110.001'], entities: ['host:web-1', 'ip:203.0.113.5'] });
    expect(answer.method.weights).toEqual({ rules: 0.5, techniques: 0.3, entities: 0.2 });
    expect(answer.similar.map((s) => [s.id, s.score])).toEqual([
      // reset: rules 2/2, techniques 1/2, entities 1/2 → 0.5 + 0.15 + 0.1.
      ['reset', 0.75],
      // pentest: rules 1/2, techniques 1/2, entities 1/3 → 0.25 + 0.15 + 0.0667.
      ['pentest', 0.4667],
    ]);
    const [reset, pentest] = answer.similar;
    expect(reset).toMatchObject({ status: 'closed', resolution: 'true_positive', timeToResolveMs: 30 * MINUTE, resolvedAt: new Date(T0 + 30 * MINUTE).toISOString() });
    expect(reset.explanation.rules).toEqual({ shared: ['brute', 'logon-after-brute'], jaccard: 1, weight: 0.5, contribution: 0.5 });
    expect(pentest.explanation.entities).toEqual({ shared: ['ip:203.0.113.5'], jaccard: 0.3333, weight: 0.2, contribution: 0.0667 });
    expect(pentest.summary).toBe('shares rule brute, technique T1110.001 and entity ip:203.0.113.5; resolved as false_positive after 2 h');
  });

  it('answers at most `limit`, and refuses a bad limit or an unknown parameter (400)', async () => {
    const one = (await (await api.request('GET', '/v1/incidents/new-1/similar?limit=1', KEYS.read)).json()) as SimilarIncidentsAnswer;
    expect(one.similar.map((s) => s.id)).toEqual(['reset']);
    for (const query of ['limit=0', 'limit=21', 'limit=two', 'top=3']) {
      const refused = await api.request('GET', `/v1/incidents/new-1/similar?${query}`, KEYS.read);
      expect([query, refused.status, refused.headers.get('content-type')]).toEqual([query, 400, expect.stringContaining('application/problem+json')]);
    }
  });

  it('needs a key (401) and keeps tenants apart: another tenant’s incident is a 404', async () => {
    expect((await fetch(`${api.url}/v1/incidents/new-1/similar`)).status).toBe(401);
    expect((await api.request('GET', '/v1/incidents/new-1/similar', KEYS.otherTenant)).status).toBe(404);
    expect((await api.request('GET', '/v1/incidents/no-such/similar', KEYS.read)).status).toBe(404);
  });

  it('is in the OpenAPI document', async () => {
    type Get = { parameters?: { name: string }[]; responses: Record<string, { content?: Record<string, { schema: { properties: object } }> }> };
    const document = (await (await fetch(`${api.url}/openapi.json`)).json()) as { paths: Record<string, { get?: Get }> };
    const get = document.paths['/v1/incidents/{id}/similar']?.get;
    expect(get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['id', 'limit']));
    expect(Object.keys(get!.responses['200'].content!['application/json'].schema.properties)).toEqual(['incidentId', 'compared', 'method', 'similar']);
  });
});

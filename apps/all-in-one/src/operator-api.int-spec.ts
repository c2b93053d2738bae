// Backtests on the all-in-one's operator API and dead-letter replay on the incident-manager it
// mounts, over its seven services on one in-process bus and the embedded ClickHouse engine (chdb):
// events go in at ingest over HTTP, the history writer stores them, and the backtest reads them back
// through the correlator's catalog; a dead letter is stored in ClickHouse and replayed from there.
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@quell/platform-config';
import { EventHistoryRepository } from '@quell/platform-event-history';
import { DEAD_LETTER_HEADERS, InProcessEventBus } from '@quell/platform-kafka';
import { createSharedInfrastructure, startServiceApp, type ServiceApp, type SharedInfrastructure } from '@quell/platform-service-kit';
import { bearerRequest, validateOpenApi, waitFor } from '@quell/platform-testing';
import type { RuleCatalogSnapshot } from '@quell/rules';
import { RULE_CATALOG } from '@quell/service-correlator';
import { FAILED_LOGON_ID, FAILED_LOGON_RULE } from './test/failed-logon-rule';
import { SERVICES } from './services';
import { serveOperatorApi, type ServedOperatorApi } from './test/operator-api-server';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const INGEST_KEYS = 'acme:acme-ingest,globex:globex-ingest';
const API_KEYS = 'acme:analyst:read:acme-read,acme:ops:write:acme-write,globex:ops:write:globex-write';


/** An ECS authentication record a few minutes old (inside the last hour). */
function logon(user: string, outcome: 'success' | 'failure', minutesAgo: number): string {
  return JSON.stringify({
    '@timestamp': new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    event: { category: ['authentication'], type: ['start'], action: 'logon', outcome },
    host: { name: 'bastion-1' },
    user: { name: user },
    source: { ip: '10.0.0.5' },
    message: `${outcome} logon for ${user}`,
  });
}

describe('the all-in-one operator API over the running pipeline', () => {
  const bus = new InProcessEventBus({ logger: quiet, partitions: 1 });
  const rulesDir = mkdtempSync(join(tmpdir(), 'quell-operator-rules-'));
  let infra: SharedInfrastructure;
  const apps: ServiceApp[] = [];
  let served: ServedOperatorApi;
  let base: string;
  let ingest: string;
  /** The incident-manager's port: the dead letters are its routes (the all-in-one mounts it on its one port). */
  let incidents: string;
  const post = (path: string, key: string, body: unknown = {}) => bearerRequest(base, 'POST', path, key, body);
  const idle = () => waitFor(() => (Object.values(infra.topics).every((topic) => bus.backlog(topic) === 0) ? true : undefined), { description: 'an idle pipeline', intervalMs: 10 });

  beforeAll(async () => {
    mkdirSync(join(rulesDir, 'auth'), { recursive: true });
    writeFileSync(join(rulesDir, 'auth', 'failed-logon.yml'), FAILED_LOGON_RULE);
    const env = {
      BUS: 'memory',
      TOPIC_PREFIX: 'operator.',
      RULES_DIR: rulesDir,
      INGEST_API_KEYS: INGEST_KEYS,
      CLICKHOUSE_DATA_DIR: mkdtempSync(join(tmpdir(), 'quell-operator-ch-')),
      LOG_LEVEL: 'error',
      HTTP_HOST: '127.0.0.1',
      HISTORY_BATCH_MAX_WAIT_MS: '0',
      DELIVERY_MAX_ATTEMPTS: '1',
      INCIDENTS_API_KEYS: API_KEYS,
    };
    const configs = SERVICES.map((definition) => ({ definition, config: loadConfig(definition.configSchema, { ...env, SERVICE_NAME: definition.name }) }));
    infra = await createSharedInfrastructure(configs[0].config, { bus, clickhouse: true, state: true }, quiet);
    for (const { definition, config } of configs) apps.push(await startServiceApp(definition, config, infra, { httpPort: 0 }));
    ingest = `http://127.0.0.1:${(apps[0].app.getHttpServer().address() as AddressInfo).port}`;
    incidents = `http://127.0.0.1:${(apps[SERVICES.findIndex((s) => s.name === 'incident-manager')].app.getHttpServer().address() as AddressInfo).port}`;
    const correlator = apps[SERVICES.findIndex((s) => s.name === 'correlator')];
    served = await serveOperatorApi({
      apiKeys: API_KEYS,
      backtests: {
        history: new EventHistoryRepository(infra.clickhouse!, configs[0].config.CLICKHOUSE_DATABASE),
        rules: correlator.app.get<symbol, { current(): RuleCatalogSnapshot }>(RULE_CATALOG),
      },
    });
    base = served.base;

    // acme: three failures and two successes in the last hour; globex: two failures of its own.
    const send = (key: string, lines: string[]) =>
      fetch(`${ingest}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${key}` }, body: lines.join('\n') });
    expect((await send('acme-ingest', [logon('alice', 'failure', 30), logon('alice', 'success', 29), logon('bob', 'failure', 20), logon('carol', 'failure', 10), logon('bob', 'success', 5)])).status).toBe(202);
    expect((await send('globex-ingest', [logon('mallory', 'failure', 15), logon('mallory', 'failure', 14)])).status).toBe(202);
    await idle();
  }, 120_000);

  afterAll(async () => {
    await served?.close();
    for (const app of apps) await app.close();
    await infra?.close();
    await bus.close();
  });

  describe('POST /v1/backtests', () => {
    it("finds exactly the events the rule matches in the key's tenant's last hour, with a sample", async () => {
      const answer = await post('/v1/backtests', 'acme-read', { ruleId: FAILED_LOGON_ID, range: '1h' });
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { sample: { user: { name: string }; outcome: string; tenant: string }[] };
      expect(body).toMatchObject({ ruleId: FAILED_LOGON_ID, range: '1h', tenant: 'acme', eventsScanned: 5, matches: 3, alerts: 3, stoppedBy: null });
      expect(body.sample.map((e: { user: { name: string }; outcome: string; tenant: string }) => [e.tenant, e.user.name, e.outcome])).toEqual([
        ['acme', 'alice', 'failure'],
        ['acme', 'bob', 'failure'],
        ['acme', 'carol', 'failure'],
      ]);
      const globex = await (await post('/v1/backtests', 'globex-write', { ruleId: 'Failed logon', range: '1d' })).json();
      expect(globex).toMatchObject({ tenant: 'globex', eventsScanned: 2, matches: 2 });
    });

    it('runs an unsaved rule given as YAML', async () => {
      const successes = FAILED_LOGON_RULE.replace('event.outcome: failure', 'event.outcome: success').replace(FAILED_LOGON_ID, '0d5f1c9e-7a34-4b6e-9c21-5e8f3a7d2b10');
      const body = await (await post('/v1/backtests', 'acme-read', { rule: successes, range: '1h' })).json();
      expect(body).toMatchObject({ ruleId: '0d5f1c9e-7a34-4b6e-9c21-5e8f3a7d2b10', eventsScanned: 5, matches: 2 });
    });

    it('answers 400 with the file and line of a rejected rule, 404 for an unknown rule, 400 naming a bad field', async () => {
      const bad = await post('/v1/backtests', 'acme-read', { rule: FAILED_LOGON_RULE.replace('level: low', 'level: loud'), range: '1h' });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await bad.json()) as { detail: string; errors: unknown[] };
      expect(problem.detail).toMatch(/^the rule is rejected: \(request body\)\.yml:3: .*level/);
      expect(problem.errors[0]).toMatchObject({ file: '(request body).yml', line: 3 });
      expect((await post('/v1/backtests', 'acme-read', { ruleId: 'no-such-rule', range: '1h' })).status).toBe(404);
      const range = await post('/v1/backtests', 'acme-read', { ruleId: 'Failed logon', range: '1w' });
      expect(range.status).toBe(400);
      expect(((await range.json()) as { detail: string }).detail).toContain('range');
      expect((await bearerRequest(base, 'POST', '/v1/backtests', 'wrong-key', { ruleId: 'Failed logon', range: '1h' })).status).toBe(401);
    });
  });

  it('documents the backtests in a valid OpenAPI 3.1 document', async () => {
    const document = served.api.mounted.document;
    await expect(validateOpenApi(document)).resolves.toEqual({ valid: true });
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/backtests']));
    expect(Object.keys(document.paths)).not.toContain('/v1/dead-letters');
  });

  describe('POST /v1/dead-letters/{id}/replay', () => {
    const letters = async (key: string) => ((await (await bearerRequest(incidents, 'GET', '/v1/dead-letters', key)).json()) as { items: unknown }).items as { id: string; tenant: string; replayable: boolean; notReplayable: string | null; replayedAt: string | null; origin: { topic: string }; preview: string; headers: Record<string, string> }[];

    it("republishes a normalizer's dead letter to the ingest topic, where it reaches the normalizer again; once", async () => {
      const post = (path: string, key: string) => bearerRequest(incidents, 'POST', path, key, {});
      // A shipper's record on the ingest topic that the normalizer cannot parse.
      await bus.publish([{ topic: infra.topics.ingest, key: 'shipper-1', value: Buffer.from('{"broken": '), headers: { 'quell.tenant': 'acme', 'content-type': 'application/json' } }]);
      await idle();
      const [letter] = await waitFor(async () => ((await letters('acme-read')).length > 0 ? letters('acme-read') : undefined), { description: 'the dead letter in the store' });
      expect(letter).toMatchObject({ tenant: 'acme', origin: { topic: infra.topics.ingest }, preview: '{"broken": ', replayable: true, replayedAt: null });

      expect((await post(`/v1/dead-letters/${letter.id}/replay`, 'acme-read')).status).toBe(403);
      expect((await post(`/v1/dead-letters/${letter.id}/replay`, 'globex-write')).status).toBe(404);
      const replay = await post(`/v1/dead-letters/${letter.id}/replay`, 'acme-write');
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual({ id: letter.id, replayedTo: infra.topics.ingest });
      await idle();
      // The same bytes went through ingest and the normalizer again, and failed there again: a new letter.
      const after = await waitFor(async () => ((await letters('acme-read')).length === 2 ? letters('acme-read') : undefined), { description: 'the replayed record dead-lettered again' });
      expect(after[0]).toMatchObject({ preview: '{"broken": ', origin: { topic: infra.topics.ingest }, replayable: true });
      expect(after[0].id).not.toBe(letter.id);
      expect(after[1]).toMatchObject({ id: letter.id, replayable: false, replayedAt: expect.any(String) });
      // Wrapped again as acme's: the letter kept the shipper record's tenant and content type, not the dead-letter headers.
      expect(after[0].headers).toMatchObject({ 'quell.tenant': 'acme', 'content-type': 'application/json', [DEAD_LETTER_HEADERS.viaTopic]: infra.topics.raw });

      const again = await post(`/v1/dead-letters/${letter.id}/replay`, 'acme-write');
      expect(again.status).toBe(409);
      expect(((await again.json()) as { detail: string }).detail).toContain('was replayed at');
      expect((await post('/v1/dead-letters/0123456789abcdef01234567/replay', 'acme-write')).status).toBe(404);
      expect((await post('/v1/dead-letters/not-an-id/replay', 'acme-write')).status).toBe(400);
    });
  });
});
